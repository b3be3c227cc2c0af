package io.sagaplatform.messaging.inbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * De-duplication of inbound messages. {@link #runOnce} records {@code (consumer, message id)} and runs the
 * effect in the caller's transaction: either both commit or neither does. A concurrent second delivery
 * of the same message waits on the primary key until the first commits, then finds it and does nothing.
 */
@ApplicationScoped
public class Inbox {

    private final EntityManager em;

    Inbox(EntityManager em) {
        this.em = em;
    }

    /**
     * Runs {@code effect} unless {@code consumer} already processed {@code messageId}.
     *
     * @return {@code true} when the effect ran, {@code false} for a duplicate
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean runOnce(String messageId, String consumer, String messageType, Runnable effect) {
        int inserted = em.createNativeQuery("""
                INSERT INTO inbox (consumer, message_id, message_type, received_at)
                VALUES (?1, ?2, ?3, now())
                ON CONFLICT (consumer, message_id) DO NOTHING""")
                .setParameter(1, consumer)
                .setParameter(2, messageId)
                .setParameter(3, messageType)
                .executeUpdate();
        if (inserted == 0) {
            return false;
        }
        effect.run();
        return true;
    }

    /** Whether {@code consumer} has processed {@code messageId}. */
    @Transactional
    public boolean contains(String consumer, String messageId) {
        return !em.createNativeQuery("SELECT 1 FROM inbox WHERE consumer = ?1 AND message_id = ?2")
                .setParameter(1, consumer)
                .setParameter(2, messageId)
                .getResultList()
                .isEmpty();
    }
}
