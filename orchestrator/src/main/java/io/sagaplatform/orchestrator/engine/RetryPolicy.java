package io.sagaplatform.orchestrator.engine;

import java.time.Duration;

/**
 * How often a step's command is sent before its outcome is declared unknown, and how long to wait between
 * sends: the wait doubles from {@code initialBackoff} up to {@code maxBackoff}.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= initial <= max, was " + initialBackoff
                    + " / " + maxBackoff);
        }
    }

    /** Send once; no reply in time means the outcome is unknown. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
    }

    public static RetryPolicy exponential(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff);
    }

    /**
     * The wait after the {@code attempt}-th send timed out, with "equal jitter": between half and all of
     * {@link #backoffAfter(int)}, drawn from {@code seed} (e.g. the saga id) so that sagas that timed out together
     * are not resent together, and the same saga always gets the same wait (the engine stays deterministic).
     */
    public Duration backoffAfter(int attempt, long seed) {
        long full = backoffAfter(attempt).toMillis();
        long z = seed + 0x9E3779B97F4A7C15L * attempt; // SplitMix64 finaliser: a well-spread value per (seed, attempt)
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        double fraction = (z >>> 11) * 0x1.0p-53;
        return Duration.ofMillis(full / 2 + Math.round((full - full / 2) * fraction));
    }

    /** The wait after the {@code attempt}-th send timed out (1-based). */
    public Duration backoffAfter(int attempt) {
        Duration wait = initialBackoff;
        for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
