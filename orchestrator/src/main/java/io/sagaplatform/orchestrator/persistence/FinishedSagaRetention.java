package io.sagaplatform.orchestrator.persistence;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.sagaplatform.messaging.inbox.RetentionRule;

/**
 * Sagas that ended for good — COMPLETED, COMPENSATED or ABORTED — are kept, with their timelines,
 * {@code saga.orchestrator.finished-saga-retention} (90 days: longer than the dashboard's widest statistics window,
 * 31 days) after they finished, then purged by the shared retention job, at most 10,000 per run so that one run
 * never holds a long transaction. A FAILED saga waits for an operator and is never purged.
 */
@ApplicationScoped
class FinishedSagaRetention implements RetentionRule {

    private final Duration retention;

    FinishedSagaRetention(@ConfigProperty(name = "saga.orchestrator.finished-saga-retention", defaultValue = "P90D")
            Duration retention) {
        this.retention = retention;
    }

    @Override
    public String name() {
        return "finished sagas";
    }

    @Override
    public Duration retention() {
        return retention;
    }

    @Override
    public String deleteOlderThan() {
        // the timeline rows go in the same statement, before the foreign key is checked at its end
        return """
                WITH gone AS (
                    SELECT id FROM saga_instance
                    WHERE status IN ('COMPLETED', 'COMPENSATED', 'ABORTED') AND finished_at < ?1
                    LIMIT 10000),
                timeline AS (DELETE FROM saga_timeline WHERE saga_id IN (SELECT id FROM gone))
                DELETE FROM saga_instance WHERE id IN (SELECT id FROM gone)""";
    }
}
