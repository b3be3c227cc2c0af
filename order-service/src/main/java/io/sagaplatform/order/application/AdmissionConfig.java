package io.sagaplatform.order.application;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Admission control of {@code POST /orders}: how many orders may be in flight (placed, saga not decided) before
 * new ones are refused with 429. BENCHMARKS.md ("Admission control") explains the defaults.
 */
@ConfigMapping(prefix = "saga.order.admission")
public interface AdmissionConfig {

    /** Whether {@code POST /orders} refuses work beyond {@link #maxInFlight()} at all. */
    @WithDefault("true")
    boolean enabled();

    /**
     * Orders placed and not yet APPROVED or REJECTED at most. By Little's law the platform holds about
     * throughput × saga latency orders in flight when it keeps up (≈ 20 at 25 sagas/s and 0.75 s); a backlog
     * of this many drains within {@code maxInFlight / throughput} — 50 keeps that below the 10 s step timeout
     * even at a cold stack's ~6 sagas/s, so queueing inside the platform never looks like a lost command.
     */
    @WithDefault("50")
    int maxInFlight();

    /**
     * The limit follows the time orders take to be decided (placed → APPROVED / REJECTED, {@code AdaptiveLimit}):
     * once a second it shrinks by a fifth while the 90th percentile of that second's decisions exceeds this target,
     * and grows by a tenth while it is below half of it, between {@link #minInFlight()} and {@link #maxInFlight()}.
     * The default is the platform's latency objective (p99 &lt; 1 s); {@code 0s} keeps the limit at
     * {@link #maxInFlight()}.
     */
    @WithDefault("1s")
    Duration targetLatency();

    /** The adaptive limit never goes below this (nor above {@link #maxInFlight()}). */
    @WithDefault("8")
    int minInFlight();

    /**
     * Where the adaptive limit starts (clamped to [{@link #minInFlight()}, {@link #maxInFlight()}]). Unset: the
     * maximum, as a fixed limit would. The minimum makes a freshly started, cold stack take work slowly
     * (BENCHMARKS.md measures both) — but holds the door at the minimum until orders are decided.
     */
    Optional<Integer> initialInFlight();

    /**
     * Only orders placed this recently count as in flight: an order whose saga waits for an operator (FAILED)
     * stays PENDING for good and must not hold the door shut. The saga deadline is a good value.
     */
    @WithDefault("5m")
    Duration window();

    /** How often the in-flight count is read from the database; admissions in between are counted in memory. */
    @WithDefault("250ms")
    Duration refreshEvery();

    /** The {@code Retry-After} a refused client is given. */
    @WithDefault("1s")
    Duration retryAfter();
}
