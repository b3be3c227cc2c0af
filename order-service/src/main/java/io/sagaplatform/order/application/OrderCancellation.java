package io.sagaplatform.order.application;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.contracts.order.OrderCancellationRequested;
import io.sagaplatform.messaging.outbox.Outbox;
import io.sagaplatform.messaging.outbox.OutboxMessage;
import io.sagaplatform.order.domain.IllegalOrderTransition;
import io.sagaplatform.order.domain.Order;

/**
 * Accepts requests to cancel APPROVED orders. The order becoming CANCELLING, the request's idempotency key and the
 * {@code OrderCancellationRequested} outbox row (which starts the cancel-order saga) are written in one
 * transaction.
 *
 * <p>An {@code Idempotency-Key} is the requester's own, as for placing orders: the same key and request answer with
 * the order the first request made CANCELLING, as it is now; the same key with another order or reason is refused.
 * The key is claimed <em>before</em> the order is locked, so a concurrent second request with the same key waits
 * for the first to commit and then answers as a replay, instead of finding the order CANCELLING and refusing.
 */
@ApplicationScoped
public class OrderCancellation {

    private static final Logger LOG = Logger.getLogger(OrderCancellation.class);

    private final EntityManager em;
    private final Outbox outbox;
    private final Clock clock;

    OrderCancellation(EntityManager em, Outbox outbox, Clock clock) {
        this.em = em;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** What a cancellation request came to: the order, and whether this was the replay of an earlier request. */
    public record Outcome(Order order, boolean replayed) {
    }

    /** The order is not the requester's to see (or does not exist): answered as if it did not exist. */
    public static class NoSuchOrder extends RuntimeException {
        NoSuchOrder(UUID orderId) {
            super("No order " + orderId, null, false, false);
        }
    }

    /**
     * @param mayCancel whether the requester may cancel an order of this customer (a customer only their own)
     * @throws NoSuchOrder             when there is no such order, or it is not the requester's
     * @throws IllegalOrderTransition  when the order is not APPROVED: nothing changed
     * @throws IdempotencyKeyReused    when the requester used {@code idempotencyKey} for another request
     */
    public Outcome request(UUID orderId, String requestedBy, String reason,
            Predicate<String> mayCancel, Optional<String> idempotencyKey) {
        String hash = sha256(orderId + "\n" + (reason == null ? "" : reason));
        if (idempotencyKey.isPresent()) {
            Optional<Outcome> earlier = replay(requestedBy, idempotencyKey.get(), hash, mayCancel);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        try {
            return new Outcome(QuarkusTransaction.requiringNew().call(
                    () -> accept(orderId, requestedBy, reason, mayCancel, idempotencyKey, hash)), false);
        } catch (KeyTakenMeanwhile e) {
            return replay(requestedBy, idempotencyKey.orElseThrow(), hash, mayCancel).orElseThrow(
                    () -> new IllegalStateException("Idempotency key vanished: " + idempotencyKey.get()));
        }
    }

    /** Rolls back a request whose idempotency key another request claimed first. */
    private static final class KeyTakenMeanwhile extends RuntimeException {
        KeyTakenMeanwhile() {
            super(null, null, false, false);
        }
    }

    private Order accept(UUID orderId, String requestedBy, String reason,
            Predicate<String> mayCancel, Optional<String> idempotencyKey, String hash) {
        List<String> customer = em.createQuery("SELECT o.customerId FROM Order o WHERE o.id = :id", String.class)
                .setParameter("id", orderId)
                .getResultList();
        if (customer.isEmpty() || !mayCancel.test(customer.get(0))) {
            throw new NoSuchOrder(orderId);
        }
        if (idempotencyKey.isPresent()) {
            int claimed = em.createNativeQuery("""
                    INSERT INTO cancellation_keys (requested_by, idempotency_key, request_hash, order_id, created_at)
                    VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (requested_by, idempotency_key) DO NOTHING""")
                    .setParameter(1, requestedBy)
                    .setParameter(2, idempotencyKey.get())
                    .setParameter(3, hash)
                    .setParameter(4, orderId)
                    .setParameter(5, clock.instant())
                    .executeUpdate();
            if (claimed == 0) {
                throw new KeyTakenMeanwhile();
            }
        }
        Order order = OrderLock.lock(em, orderId).orElseThrow();
        // the precision the database keeps: a replay then answers exactly what the first request answered
        order.requestCancellation(requestedBy, reason, clock.instant().truncatedTo(ChronoUnit.MICROS));
        outbox.append(OutboxMessage.event(Topics.ORDER_EVENTS, "order", order.id().toString(),
                new OrderCancellationRequested(order.id(), order.customerId(), requestedBy, reason,
                        order.cancellationRequestedAt().orElseThrow())));
        LOG.infof("Order %s cancellation requested by %s%s: CANCELLING", order.id(), requestedBy,
                reason == null ? "" : " (" + reason + ")");
        return order;
    }

    private Optional<Outcome> replay(String requestedBy, String key, String hash, Predicate<String> mayCancel) {
        record Earlier(String hash, Order order) {
        }
        Optional<Earlier> earlier = QuarkusTransaction.joiningExisting().call(() -> {
            List<?> rows = em.createNativeQuery("SELECT request_hash, order_id FROM cancellation_keys"
                    + " WHERE requested_by = ?1 AND idempotency_key = ?2")
                    .setParameter(1, requestedBy)
                    .setParameter(2, key)
                    .getResultList();
            if (rows.isEmpty()) {
                return Optional.<Earlier>empty();
            }
            Object[] row = (Object[]) rows.get(0);
            return Optional.of(new Earlier(row[0].toString().trim(), em.find(Order.class, (UUID) row[1])));
        });
        if (earlier.isEmpty()) {
            return Optional.empty();
        }
        if (!hash.equals(earlier.get().hash())) {
            throw new IdempotencyKeyReused(key);
        }
        Order order = earlier.get().order();
        if (order == null || !mayCancel.test(order.customerId())) {
            throw new NoSuchOrder(order == null ? null : order.id());
        }
        return Optional.of(new Outcome(order, true));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
