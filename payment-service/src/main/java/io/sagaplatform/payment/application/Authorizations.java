package io.sagaplatform.payment.application;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.sagaplatform.payment.domain.Authorization;

/** The orders' authorizations: the look-up for the API and the locked read and insert the handlers use. */
@ApplicationScoped
public class Authorizations {

    private final EntityManager em;

    Authorizations(EntityManager em) {
        this.em = em;
    }

    @Transactional
    public Optional<Authorization> find(UUID orderId) {
        return Optional.ofNullable(em.find(Authorization.class, orderId));
    }

    /** The order's authorization, locked until the caller's transaction ends. */
    Optional<Authorization> lockForUpdate(UUID orderId) {
        return Optional.ofNullable(em.find(Authorization.class, orderId, LockModeType.PESSIMISTIC_WRITE));
    }

    void add(Authorization authorization) {
        em.persist(authorization);
    }
}
