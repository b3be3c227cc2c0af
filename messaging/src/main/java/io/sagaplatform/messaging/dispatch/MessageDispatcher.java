package io.sagaplatform.messaging.dispatch;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.quarkus.arc.All;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sagaplatform.contracts.Headers;
import io.sagaplatform.contracts.InvalidMessageException;
import io.sagaplatform.contracts.Message;
import io.sagaplatform.contracts.MessageType;
import io.sagaplatform.contracts.WireFormat;
import io.sagaplatform.messaging.MessagingConfig;
import io.sagaplatform.messaging.database.TransientFailures;
import io.sagaplatform.messaging.inbox.Inbox;
import io.sagaplatform.messaging.outbox.Outbox;
import io.sagaplatform.messaging.participant.CommandHandler;
import io.sagaplatform.messaging.participant.CommandTable;
import io.sagaplatform.messaging.participant.Reply;
import io.sagaplatform.messaging.participant.SagaParticipant;
import io.sagaplatform.messaging.tracing.MessageTracing;

/**
 * Routes each inbound record to the handler of its type, exactly once per consumer:
 * <ol>
 * <li>the envelope is read from the headers, the type looked up, the schema version checked and the
 * payload decoded against its JSON Schema — any failure dead-letters the record with the reason;</li>
 * <li>the handler runs in a new transaction together with the inbox entry — one transaction for all the readable
 * records of a poll ({@link #dispatchAll}), or one per record when that fails; a duplicate changes nothing, and
 * a duplicate saga command has the replies it caused the first time sent again (same outcome);</li>
 * <li>a transient failure (database unreachable, lock conflict) is retried in place until it passes, so the
 * partition waits rather than losing order; any other failure is retried {@code maxAttempts} times and then
 * dead-lettered, so one bad message never blocks the partition.</li>
 * </ol>
 * All of it runs in one CONSUMER span, a child of the record's {@code traceparent}, so that what the handler
 * appends to the outbox continues the same trace; and with the record's correlation in the MDC
 * ({@value #MDC_MESSAGE_ID}, {@value #MDC_MESSAGE_TYPE}, {@value #MDC_SAGA_ID}, {@value #MDC_TRACE_ID},
 * {@value #MDC_SPAN_ID}), so that every log line it causes can be found by message, saga or trace.
 */
@Singleton
public class MessageDispatcher {

    private static final Logger LOG = Logger.getLogger(MessageDispatcher.class);

    /** MDC keys while a record is dispatched (the trace ones are those Quarkus uses for REST requests). */
    public static final String MDC_MESSAGE_ID = "messageId";
    public static final String MDC_MESSAGE_TYPE = "messageType";
    public static final String MDC_SAGA_ID = "sagaId";
    public static final String MDC_TRACE_ID = "traceId";
    public static final String MDC_SPAN_ID = "spanId";

    /** What became of a record. */
    public enum Outcome {
        APPLIED, DUPLICATE, DEAD_LETTERED
    }

    /** A handler of one wire type, whichever interface it was declared with. */
    private record Route(MessageType<?> type, Object bean, BiConsumer<Message, Envelope> handle) {
    }

    private final Map<String, Route> handlers = new HashMap<>();
    private final Inbox inbox;
    private final Outbox outbox;
    private final DeadLetters deadLetters;
    private final MessagingConfig config;
    private final DispatchMetrics metrics;
    private final MessageTracing tracing;
    private volatile boolean stopping;
    /** Records being retried after a failure, by message id, with when their first attempt failed. */
    private final Map<String, Long> retrying = new ConcurrentHashMap<>();

    MessageDispatcher(@All List<MessageHandler<?>> handlers, @All List<MultiTypeHandler> multiHandlers,
            @All List<SagaParticipant> participants, Inbox inbox, Outbox outbox, DeadLetters deadLetters,
            MessagingConfig config, DispatchMetrics metrics, MessageTracing tracing) {
        this.tracing = tracing;
        for (MessageHandler<?> handler : handlers) {
            register(new Route(handler.type(), handler, (message, envelope) -> invoke(handler, message, envelope)));
        }
        for (MultiTypeHandler handler : multiHandlers) {
            for (MessageType<?> type : handler.types()) {
                register(new Route(type, handler, handler::handle));
            }
        }
        for (SagaParticipant participant : participants) {
            CommandTable commands = new CommandTable();
            participant.register(commands);
            commands.handlers().forEach((type, handler) -> register(new Route(type, participant,
                    (command, envelope) -> answer(participant, handler, command, envelope))));
        }
        this.inbox = inbox;
        this.outbox = outbox;
        this.deadLetters = deadLetters;
        this.config = config;
        this.metrics = metrics;
        metrics.retrying(this::oldestRetrySeconds);
    }

    /** How long the oldest record still being retried has waited, in seconds; 0 when none is. */
    private double oldestRetrySeconds() {
        long now = System.nanoTime();
        return retrying.values().stream().mapToLong(since -> now - since).max().orElse(0) / 1e9;
    }

    private void register(Route route) {
        Route previous = handlers.put(route.type().name(), route);
        if (previous != null) {
            throw new IllegalStateException("Two handlers for message type " + route.type().name() + ": "
                    + previous.bean().getClass().getName() + " and " + route.bean().getClass().getName());
        }
    }

    void validateAtStartup(@Observes StartupEvent event) {
        LOG.infof("Dispatching %s from %s as consumer '%s'", handlers.keySet(), config.inboundTopics(),
                config.serviceName());
    }

    void onShutdown(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /** Dispatches one record on its own (a batch of one). */
    public Outcome dispatch(ConsumerRecord<String, byte[]> record) {
        return dispatchAll(List.of(record)).get(0);
    }

    /**
     * Dispatches the records of one poll, in their order, and returns what became of each. Records that cannot
     * be read are dead-lettered one by one; the readable ones are applied together in <em>one</em> transaction
     * (inbox rows, handlers in offset order, what they append to the outbox, one commit). When that transaction
     * fails for any reason — a handler that throws, a dead-letter verdict, a lock conflict — nothing of it stays
     * and each record is applied again alone with its own retries, so a poison record is still isolated and
     * dead-lettered by itself while the others are applied once. Each record keeps its own CONSUMER span and
     * log context throughout.
     */
    public List<Outcome> dispatchAll(List<ConsumerRecord<String, byte[]>> records) {
        List<InFlight> batch = new ArrayList<>(records.size());
        try {
            for (ConsumerRecord<String, byte[]> record : records) {
                InFlight current = new InFlight(record, tracing.startProcess(record, config.serviceName()));
                batch.add(current);
                within(current, () -> read(current));
            }
            List<InFlight> readable = batch.stream().filter(r -> r.outcome == null).toList();
            if (readable.size() > 1 && !applyTogether(readable)) {
                metrics.batchFellBack(readable.size());
            }
            for (InFlight record : readable) {
                if (record.outcome == null) {
                    within(record, () -> record.settle(apply(record.record, record.envelope, record.route,
                            record.message)));
                }
            }
        } catch (RuntimeException e) {
            batch.stream().filter(r -> r.outcome == null).forEach(r -> MessageTracing.failed(r.span, e));
            throw e;
        } finally {
            batch.forEach(InFlight::end);
        }
        return batch.stream().map(r -> r.outcome).toList();
    }

    /**
     * The readable records of a poll in one transaction; {@code false} (nothing committed, every outcome
     * cleared) when it failed.
     */
    private boolean applyTogether(List<InFlight> readable) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                for (InFlight record : readable) {
                    within(record, () -> record.outcome = once(record.envelope, record.route, record.message)
                            ? Outcome.APPLIED : Outcome.DUPLICATE);
                }
            });
        } catch (RuntimeException e) {
            LOG.debugf("A batch of %d records rolled back (%s); applying them one by one", readable.size(),
                    e.toString());
            readable.forEach(record -> record.outcome = null);
            return false;
        }
        metrics.batchApplied(readable.size());
        readable.forEach(record -> record.settle(record.outcome));
        return true;
    }

    /** One inbound record on its way through {@link #dispatchAll}. */
    private final class InFlight {
        final ConsumerRecord<String, byte[]> record;
        final Span span;
        final long started = System.nanoTime();
        String type = DispatchMetrics.UNKNOWN;
        Envelope envelope;
        Route route;
        Message message;
        /** Set once decided; {@code null} while the record still has to be applied. */
        Outcome outcome;

        InFlight(ConsumerRecord<String, byte[]> record, Span span) {
            this.record = record;
            this.span = span;
        }

        void settle(Outcome decided) {
            outcome = decided;
            span.setAttribute(MessageTracing.OUTCOME, decided.name());
            metrics.handled(type, decided, Duration.ofNanos(System.nanoTime() - started));
        }

        void end() {
            span.end();
        }
    }

    /** Runs {@code work} with the record's span current and its correlation in the MDC. */
    private static void within(InFlight record, Runnable work) {
        try (Scope scope = record.span.makeCurrent()) {
            Map<String, Object> previous = correlate(record.record, record.span.getSpanContext());
            try {
                work.run();
            } finally {
                previous.forEach((key, value) -> {
                    if (value == null) {
                        MDC.remove(key);
                    } else {
                        MDC.put(key, value);
                    }
                });
            }
        }
    }

    /** Puts the record's correlation in the MDC; returns what those keys held before. */
    private static Map<String, Object> correlate(ConsumerRecord<String, byte[]> record, SpanContext span) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(MDC_MESSAGE_ID, header(record, Headers.CE_ID));
        values.put(MDC_MESSAGE_TYPE, header(record, Headers.CE_TYPE));
        values.put(MDC_SAGA_ID, header(record, Headers.SAGA_ID));
        values.put(MDC_TRACE_ID, span.isValid() ? span.getTraceId() : null);
        values.put(MDC_SPAN_ID, span.isValid() ? span.getSpanId() : null);
        Map<String, Object> previous = new HashMap<>();
        values.forEach((key, value) -> {
            previous.put(key, MDC.get(key));
            if (value == null) {
                MDC.remove(key); // nothing of another record or request may stay attached to this one
            } else {
                MDC.put(key, value);
            }
        });
        return previous;
    }

    /** A header's text for the log context: absent, empty or unreasonably long headers are left out. */
    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null || header.value() == null || header.value().length == 0 || header.value().length > 200) {
            return null;
        }
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * Reads the envelope, finds the handler, checks the schema version and decodes the payload; a record that
     * fails any of it is dead-lettered with the reason and settled.
     */
    private void read(InFlight in) {
        ConsumerRecord<String, byte[]> record = in.record;
        Envelope envelope;
        try {
            envelope = EnvelopeReader.read(record);
        } catch (DeadLetterException e) {
            in.settle(deadLetter(record, DeadLetterReason.HEADER, e.getMessage(), null));
            return;
        }
        Route handler = handlers.get(envelope.type());
        if (handler == null) {
            in.settle(deadLetter(record, DeadLetterReason.UNKNOWN_TYPE, "Unknown message type '" + envelope.type()
                    + "' for consumer '" + config.serviceName() + "' on topic " + record.topic() + " (handles "
                    + handlers.keySet() + ")", null));
            return;
        }
        in.type = handler.type().name();
        if (envelope.schemaVersion() != handler.type().version()) {
            in.settle(deadLetter(record, DeadLetterReason.VERSION, "Unsupported schema version "
                    + envelope.schemaVersion() + " of " + envelope.type() + " (consumer '" + config.serviceName()
                    + "' reads version " + handler.type().version() + ")", null));
            return;
        }
        if (record.value() == null) {
            in.settle(deadLetter(record, DeadLetterReason.SCHEMA, "Empty payload for " + envelope.type(), null));
            return;
        }
        try {
            in.message = WireFormat.decode(handler.type(), record.value());
        } catch (InvalidMessageException e) {
            in.settle(deadLetter(record, DeadLetterReason.SCHEMA, "Unreadable payload: " + e.getMessage(), null));
            return;
        } catch (DeadLetterException e) {
            in.settle(deadLetter(record, DeadLetterReason.SCHEMA, e.getMessage(), null));
            return;
        }
        in.envelope = envelope;
        in.route = handler;
    }

    private Outcome deadLetter(ConsumerRecord<String, byte[]> record, DeadLetterReason reason, String text,
            Throwable cause) {
        deadLetters.publish(record, text, cause);
        metrics.deadLettered(record.topic(), reason);
        Span.current().setStatus(StatusCode.ERROR, "dead-lettered (" + reason.tag() + "): "
                + (text.length() <= 300 ? text : text.substring(0, 300) + "…"));
        return Outcome.DEAD_LETTERED;
    }

    /** Applies one record in its own transaction, retrying as the class comment says. */
    private Outcome apply(ConsumerRecord<String, byte[]> record, Envelope envelope, Route handler, Message message) {
        try {
            return applyWithRetries(record, envelope, handler, message);
        } finally {
            retrying.remove(envelope.id());
        }
    }

    private Outcome applyWithRetries(ConsumerRecord<String, byte[]> record, Envelope envelope, Route handler,
            Message message) {
        Duration backoff = config.inbox().retryBackoff();
        for (int attempt = 1;; attempt++) {
            try {
                boolean applied = QuarkusTransaction.requiringNew().call(() -> once(envelope, handler, message));
                return applied ? Outcome.APPLIED : Outcome.DUPLICATE;
            } catch (DeadLetterException e) {
                return deadLetter(record, DeadLetterReason.HANDLER, e.getMessage(), e.getCause());
            } catch (RuntimeException e) {
                boolean transientFailure = TransientFailures.isTransient(e);
                if (!transientFailure && attempt >= config.inbox().maxAttempts()) {
                    return deadLetter(record, DeadLetterReason.HANDLER, "Handler "
                            + handler.bean().getClass().getSimpleName() + " failed " + attempt + " times: " + e, e);
                }
                if (stopping) {
                    // not committed: the record is read again after the restart
                    throw new IllegalStateException("Shutting down while retrying " + envelope.id(), e);
                }
                retrying.putIfAbsent(envelope.id(), System.nanoTime());
                LOG.warnf("%s failure applying %s %s (attempt %d), retrying in %s: %s",
                        transientFailure ? "Transient" : "Handler", envelope.type(), envelope.id(), attempt,
                        backoff, e.toString());
                pause(backoff);
                backoff = min(backoff.multipliedBy(2), config.inbox().retryBackoffMax());
            }
        }
    }

    /**
     * The record's effect in the caller's transaction, unless this consumer has it already; {@code true} when it
     * ran.
     */
    private boolean once(Envelope envelope, Route handler, Message message) {
        boolean first = inbox.runOnce(envelope.id(), config.serviceName(), envelope.type(),
                () -> handler.handle().accept(message, envelope));
        if (!first && envelope.saga().isPresent()) {
            // A saga command seen again (the orchestrator resends after a timeout, or Kafka
            // redelivers): nothing is applied, but the recorded outcome is sent again.
            int replayed = outbox.replayRepliesTo(envelope.id());
            LOG.debugf("Duplicate %s %s: not applied again, %d replies sent again", envelope.type(),
                    envelope.id(), replayed);
        } else if (!first) {
            LOG.debugf("Duplicate %s %s ignored", envelope.type(), envelope.id());
        }
        return first;
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static void invoke(MessageHandler handler, Message message, Envelope envelope) {
        handler.handle(message, envelope);
    }

    /** A participant's command: its handler's reply goes to the outbox in the same transaction, as the answer. */
    @SuppressWarnings({ "unchecked", "rawtypes" })
    private void answer(SagaParticipant participant, CommandHandler handler, Message command, Envelope envelope) {
        Reply reply = (Reply) handler.handle(command);
        if (reply == null) {
            throw new IllegalStateException(participant.getClass().getName() + " answered " + envelope.type() + " "
                    + envelope.id() + " with no reply");
        }
        outbox.append(envelope.reply(participant.aggregateType(), reply.aggregateId(), reply.message()));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to retry", e);
        }
    }
}
