package io.sagaplatform.messaging.outbox;

import java.util.Objects;
import java.util.Optional;

import io.sagaplatform.contracts.Message;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.messaging.SagaContext;
import io.sagaplatform.messaging.dispatch.DeadLetterException;
import io.sagaplatform.messaging.dispatch.Envelope;

/**
 * A message on its way into the outbox: what to send, where, under which Kafka key, and the correlation it
 * carries. Built with {@link #event}, {@link #command} or {@link #replyTo}, which apply the keying rules:
 * aggregate id for events, saga id for commands and replies (per-saga ordering).
 *
 * <p>{@code traceparent} is a fallback: {@link Outbox} stores the context of the span current at append time,
 * and this one only when no span is current (a reply carries its command's, so the trace survives a handler
 * that runs outside the dispatcher's span).
 */
public record OutgoingMessage(
        String topic,
        String key,
        String aggregateType,
        String aggregateId,
        Message payload,
        Optional<SagaContext> saga,
        Optional<String> causationId,
        Optional<String> traceparent) {

    public OutgoingMessage {
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
    public static OutgoingMessage event(String topic, String aggregateType, String aggregateId, Message payload) {
        return new OutgoingMessage(topic, aggregateId, aggregateType, aggregateId, payload, Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** A saga command, keyed by the saga id. */
    public static OutgoingMessage command(String topic, SagaContext saga, String aggregateType, String aggregateId,
            Message payload) {
        return new OutgoingMessage(topic, saga.sagaId().toString(), aggregateType, aggregateId, payload,
                Optional.of(saga), Optional.empty(), Optional.empty());
    }

    /**
     * The reply to a saga command, on {@link Topics#SAGA_REPLIES}, keyed by the saga id, carrying the
     * command's saga context, its id as causation and its trace context.
     */
    public static OutgoingMessage replyTo(Envelope command, String aggregateType, String aggregateId,
            Message payload) {
        // a command without saga context can never be answered: park it at once rather than retry it
        SagaContext saga = command.saga().orElseThrow(() -> new DeadLetterException(
                "Message " + command.id() + " (" + command.type() + ") carries no saga context to reply to"));
        return new OutgoingMessage(Topics.SAGA_REPLIES, saga.sagaId().toString(), aggregateType, aggregateId,
                payload, Optional.of(saga), Optional.of(command.id()), command.traceparent());
    }

    public OutgoingMessage causedBy(String messageId) {
        return new OutgoingMessage(topic, key, aggregateType, aggregateId, payload, saga, Optional.of(messageId),
                traceparent);
    }

    public OutgoingMessage withTraceparent(String value) {
        return new OutgoingMessage(topic, key, aggregateType, aggregateId, payload, saga, causationId,
                Optional.ofNullable(value));
    }
}
