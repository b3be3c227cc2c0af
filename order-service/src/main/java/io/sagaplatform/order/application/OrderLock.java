package io.sagaplatform.order.application;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.EntityManager;

import io.sagaplatform.order.domain.Order;

/**
 * Locks an order's row ({@code SELECT … FOR UPDATE}) and then reads the order as it is once the lock is held, so
 * that a cancellation request and the sagas' commands for one order apply one after the other.
 *
 * <p>Not {@code em.find(…, PESSIMISTIC_WRITE)}: Hibernate locks an entity with an element collection (the order's
 * lines) by a follow-on query and fails with a NullPointerException when the row changed while it waited for the
 * lock — two cancellations of one order sent at once made the second a 500 instead of a 409.
 */
final class OrderLock {

    private OrderLock() {
    }

    static Optional<Order> lock(EntityManager em, UUID orderId) {
        List<?> locked = em.createNativeQuery("SELECT id FROM orders WHERE id = ?1 FOR UPDATE")
                .setParameter(1, orderId)
                .getResultList();
        return locked.isEmpty() ? Optional.empty() : Optional.ofNullable(em.find(Order.class, orderId));
    }
}
