package io.sagaplatform.messaging.support;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.sagaplatform.messaging.outbox.Outbox;
import io.sagaplatform.messaging.outbox.OutboxMessage;

/** Plays the business code of a service: writes outbox messages in its own transactions. */
@ApplicationScoped
public class TestOutboxWriter {

    private final Outbox outbox;
    private final EntityManager em;

    TestOutboxWriter(Outbox outbox, EntityManager em) {
        this.outbox = outbox;
        this.em = em;
    }

    @Transactional
    public List<UUID> append(OutboxMessage... messages) {
        return java.util.Arrays.stream(messages).map(outbox::append).toList();
    }

    /** Appends, then fails: the transaction rolls back and the message must never be published. */
    @Transactional
    public UUID appendThenFail(OutboxMessage message) {
        UUID id = outbox.append(message);
        em.flush();
        throw new SimulatedBusinessFailure(id);
    }

    @Transactional
    public long count(String sql, Object... params) {
        var query = em.createNativeQuery(sql);
        for (int i = 0; i < params.length; i++) {
            query.setParameter(i + 1, params[i]);
        }
        return ((Number) query.getSingleResult()).longValue();
    }

    @Transactional
    public int execute(String sql, Object... params) {
        var query = em.createNativeQuery(sql);
        for (int i = 0; i < params.length; i++) {
            query.setParameter(i + 1, params[i]);
        }
        return query.executeUpdate();
    }

    public static class SimulatedBusinessFailure extends RuntimeException {
        public final UUID outboxId;

        SimulatedBusinessFailure(UUID outboxId) {
            super("business rule failed after the outbox append");
            this.outboxId = outboxId;
        }
    }
}
