package io.sagaplatform.messaging.inbox;

import java.time.Duration;

/**
 * A service's own table that {@link RetentionJob} keeps bounded next to the inbox and outbox: a bean implementing
 * this is run on the job's schedule, each rule in its own transaction.
 */
public interface RetentionRule {

    /** What the rule purges, for the log and {@link RetentionJob.Purged} ("idempotency keys"). */
    String name();

    /** How long rows are kept. */
    Duration retention();

    /** One DELETE statement whose only parameter, {@code ?1}, is the cutoff instant: what is older goes. */
    String deleteOlderThan();
}
