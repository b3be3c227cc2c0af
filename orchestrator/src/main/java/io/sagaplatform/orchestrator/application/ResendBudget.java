package io.sagaplatform.orchestrator.application;

import java.time.Clock;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A retry budget (as gRPC and Finagle keep one): every command sent for the first time earns
 * {@link DeliveryConfig#resendRatio()} of a resend, time earns {@link DeliveryConfig#resendsPerSecond()}, at most
 * {@link DeliveryConfig#resendBurst()} are saved up, and each resend spends one. However many timeouts fall due at
 * once, resends stay a small share of the traffic. Meters: {@code saga.commands.sent} ({@code attempt} = first /
 * resend) and {@code saga.resends.deferred}.
 */
@Singleton
public class ResendBudget {

    private final DeliveryConfig config;
    private final Clock clock;
    private final Counter firstSends;
    private final Counter resends;
    private final Counter deferred;
    private double tokens;
    private long refilledAtMillis;

    public ResendBudget(DeliveryConfig config, Clock clock, MeterRegistry registry) {
        this.config = config;
        this.clock = clock;
        this.tokens = config.resendBurst();
        this.refilledAtMillis = clock.millis();
        this.firstSends = Counter.builder("saga.commands.sent").tag("attempt", "first")
                .description("Commands and compensations the orchestrator sent, first sends and resends")
                .register(registry);
        this.resends = Counter.builder("saga.commands.sent").tag("attempt", "resend")
                .description("Commands and compensations the orchestrator sent, first sends and resends")
                .register(registry);
        this.deferred = Counter.builder("saga.resends.deferred")
                .description("Resends put off because the resend budget was spent").register(registry);
    }

    /** A command left for the first time: it earns a share of a resend. */
    public synchronized void sentFirst() {
        firstSends.increment();
        refill();
        tokens = Math.min(config.resendBurst(), tokens + config.resendRatio());
    }

    /** Spends one resend if the budget has one. */
    public synchronized boolean take() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            resends.increment();
            return true;
        }
        deferred.increment();
        return false;
    }

    synchronized double available() {
        refill();
        return tokens;
    }

    private void refill() {
        long now = clock.millis();
        if (now > refilledAtMillis) {
            tokens = Math.min(config.resendBurst(), tokens + (now - refilledAtMillis) / 1000.0 * config.resendsPerSecond());
            refilledAtMillis = now;
        }
    }
}
