package io.sagaplatform.messaging.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
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

/**
 * Appends messages to the service's outbox table in the caller's transaction. There is deliberately no way
 * to send to Kafka from here: the message exists once the transaction commits, and only then.
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
    public UUID append(OutgoingMessage message) {
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
    public UUID append(OutgoingMessage message, String messageId) {
        UUID id = UUID.randomUUID();
        append(message, id, messageId);
        return id;
    }

    private void append(OutgoingMessage message, UUID id, String messageId) {
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
        row.traceparent = message.traceparent().orElse(null);
        row.createdAt = clock.instant();
        em.persist(row);
        LOG.debugf("Outbox %s (message %s) %s -> %s key=%s", row.id, row.messageId, row.type, row.topic,
                row.messageKey);
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
        return em.createNativeQuery("""
                INSERT INTO outbox (id, message_id, aggregate_type, aggregate_id, topic, message_key, type, schema_version, source,
                                    payload, saga_id, saga_type, step, attempt, causation_id, traceparent, created_at,
                                    replay_of)
                SELECT gen_random_uuid(), gen_random_uuid()::text, aggregate_type, aggregate_id, topic, message_key, type, schema_version, source,
                       payload, saga_id, saga_type, step, attempt, causation_id, traceparent, ?2, id
                FROM outbox WHERE causation_id = ?1 AND topic = ?3 AND replay_of IS NULL
                ORDER BY created_at""")
                .setParameter(1, causationId)
                .setParameter(2, clock.instant())
                .setParameter(3, Topics.SAGA_REPLIES)
                .executeUpdate();
    }
}
