package io.sagaplatform.order.application;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.contracts.order.OrderPlaced;
import io.sagaplatform.messaging.outbox.Outbox;
import io.sagaplatform.messaging.outbox.OutboxMessage;
import io.sagaplatform.order.domain.Order;

/**
 * Places orders. The order row, its idempotency key and the {@code OrderPlaced} outbox row are written in
 * one transaction. An {@code Idempotency-Key} is the customer's own (the order's customer, who is the caller):
 * a repeated request of that customer returns their first order; the same key with another body is refused;
 * another customer's request under the same key is theirs, placed as any other. Two concurrent requests of one
 * customer with one key: the second blocks on the (customer, key) primary key until the first commits, rolls
 * back its own order, and answers with the first one.
 */
@ApplicationScoped
public class OrderPlacement {

    private static final Logger LOG = Logger.getLogger(OrderPlacement.class);

    private final EntityManager em;
    private final Outbox outbox;
    private final Clock clock;
    private final Admission admission;

    OrderPlacement(EntityManager em, Outbox outbox, Clock clock, Admission admission) {
        this.em = em;
        this.outbox = outbox;
        this.clock = clock;
        this.admission = admission;
    }

    /**
     * @param requestFingerprint a canonical form of the request body, compared for repeated keys
     * @throws IdempotencyKeyReused when the customer used {@code idempotencyKey} with another body
     */
    public Placement place(PlaceOrder request, Optional<String> idempotencyKey, String requestFingerprint) {
        String hash = sha256(requestFingerprint);
        if (idempotencyKey.isPresent()) {
            Optional<Placement> earlier = replay(request.customerId(), idempotencyKey.get(), hash);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        try {
            Placement placed = new Placement(QuarkusTransaction.requiringNew().call(
                    () -> insert(request, idempotencyKey, hash)), false);
            admission.placed();
            return placed;
        } catch (KeyTakenMeanwhile e) {
            // another request with the same key committed first; ours rolled back
            return replay(request.customerId(), idempotencyKey.orElseThrow(), hash).orElseThrow(
                    () -> new IllegalStateException("Idempotency key vanished: " + idempotencyKey.get()));
        }
    }

    /** Rolls back a placement whose idempotency key another request claimed first. */
    private static final class KeyTakenMeanwhile extends RuntimeException {
        KeyTakenMeanwhile() {
            super(null, null, false, false);
        }
    }

    private Order insert(PlaceOrder request, Optional<String> idempotencyKey, String hash) {
        Order order = Order.place(request.customerId(), request.currency(), request.lines(), request.shippingAddress(),
                clock.instant());
        em.persist(order);
        em.flush();
        if (idempotencyKey.isPresent()) {
            int claimed = em.createNativeQuery("""
                    INSERT INTO idempotency_keys (customer_id, idempotency_key, request_hash, order_id, created_at)
                    VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (customer_id, idempotency_key) DO NOTHING""")
                    .setParameter(1, order.customerId())
                    .setParameter(2, idempotencyKey.get())
                    .setParameter(3, hash)
                    .setParameter(4, order.id())
                    .setParameter(5, clock.instant())
                    .executeUpdate();
            if (claimed == 0) {
                throw new KeyTakenMeanwhile();
            }
        }
        outbox.append(OutboxMessage.event(Topics.ORDER_EVENTS, "order", order.id().toString(), placed(order)));
        LOG.infof("Order %s placed by %s: %s %s, %d lines", order.id(), order.customerId(), order.totalAmount(),
                order.currency(), order.lines().size());
        return order;
    }

    private Optional<Placement> replay(String customerId, String key, String hash) {
        List<?> rows = QuarkusTransaction.joiningExisting().call(() -> em.createNativeQuery(
                "SELECT request_hash, order_id FROM idempotency_keys WHERE customer_id = ?1 AND idempotency_key = ?2")
                .setParameter(1, customerId)
                .setParameter(2, key)
                .getResultList());
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) rows.get(0);
        if (!hash.equals(row[0].toString().trim())) {
            throw new IdempotencyKeyReused(key);
        }
        return Optional.of(new Placement(find((UUID) row[1]).orElseThrow(), true));
    }

    @Transactional
    public Optional<Order> find(UUID id) {
        return Optional.ofNullable(em.find(Order.class, id));
    }

    @Transactional
    public List<Order> ofCustomer(String customerId, int offset, int limit) {
        return em.createQuery("FROM Order o WHERE o.customerId = :customer ORDER BY o.placedAt DESC, o.id", Order.class)
                .setParameter("customer", customerId)
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultList();
    }

    static OrderPlaced placed(Order order) {
        return new OrderPlaced(order.id(), order.customerId(),
                order.lines().stream().map(l -> new io.sagaplatform.contracts.common.OrderLine(l.sku(), l.quantity(),
                        l.unitPrice())).toList(),
                order.totalAmount(), order.currency(),
                new io.sagaplatform.contracts.common.ShippingAddress(order.shippingAddress().recipient(),
                        order.shippingAddress().street(), order.shippingAddress().city(),
                        order.shippingAddress().postalCode(), order.shippingAddress().country()),
                order.placedAt());
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
