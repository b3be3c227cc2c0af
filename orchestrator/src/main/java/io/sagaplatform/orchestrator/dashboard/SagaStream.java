package io.sagaplatform.orchestrator.dashboard;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.sagaplatform.orchestrator.application.SagaChanged;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;

/**
 * Forwards every committed saga change to the live stream's subscribers. Only changes that committed are
 * sent (a rolled-back transition never happened); each replica streams the changes it made itself.
 * Subscribers are capped ({@code saga.orchestrator.dashboard.max-stream-subscribers}): each holds a connection
 * and up to {@link #SUBSCRIBER_BUFFER} changes, and every commit is copied to each of them.
 */
@ApplicationScoped
public class SagaStream {

    /** Changes a subscriber may lag behind by before its stream is closed (memory stays bounded). */
    static final int SUBSCRIBER_BUFFER = 10_000;

    /** Refused: as many subscribers as the cap are connected. */
    public static final class Full extends RuntimeException {
        Full(int max) {
            super(max + " clients are already streaming saga changes from this replica, the most it serves");
        }
    }

    private final BroadcastProcessor<SagaChanged> changes = BroadcastProcessor.create();
    private final AtomicInteger subscribers = new AtomicInteger();
    private final int maxSubscribers;

    @Inject
    SagaStream(@ConfigProperty(name = "saga.orchestrator.dashboard.max-stream-subscribers", defaultValue = "100")
            int maxSubscribers) {
        this.maxSubscribers = maxSubscribers;
    }

    void onCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) SagaChanged change) {
        changes.onNext(change);
    }

    /**
     * The live changes, with a bounded buffer per subscriber. The broadcast processor fails a subscriber that has
     * not requested the next item, and an SSE connection requests one event per completed write: without the
     * buffer, any burst of changes (several sagas committing during one write) closed the stream.
     * Takes one of the subscriber places until the stream ends, fails or is cancelled (the client went away).
     *
     * @throws Full when every place is taken
     */
    public Multi<SagaChanged> changes() {
        if (subscribers.incrementAndGet() > maxSubscribers) {
            subscribers.decrementAndGet();
            throw new Full(maxSubscribers);
        }
        AtomicBoolean released = new AtomicBoolean();
        return changes.onOverflow().buffer(SUBSCRIBER_BUFFER).onTermination().invoke(() -> {
            if (released.compareAndSet(false, true)) {
                subscribers.decrementAndGet();
            }
        });
    }

    /** How many clients stream now. */
    public int subscribers() {
        return subscribers.get();
    }
}
