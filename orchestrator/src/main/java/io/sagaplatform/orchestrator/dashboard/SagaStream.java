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

    /** Changes a subscriber may lag behind by before its stream is closed (memory stays bounded). */
    static final int SUBSCRIBER_BUFFER = 10_000;

    private final BroadcastProcessor<SagaChanged> changes = BroadcastProcessor.create();

    void onCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) SagaChanged change) {
        changes.onNext(change);
    }

    /**
     * The live changes, with a bounded buffer per subscriber. The broadcast processor fails a subscriber that has
     * not requested the next item, and an SSE connection requests one event per completed write: without the
     * buffer, any burst of changes (several sagas committing during one write) closed the stream.
     */
    public Multi<SagaChanged> changes() {
        return changes.onOverflow().buffer(SUBSCRIBER_BUFFER);
    }
}
