package io.sagaplatform.orchestrator.triggers;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
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
 * <p>A saga whose handling fails is isolated: the failure is recorded in a transaction of its own, the saga is
 * not claimed again before a back-off (1 s, doubling to a minute), and the tick goes on with the next saga —
 * otherwise the earliest-due saga, failing every time, would be claimed first on every tick by every replica and
 * no other saga would ever be resent, timed out or compensated. After
 * {@code saga.orchestrator.timer-max-failures} (5) failures in a row it is left FAILED with the error.
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
    private final int maxFailures;

    DeadlinePoller(SagaStore store, Sagas sagas, Clock clock, Outbox outbox, MessageTracing tracing,
            CommandDeliveries deliveries,
            @ConfigProperty(name = "saga.orchestrator.timer-max-failures", defaultValue = "5") int maxFailures) {
        this.deliveries = deliveries;
        this.maxFailures = maxFailures;
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

    /** Handles one due saga; {@code false} when none is due (or the database cannot be asked). */
    public boolean fireOne() {
        UUID[] claimed = new UUID[1];
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                Optional<UUID> due = store.claimDue(clock.instant());
                due.ifPresent(sagaId -> {
                    claimed[0] = sagaId;
                    tracing.inSagaTrace("saga timer", sagaId, outbox.traceOfSaga(sagaId), () -> {
                        sagas.onTimer(sagaId, deliveries.forSaga(sagaId));
                        return null;
                    });
                });
                return due.isPresent();
            });
        } catch (RuntimeException e) {
            if (claimed[0] == null) {
                LOG.warnf("Looking for due sagas failed, retried on the next tick: %s", e.toString());
                return false;
            }
            return isolate(claimed[0], e);
        }
    }

    /**
     * The handling of one saga failed (a concurrent reply won the optimistic lock, or something about this saga
     * always fails): put it aside for a while and go on with the others.
     */
    private boolean isolate(UUID sagaId, RuntimeException failure) {
        try {
            int failures = QuarkusTransaction.requiringNew().call(() -> store.recordTimerFailure(sagaId,
                    clock.instant(), failure.toString(), maxFailures));
            if (failures >= maxFailures) {
                LOG.errorf(failure, "Saga %s left FAILED: its timer handling failed %d times in a row", sagaId, failures);
            } else {
                LOG.warnf("Timer handling of saga %s failed (%d in a row), looked at again after a back-off: %s",
                        sagaId, failures, failure.toString());
            }
            return true;
        } catch (RuntimeException e) {
            LOG.warnf("Timer handling of saga %s failed (%s) and could not be recorded (%s); retried on the next tick",
                    sagaId, failure.toString(), e.toString());
            return false;
        }
    }
}
