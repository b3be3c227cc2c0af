package io.sagaplatform.orchestrator.dashboard;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import io.sagaplatform.orchestrator.application.SagaChanged;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;

/**
 * Forwards every committed saga change to the live stream's subscribers. Only changes that committed are
 * sent (a rolled-back transition never happened); each replica streams the changes it made itself.
 */
@ApplicationScoped
public class SagaStream {

    private final BroadcastProcessor<SagaChanged> changes = BroadcastProcessor.create();

    void onCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) SagaChanged change) {
        changes.onNext(change);
    }

    public Multi<SagaChanged> changes() {
        return changes;
    }
}
