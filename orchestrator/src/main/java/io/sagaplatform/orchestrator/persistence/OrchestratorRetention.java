package io.sagaplatform.orchestrator.persistence;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.sagaplatform.messaging.inbox.RetentionRule;

/** The orchestrator's own tables under the shared retention job, at most 10,000 rows per rule and run. */
@ApplicationScoped
class OrchestratorRetention {

    /**
     * Sagas that ended for good — COMPLETED, COMPENSATED or ABORTED — are kept, with their timelines,
     * {@code saga.orchestrator.finished-saga-retention} (90 days: longer than the dashboard's widest statistics
     * window, 31 days) after they finished. A FAILED saga waits for an operator and is never purged. The timeline
     * rows go in the same statement, before the foreign key is checked at its end.
     */
    @Produces
    @Singleton // a record is final: no client proxy, so no normal scope
    RetentionRule finishedSagas(
            @ConfigProperty(name = "saga.orchestrator.finished-saga-retention", defaultValue = "P90D") Duration keep) {
        return new RetentionRule("finished sagas", keep, """
                WITH gone AS (
                    SELECT id FROM saga_instance
                    WHERE status IN ('COMPLETED', 'COMPENSATED', 'ABORTED') AND finished_at < ?1
                    LIMIT 10000),
                timeline AS (DELETE FROM saga_timeline WHERE saga_id IN (SELECT id FROM gone))
                DELETE FROM saga_instance WHERE id IN (SELECT id FROM gone)""");
    }

    /**
     * An operator's replay or discard of a dead-lettered record is kept
     * {@code saga.orchestrator.dead-letter-action-retention} (60 days) after it was done. The row is what refuses a
     * second action on the same record, so it must outlive the record itself: the {@code .dlq} topics keep their
     * records 30 days in the Kubernetes deployment and one day in the local stack, and a longer topic retention needs
     * a longer setting here. Past it, a row only says who did what, which the orchestrator's log also says.
     */
    @Produces
    @Singleton // a record is final: no client proxy, so no normal scope
    RetentionRule deadLetterActions(
            @ConfigProperty(name = "saga.orchestrator.dead-letter-action-retention", defaultValue = "P60D") Duration keep) {
        return new RetentionRule("dead-letter actions", keep, """
                DELETE FROM dead_letter_action WHERE ctid IN (
                    SELECT ctid FROM dead_letter_action WHERE acted_at < ?1 LIMIT 10000)""");
    }
}
