package io.sagaplatform.messaging.dispatch;

import java.time.Instant;
import java.util.Optional;

import io.sagaplatform.contracts.Message;
import io.sagaplatform.messaging.SagaContext;
import io.sagaplatform.messaging.outbox.OutboxMessage;

/**
 * What an inbound message says about itself, read from its Kafka headers (CloudEvents binary mode plus the
 * platform's correlation headers) and where it was read from.
 */
public record Envelope(
        String id,
        String type,
        int schemaVersion,
        String source,
        Optional<Instant> time,
        Optional<String> subject,
        String key,
        Optional<SagaContext> saga,
        Optional<String> causationId,
        Optional<String> traceparent,
        String topic,
        int partition,
        long offset) {

    /**
     * The reply to this command, for the outbox: on {@code saga.replies}, keyed by the saga id, carrying the
     * command's saga context, its id as causation and its trace context.
     *
     * @throws DeadLetterException when the message carries no saga context: it can never be answered, so it is
     *         parked at once rather than retried
     */
    public OutboxMessage reply(String aggregateType, String aggregateId, Message payload) {
        SagaContext context = saga.orElseThrow(() -> new DeadLetterException(
                "Message " + id + " (" + type + ") carries no saga context to reply to"));
        return OutboxMessage.reply(context, aggregateType, aggregateId, payload).causedBy(id)
                .withTraceparent(traceparent.orElse(null));
    }
}
