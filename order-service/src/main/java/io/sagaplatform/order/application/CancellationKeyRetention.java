package io.sagaplatform.order.application;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.sagaplatform.messaging.inbox.RetentionRule;

/**
 * The Idempotency-Keys of cancellation requests are kept as long as those of placed orders
 * ({@code saga.order.idempotency-key-retention}, 7 days) and purged by the shared retention job. A key reused
 * after that is a new request (which a CANCELLING or CANCELLED order refuses with a 409).
 */
@ApplicationScoped
class CancellationKeyRetention implements RetentionRule {

    private final Duration retention;

    CancellationKeyRetention(@ConfigProperty(name = "saga.order.idempotency-key-retention", defaultValue = "P7D")
            Duration retention) {
        this.retention = retention;
    }

    @Override
    public String name() {
        return "cancellation idempotency keys";
    }

    @Override
    public Duration retention() {
        return retention;
    }

    @Override
    public String deleteOlderThan() {
        return "DELETE FROM cancellation_keys WHERE created_at < ?1";
    }
}
