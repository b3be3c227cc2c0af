package io.sagaplatform.order.application;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.sagaplatform.messaging.inbox.RetentionRule;

/**
 * Idempotency-Keys are kept {@code saga.order.idempotency-key-retention} (7 days): long enough for any client that
 * sends a request again after a lost answer or a 429 — that happens within seconds or minutes, or at worst when a
 * batch job replays a day's work — and then purged by the shared retention job, so the tables stay bounded.
 */
@ApplicationScoped
class IdempotencyKeyRetention {

    private final Duration keep;

    IdempotencyKeyRetention(
            @ConfigProperty(name = "saga.order.idempotency-key-retention", defaultValue = "P7D") Duration keep) {
        this.keep = keep;
    }

    /** A key of a placed order reused after its retention places a new order. */
    @Produces
    @Singleton // a record is final: no client proxy, so no normal scope
    RetentionRule orderKeys() {
        return new RetentionRule("idempotency keys", keep, "DELETE FROM idempotency_keys WHERE created_at < ?1");
    }

    /** A cancellation's key reused after it is a new request, which a CANCELLING or CANCELLED order refuses (409). */
    @Produces
    @Singleton // a record is final: no client proxy, so no normal scope
    RetentionRule cancellationKeys() {
        return new RetentionRule("cancellation idempotency keys", keep,
                "DELETE FROM cancellation_keys WHERE created_at < ?1");
    }
}
