package io.sagaplatform.orchestrator.triggers;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.sagaplatform.messaging.inbox.Inbox;
import io.sagaplatform.orchestrator.application.Sagas;
import io.sagaplatform.orchestrator.persistence.UnreadableSaga;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Commands the participants refused. A participant that cannot apply a command (its state does not allow it, the
 * payload is unreadable to it, its handler keeps failing) parks it on {@code <command topic>.dlq}; without this
 * consumer the step would time out and the command be resent — forever for a retriable step. Each dead letter is
 * handed to its saga ({@link Sagas#onDeadLetter}), which goes FAILED with the participant's reason.
 *
 * <p>Its own channel ({@value #CHANNEL}) and consumer group ({@value #CONSUMER}), not the shared inbound one: a
 * dead letter is no platform message with a type to route, and it must never be dead-lettered again. So a record
 * that does not say which saga command it was, a dead letter of an unknown saga or of one whose data cannot be read
 * is logged and skipped. Other failures (the database, a reply changing the same saga at the same time) are
 * retried in place with back-off, {@value #MAX_ATTEMPTS} times; then the record is skipped with an error — the
 * saga then resends the command after its timeout, and the participant dead-letters it again, so nothing is lost
 * for good. Applied once per dead-lettered command, through the inbox.
 */
@ApplicationScoped
public class CommandDeadLetters {

    public static final String CHANNEL = "command-dead-letters";
    /** The inbox consumer name; the channel's Kafka consumer group is named the same (application.properties). */
    public static final String CONSUMER = "orchestrator-dead-letters";
    static final int MAX_ATTEMPTS = 8;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private static final Logger LOG = Logger.getLogger(CommandDeadLetters.class);
    /** The log context keys the shared dispatcher uses for a record, so one search finds both. */
    private static final String MDC_SAGA_ID = "sagaId";
    private static final String MDC_MESSAGE_ID = "messageId";
    private static final String MDC_MESSAGE_TYPE = "messageType";

    /** What became of a dead letter. */
    enum Outcome {
        /** Handed to its saga (which failed, or recorded it as stale). */
        APPLIED,
        /** Seen before (the inbox has it). */
        DUPLICATE,
        /** Unreadable, or of a saga that is unknown or unreadable: logged only. */
        SKIPPED
    }

    private final Sagas sagas;
    private final Inbox inbox;
    private volatile boolean stopping;

    CommandDeadLetters(Sagas sagas, Inbox inbox) {
        this.sagas = sagas;
        this.inbox = inbox;
    }

    void onShutdown(@Observes ShutdownEvent event) {
        stopping = true;
    }

    @Incoming(CHANNEL)
    @Blocking(ordered = true)
    public void receive(ConsumerRecord<String, byte[]> record) {
        handle(record);
    }

    Outcome handle(ConsumerRecord<String, byte[]> record) {
        DeadLetteredCommand command;
        try {
            command = DeadLetteredCommand.read(record);
        } catch (DeadLetteredCommand.Unreadable e) {
            LOG.warnf("Skipped the dead letter %s: %s (it is no command of a saga this orchestrator can name)",
                    DeadLetteredCommand.coordinates(record), e.getMessage());
            return Outcome.SKIPPED;
        }
        MDC.put(MDC_SAGA_ID, command.sagaId().toString());
        MDC.put(MDC_MESSAGE_ID, command.letter().messageId());
        if (command.letter().messageType() != null) {
            MDC.put(MDC_MESSAGE_TYPE, command.letter().messageType());
        }
        try {
            return apply(record, command);
        } finally {
            MDC.remove(MDC_SAGA_ID);
            MDC.remove(MDC_MESSAGE_ID);
            MDC.remove(MDC_MESSAGE_TYPE);
        }
    }

    private Outcome apply(ConsumerRecord<String, byte[]> record, DeadLetteredCommand command) {
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1;; attempt++) {
            try {
                Outcome outcome = QuarkusTransaction.requiringNew().call(() -> {
                    if (!sagas.exists(command.sagaId())) {
                        return Outcome.SKIPPED; // nothing written: no inbox entry either
                    }
                    return inbox.runOnce(command.key(), CONSUMER, command.letter().messageType(),
                            () -> sagas.onDeadLetter(command.sagaId(), command.letter()))
                            ? Outcome.APPLIED : Outcome.DUPLICATE;
                });
                if (outcome == Outcome.SKIPPED) {
                    LOG.warnf("Skipped the dead letter %s: unknown saga %s (step %s, dead-lettered by %s: %s)",
                            DeadLetteredCommand.coordinates(record), command.sagaId(), command.letter().step(),
                            command.letter().consumer(), command.letter().reason());
                } else {
                    LOG.infof("Dead letter %s of saga %s step %s attempt %d (by %s) handed to the saga: %s",
                            DeadLetteredCommand.coordinates(record), command.sagaId(), command.letter().step(),
                            command.letter().attempt(), command.letter().consumer(), outcome);
                }
                return outcome;
            } catch (RuntimeException e) {
                if (causedBy(e, UnreadableSaga.class)) {
                    LOG.warnf("Skipped the dead letter %s: %s", DeadLetteredCommand.coordinates(record), e.getMessage());
                    return Outcome.SKIPPED;
                }
                if (stopping) {
                    // not committed: read again after the restart
                    throw new IllegalStateException("Shutting down while handling the dead letter "
                            + DeadLetteredCommand.coordinates(record), e);
                }
                if (attempt >= MAX_ATTEMPTS) {
                    LOG.errorf(e, "Skipped the dead letter %s of saga %s after %d failed attempts; the saga resends the"
                            + " command after its timeout and its participant will dead-letter it again",
                            DeadLetteredCommand.coordinates(record), command.sagaId(), attempt);
                    return Outcome.SKIPPED;
                }
                LOG.warnf("Failed to handle the dead letter %s (attempt %d), retrying in %s: %s",
                        DeadLetteredCommand.coordinates(record), attempt, backoff, e.toString());
                pause(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) <= 0 ? backoff.multipliedBy(2) : MAX_BACKOFF;
            }
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to retry a dead letter", e);
        }
    }
}
