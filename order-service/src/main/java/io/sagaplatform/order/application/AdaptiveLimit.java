package io.sagaplatform.order.application;

import java.time.Duration;
import java.util.Arrays;

/**
 * The number of orders the door lets be in flight, following how long orders take to be decided (placed →
 * APPROVED / REJECTED). A fixed cap that fits a warm stack holds three times too much work in a saturated one:
 * every admitted order then waits behind the others (at 15 sagas/s, 50 in flight is 3.3 s each) and the CPU never
 * gets a quiet moment. So, once per period, from the decisions of that period:
 * <ul>
 * <li>90th percentile above the target → the limit shrinks by a fifth (never below the minimum);</li>
 * <li>below half the target → it grows by a tenth (at least two; never above the maximum);</li>
 * <li>in between, or no decision at all (an idle stack, or a participant down: no evidence either way) → it
 * stays.</li>
 * </ul>
 * The dead band between half the target and the target keeps it from oscillating around a single value. It starts
 * where it is told: at the maximum, the door lets a burst in at once, as a fixed limit would; at the minimum it starts
 * slowly, as a TCP connection does — measured on a cold stack offered three times its capacity, 50 orders let in at
 * once took 7–12 s, while a slow start kept accepted orders near 1 s with the same throughput — but then a
 * participant that is down from the start holds it at the minimum, since only decisions move it. A target of zero
 * switches adaptation off: the limit is the maximum.
 */
final class AdaptiveLimit {

    private static final int MAX_SAMPLES = 4096;

    private final int min;
    private final int max;
    private final long targetMillis;
    private final long[] samples = new long[MAX_SAMPLES];
    private int sampled;
    private volatile int current;

    AdaptiveLimit(int min, int max, int initial, Duration target) {
        this.max = Math.max(1, max);
        this.min = Math.max(1, Math.min(min, this.max));
        this.targetMillis = target.toMillis();
        this.current = targetMillis <= 0 ? this.max : Math.max(this.min, Math.min(initial, this.max));
    }

    int current() {
        return current;
    }

    /** One order was decided {@code latency} after it was placed. */
    synchronized void decided(Duration latency) {
        if (sampled < MAX_SAMPLES) {
            samples[sampled++] = latency.toMillis();
        }
    }

    /** Ends a period: moves the limit as the class comment says and starts a new period; returns the limit. */
    synchronized int adjust() {
        if (targetMillis <= 0 || sampled == 0) {
            sampled = 0;
            return current;
        }
        long[] period = Arrays.copyOf(samples, sampled);
        sampled = 0;
        Arrays.sort(period);
        long p90 = period[(int) Math.ceil(period.length * 0.9) - 1];
        int limit = current;
        if (p90 > targetMillis) {
            limit = Math.max(min, Math.min(limit - 1, (int) (limit * 0.8)));
        } else if (p90 < targetMillis / 2) {
            limit = Math.min(max, limit + Math.max(2, limit / 10));
        }
        current = limit;
        return limit;
    }
}
