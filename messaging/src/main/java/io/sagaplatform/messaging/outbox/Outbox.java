package io.sagaplatform.messaging.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.sagaplatform.contracts.MessageType;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.contracts.WireFormat;
import io.sagaplatform.messaging.MessagingConfig;
import io.sagaplatform.messaging.tracing.TraceContext;

/**
 * Appends messages to the service's outbox table in the caller's transaction. There is deliberately no way
 * to send to Kafka from here: the message exists once the transaction commits, and only then.
 *
 * <p>Each row keeps the W3C trace context of the span current when it was appended (the REST request, or the
 * message being handled): the relay reads the row from the WAL on another thread, long after, so the row is
 * the only way the trace can cross that hop.
 */
@ApplicationScoped
public class Outbox {

    private static final Logger LOG = Logger.getLogger(Outbox.class);

    private final EntityManager em;
    private final Clock clock;
    private final String source;

    Outbox(EntityManager em, Clock clock, MessagingConfig config) {
        this.em = em;
        this.clock = clock;
        this.source = "/" + config.serviceName();
    }

    /**
     * Writes the message in the current transaction and returns its id, which travels as {@code ce_id} and is
     * the consumers' de-duplication key.
     *
     * @throws jakarta.transaction.TransactionalException when called outside a transaction
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID append(OutboxMessage message) {
        UUID id = UUID.randomUUID();
        append(message, id, id.toString());
        return id;
    }

    /**
     * Writes the message under a message id chosen by the caller: sending a command again with the id it had
     * the first time lets its consumer recognise it (the orchestrator's resend after a step timeout).
     *
     * @return the outbox row id (not the message id)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID append(OutboxMessage message, String messageId) {
        UUID id = UUID.randomUUID();
        append(message, id, messageId);
        return id;
    }

    private void append(OutboxMessage message, UUID id, String messageId) {
        MessageType<?> type = MessageTypes.of(message.payload().getClass());
        OutboxRecord row = new OutboxRecord();
        row.id = id;
        row.messageId = messageId;
        row.aggregateType = message.aggregateType();
        row.aggregateId = message.aggregateId();
        row.topic = message.topic();
        row.messageKey = message.key();
        row.type = type.name();
        row.schemaVersion = type.version();
        row.source = source;
        row.payload = new String(WireFormat.encode(message.payload()), StandardCharsets.UTF_8);
        message.saga().ifPresent(saga -> {
            row.sagaId = saga.sagaId();
            row.sagaType = saga.sagaType();
            row.step = saga.step();
            row.attempt = saga.attempt();
        });
        row.causationId = message.causationId().orElse(null);
        Optional<TraceContext> trace = traceOf(message);
        row.traceparent = trace.map(TraceContext::traceparent).orElse(null);
        row.tracestate = trace.flatMap(TraceContext::tracestate).orElse(null);
        row.createdAt = clock.instant();
        em.persist(row);
        LOG.debugf("Outbox %s (message %s) %s -> %s key=%s", row.id, row.messageId, row.type, row.topic,
                row.messageKey);
    }

    /**
     * The current span's context; without one (a scheduler thread, tracing off upstream) the context the
     * message was given, e.g. the command's on a reply.
     */
    private static Optional<TraceContext> traceOf(OutboxMessage message) {
        return TraceContext.current()
                .or(() -> message.traceparent().flatMap(traceparent -> TraceContext.parse(traceparent, null)));
    }

    /**
     * The trace context of the latest message saga {@code sagaId} sent: what the saga does without a message
     * (a timeout, a retry) continues that trace, so one order stays one trace.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<TraceContext> traceOfSaga(UUID sagaId) {
        @SuppressWarnings("unchecked")
        java.util.List<Object[]> rows = em.createNativeQuery("""
                SELECT traceparent, tracestate FROM outbox WHERE saga_id = ?1 AND traceparent IS NOT NULL
                ORDER BY created_at DESC LIMIT 1""")
                .setParameter(1, sagaId)
                .getResultList();
        return rows.stream().findFirst()
                .flatMap(row -> TraceContext.parse((String) row[0], (String) row[1]));
    }

    /**
     * Sends again, under new message ids, the replies that handling {@code causationId} produced: a saga
     * command delivered twice gets the same outcome twice, without being applied twice.
     *
     * @return how many replies were sent again (0 when the first handling replied nothing, or its rows are
     *         past retention)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int replayRepliesTo(String causationId) {
        // a reply sent again belongs to the trace of the delivery that asked for it, when there is one
        Optional<TraceContext> trace = TraceContext.current();
        String traceColumns = trace.isEmpty() ? "traceparent, tracestate"
                : trace.get().tracestate().isPresent() ? "?4, ?5" : "?4, NULL";
        var insert = em.createNativeQuery("""
                INSERT INTO outbox (id, message_id, aggregate_type, aggregate_id, topic, message_key, type, schema_version, source,
                                    payload, saga_id, saga_type, step, attempt, causation_id, traceparent, tracestate,
                                    created_at, replay_of)
                SELECT gen_random_uuid(), gen_random_uuid()::text, aggregate_type, aggregate_id, topic, message_key, type, schema_version, source,
                       payload, saga_id, saga_type, step, attempt, causation_id, %s, ?2, id
                FROM outbox WHERE causation_id = ?1 AND topic = ?3 AND replay_of IS NULL
                ORDER BY created_at""".formatted(traceColumns))
                .setParameter(1, causationId)
                .setParameter(2, clock.instant())
                .setParameter(3, Topics.SAGA_REPLIES);
        trace.ifPresent(t -> {
            insert.setParameter(4, t.traceparent());
            t.tracestate().ifPresent(state -> insert.setParameter(5, state));
        });
        return insert.executeUpdate();
    }
}
