package io.sagaplatform.order.application;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.sagaplatform.messaging.inbox.RetentionRule;

/**
 * Idempotency-Keys are kept {@code saga.order.idempotency-key-retention} (7 days): long enough for any client that
 * sends a request again after a lost answer or a 429 — that happens within seconds or minutes, or at worst when a
 * batch job replays a day's work — and then purged by the shared retention job, so the table stays bounded. A key
 * reused after that places a new order.
 */
@ApplicationScoped
class IdempotencyKeyRetention implements RetentionRule {

    private final Duration retention;

    IdempotencyKeyRetention(@ConfigProperty(name = "saga.order.idempotency-key-retention", defaultValue = "P7D")
            Duration retention) {
        this.retention = retention;
    }

    @Override
    public String name() {
        return "idempotency keys";
    }

    @Override
    public Duration retention() {
        return retention;
    }

    @Override
    public String deleteOlderThan() {
        return "DELETE FROM idempotency_keys WHERE created_at < ?1";
    }
}
