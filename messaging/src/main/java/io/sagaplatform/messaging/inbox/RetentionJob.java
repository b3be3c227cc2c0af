package io.sagaplatform.messaging.inbox;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import io.quarkus.arc.All;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.sagaplatform.messaging.MessagingConfig;

/**
 * Keeps the inbox and outbox tables bounded: removes inbox ids and outbox rows older than their retention; and
 * each service's own tables that a {@link RetentionRule} bean describes, each rule in a transaction of its own (one
 * that fails is logged and does not keep the others from running).
 * Outbox deletes are not published (the publication carries inserts and heartbeat updates only), and the
 * WAL keeps each insert until the relay has read it, so purging never loses a message.
 */
@ApplicationScoped
public class RetentionJob {

    private static final Logger LOG = Logger.getLogger(RetentionJob.class);

    private final EntityManager em;
    private final Clock clock;
    private final MessagingConfig config;
    private final List<RetentionRule> rules;

    RetentionJob(EntityManager em, Clock clock, MessagingConfig config, @All List<RetentionRule> rules) {
        this.em = em;
        this.clock = clock;
        this.config = config;
        this.rules = rules;
    }

    @Scheduled(every = "${saga.messaging.purge-every}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledPurge() {
        purge();
    }

    /** Deletes what is past retention; returns how many rows went, per table and per rule. */
    public Purged purge() {
        Instant now = clock.instant();
        int inbox = delete("DELETE FROM inbox WHERE received_at < ?1", now.minus(config.inbox().retention()));
        int outbox = delete("DELETE FROM outbox WHERE created_at < ?1", now.minus(config.outboxRetention()));
        if (inbox + outbox > 0) {
            LOG.infof("Purged %d inbox ids and %d outbox rows past retention", inbox, outbox);
        }
        Map<String, Integer> byRule = new LinkedHashMap<>();
        for (RetentionRule rule : rules) {
            try {
                int rows = delete(rule.deleteOlderThan(), now.minus(rule.retention()));
                byRule.put(rule.name(), rows);
                if (rows > 0) {
                    LOG.infof("Purged %d %s older than %s", rows, rule.name(), rule.retention());
                }
            } catch (RuntimeException e) {
                LOG.errorf(e, "Could not purge %s past retention; trying again at the next run", rule.name());
            }
        }
        return new Purged(inbox, outbox, byRule);
    }

    private int delete(String statement, Instant cutoff) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(statement)
                .setParameter(1, cutoff)
                .executeUpdate());
    }

    /** Rows purged by one run: inbox, outbox, and per {@link RetentionRule#name()}. */
    public record Purged(int inboxRows, int outboxRows, Map<String, Integer> byRule) {
    }
}
