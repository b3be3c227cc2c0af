package io.sagaplatform.messaging.participant;

import java.util.Objects;

import io.sagaplatform.contracts.Message;

/**
 * What a participant answers to a saga command: the reply message and the id of the aggregate it is about (the
 * participant's {@link SagaParticipant#aggregateType()}). The dispatcher writes it to the outbox with the command's
 * saga context, causation and trace, in the command's inbox transaction.
 */
public record Reply(String aggregateId, Message message) {

    public Reply {
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(message, "message");
    }

    /** The reply {@code message} about the aggregate {@code aggregateId} (its {@code toString()}). */
    public static Reply about(Object aggregateId, Message message) {
        return new Reply(Objects.requireNonNull(aggregateId, "aggregateId").toString(), message);
    }
}
