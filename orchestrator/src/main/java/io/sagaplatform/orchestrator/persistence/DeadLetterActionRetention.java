package io.sagaplatform.orchestrator.persistence;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.sagaplatform.messaging.inbox.RetentionRule;

/**
 * An operator's replay or discard of a dead-lettered record is kept {@code saga.orchestrator.dead-letter-action-retention}
 * (60 days) after it was done, then purged by the shared retention job, at most 10,000 per run. The row is what
 * refuses a second action on the same record, so it must outlive the record itself: the {@code .dlq} topics keep
 * their records 30 days in the Kubernetes deployment and one day in the local stack, and a longer topic retention
 * needs a longer setting here. Past it, a row only says who did what, which the orchestrator's log also says.
 */
@ApplicationScoped
class DeadLetterActionRetention implements RetentionRule {

    private final Duration retention;

    DeadLetterActionRetention(
            @ConfigProperty(name = "saga.orchestrator.dead-letter-action-retention", defaultValue = "P60D")
            Duration retention) {
        this.retention = retention;
    }

    @Override
    public String name() {
        return "dead-letter actions";
    }

    @Override
    public Duration retention() {
        return retention;
    }

    @Override
    public String deleteOlderThan() {
        return """
                DELETE FROM dead_letter_action WHERE ctid IN (
                    SELECT ctid FROM dead_letter_action WHERE acted_at < ?1 LIMIT 10000)""";
    }
}
