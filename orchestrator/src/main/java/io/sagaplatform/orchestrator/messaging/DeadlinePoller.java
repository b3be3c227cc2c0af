package io.sagaplatform.orchestrator.messaging;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.sagaplatform.messaging.outbox.Outbox;
import io.sagaplatform.messaging.tracing.MessageTracing;
import io.sagaplatform.orchestrator.application.Sagas;
import io.sagaplatform.orchestrator.persistence.SagaStore;

/**
 * Wakes sagas whose reply timeout, retry time or deadline has come. Each saga is claimed and handled in
 * its own short transaction with {@code FOR UPDATE SKIP LOCKED}: several orchestrator replicas poll side by
 * side without ever handling the same saga twice, and one slow saga never holds the others back.
 *
 * <p>What a wake-up sends (a command again, a compensation) runs in a {@code saga timer} span of the trace the
 * saga already belongs to — found on the last message it sent — so one order stays one trace.
 */
@ApplicationScoped
public class DeadlinePoller {

    private static final Logger LOG = Logger.getLogger(DeadlinePoller.class);
    private static final int MAX_PER_TICK = 500;

    private final SagaStore store;
    private final Sagas sagas;
    private final Clock clock;
    private final Outbox outbox;
    private final MessageTracing tracing;
    private final CommandDeliveries deliveries;

    DeadlinePoller(SagaStore store, Sagas sagas, Clock clock, Outbox outbox, MessageTracing tracing,
            CommandDeliveries deliveries) {
        this.deliveries = deliveries;
        this.store = store;
        this.sagas = sagas;
        this.clock = clock;
        this.outbox = outbox;
        this.tracing = tracing;
    }

    @Scheduled(every = "${saga.orchestrator.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        int handled = 0;
        while (handled < MAX_PER_TICK && fireOne()) {
            handled++;
        }
    }

    /** Handles one due saga; {@code false} when none is due. */
    public boolean fireOne() {
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                Optional<UUID> due = store.claimDue(clock.instant());
                due.ifPresent(sagaId -> tracing.inSagaTrace("saga timer", sagaId, outbox.traceOfSaga(sagaId), () -> {
                    sagas.onTimer(sagaId, deliveries.forSaga(sagaId));
                    return null;
                }));
                return due.isPresent();
            });
        } catch (RuntimeException e) {
            // e.g. a concurrent reply changed the saga first (optimistic lock): it is looked at again next tick
            LOG.warnf("Deadline handling failed, retried on the next tick: %s", e.toString());
            return false;
        }
    }
}
