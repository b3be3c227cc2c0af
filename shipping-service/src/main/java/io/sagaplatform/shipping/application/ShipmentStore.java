package io.sagaplatform.shipping.application;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.sagaplatform.shipping.domain.Shipment;
import io.sagaplatform.shipping.domain.ShipmentStatus;
import io.sagaplatform.shipping.domain.Shipments;

/** Shipments in the service's database: the domain's {@link Shipments} for the commands, and the API's queries. */
@ApplicationScoped
public class ShipmentStore implements Shipments {

    private final EntityManager em;

    ShipmentStore(EntityManager em) {
        this.em = em;
    }

    /**
     * {@code SELECT … FOR UPDATE} on the order's row (the only row a shipping command or a dispatch changes), then the
     * shipment read as it is once the lock is held. Not {@code em.find(…, PESSIMISTIC_WRITE)}: Hibernate locks an
     * entity with an element collection by a follow-on query and fails with a NullPointerException (a 500) when
     * the row changed while it waited — a dispatch racing a withdrawal did.
     */
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Shipment> lockByOrder(UUID orderId) {
        List<?> locked = em.createNativeQuery("SELECT order_id FROM shipments WHERE order_id = ?1 FOR UPDATE")
                .setParameter(1, orderId)
                .getResultList();
        return locked.isEmpty() ? Optional.empty() : Optional.ofNullable(em.find(Shipment.class, orderId));
    }

    /**
     * Flushed at once: a concurrent command that inserted the same order first makes this fail here, on the
     * primary key, and the dispatcher's retry then finds that row.
     */
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void add(Shipment shipment) {
        em.persist(shipment);
        em.flush();
    }

    @Transactional
    public Optional<Shipment> find(UUID orderId) {
        return Optional.ofNullable(em.find(Shipment.class, orderId));
    }

    /** Newest first; all statuses when {@code status} is empty. */
    @Transactional
    public List<Shipment> list(Optional<ShipmentStatus> status, int offset, int limit) {
        var query = em.createQuery("FROM Shipment s" + (status.isPresent() ? " WHERE s.status = :status" : "")
                + " ORDER BY s.createdAt DESC, s.orderId", Shipment.class);
        status.ifPresent(value -> query.setParameter("status", value));
        return query.setFirstResult(offset)
                .setMaxResults(limit)
                .getResultList();
    }
}
