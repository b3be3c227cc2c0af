package io.sagaplatform.messaging.outbox;

import java.util.Objects;
import java.util.Optional;

import io.sagaplatform.contracts.Message;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.messaging.SagaContext;

/**
 * A message on its way into the outbox: what to send, where, under which Kafka key, and the correlation it
 * carries. Built with {@link #event}, {@link #command} or {@link #reply}, which apply the keying rules:
 * aggregate id for events, saga id for commands and replies (per-saga ordering). A reply to an inbound command
 * is {@code Envelope.reply} of the dispatcher, which knows the command it answers.
 *
 * <p>{@code traceparent} is a fallback: {@link Outbox} stores the context of the span current at append time,
 * and this one only when no span is current (a reply carries its command's, so the trace survives a handler
 * that runs outside the dispatcher's span).
 */
public record OutboxMessage(
        String topic,
        String key,
        String aggregateType,
        String aggregateId,
        Message payload,
        Optional<SagaContext> saga,
        Optional<String> causationId,
        Optional<String> traceparent) {

    public OutboxMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(aggregateType, "aggregateType");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(saga, "saga");
        Objects.requireNonNull(causationId, "causationId");
        Objects.requireNonNull(traceparent, "traceparent");
        if (!Topics.isValidName(topic)) {
            // A row the broker would refuse would block the relay forever: refuse it before it is written.
            throw new IllegalArgumentException("Not a valid Kafka topic name: '" + topic + "'");
        }
    }

    /** A domain event about an aggregate, keyed by the aggregate id. */
    public static OutboxMessage event(String topic, String aggregateType, String aggregateId, Message payload) {
        return new OutboxMessage(topic, aggregateId, aggregateType, aggregateId, payload, Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** A saga command, keyed by the saga id. */
    public static OutboxMessage command(String topic, SagaContext saga, String aggregateType, String aggregateId,
            Message payload) {
        return new OutboxMessage(topic, saga.sagaId().toString(), aggregateType, aggregateId, payload,
                Optional.of(saga), Optional.empty(), Optional.empty());
    }

    /**
     * A reply within {@code saga}, on {@link Topics#SAGA_REPLIES}, keyed by the saga id. The command it answers
     * ({@link #causedBy}) and that command's trace ({@link #withTraceparent}) are added by whoever holds the
     * command.
     */
    public static OutboxMessage reply(SagaContext saga, String aggregateType, String aggregateId, Message payload) {
        return new OutboxMessage(Topics.SAGA_REPLIES, saga.sagaId().toString(), aggregateType, aggregateId,
                payload, Optional.of(saga), Optional.empty(), Optional.empty());
    }

    public OutboxMessage causedBy(String messageId) {
        return new OutboxMessage(topic, key, aggregateType, aggregateId, payload, saga, Optional.of(messageId),
                traceparent);
    }

    public OutboxMessage withTraceparent(String value) {
        return new OutboxMessage(topic, key, aggregateType, aggregateId, payload, saga, causationId,
                Optional.ofNullable(value));
    }
}
