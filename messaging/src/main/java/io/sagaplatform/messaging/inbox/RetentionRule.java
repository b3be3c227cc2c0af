package io.sagaplatform.messaging.inbox;

import java.time.Duration;
import java.util.Objects;

/**
 * A service's own table that {@link RetentionJob} keeps bounded next to the inbox and outbox: each rule a bean
 * (typically a {@code @Produces} method reading its retention from configuration) is run on the job's schedule, in
 * a transaction of its own.
 *
 * @param name            what the rule purges, for the log and {@link RetentionJob.Purged} ("idempotency keys")
 * @param retention       how long rows are kept
 * @param deleteOlderThan one DELETE statement whose only parameter, {@code ?1}, is the cutoff instant: what is
 *                        older goes. A table that can hold many expired rows at once deletes a bounded batch
 *                        (e.g. {@code LIMIT 10000} in a sub-select), so one run never holds a long transaction.
 */
public record RetentionRule(String name, Duration retention, String deleteOlderThan) {

    public RetentionRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(deleteOlderThan, "deleteOlderThan");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException(name + ": the retention must be positive, was " + retention);
        }
    }
}
