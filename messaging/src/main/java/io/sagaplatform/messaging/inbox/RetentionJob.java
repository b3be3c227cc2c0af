package io.sagaplatform.messaging.inbox;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.sagaplatform.messaging.MessagingConfig;

/**
 * Keeps the inbox and outbox tables bounded: removes inbox ids and outbox rows older than their retention.
 * Outbox deletes are not published (the publication carries inserts and heartbeat updates only), and the
 * WAL keeps each insert until the relay has read it, so purging never loses a message.
 */
@ApplicationScoped
public class RetentionJob {

    private static final Logger LOG = Logger.getLogger(RetentionJob.class);

    private final EntityManager em;
    private final Clock clock;
    private final MessagingConfig config;

    RetentionJob(EntityManager em, Clock clock, MessagingConfig config) {
        this.em = em;
        this.clock = clock;
        this.config = config;
    }

    @Scheduled(every = "${saga.messaging.purge-every}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledPurge() {
        purge();
    }

    /** Deletes what is past retention; returns how many inbox and outbox rows went. */
    @Transactional
    public Purged purge() {
        Instant now = clock.instant();
        int inbox = em.createNativeQuery("DELETE FROM inbox WHERE received_at < ?1")
                .setParameter(1, now.minus(config.inbox().retention()))
                .executeUpdate();
        int outbox = em.createNativeQuery("DELETE FROM outbox WHERE created_at < ?1")
                .setParameter(1, now.minus(config.outboxRetention()))
                .executeUpdate();
        if (inbox + outbox > 0) {
            LOG.infof("Purged %d inbox ids and %d outbox rows past retention", inbox, outbox);
        }
        return new Purged(inbox, outbox);
    }

    public record Purged(int inboxRows, int outboxRows) {
    }
}
