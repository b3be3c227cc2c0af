package io.sagaplatform.orchestrator.engine;

import java.util.Objects;

/**
 * A command a participant gave up on and parked on {@code <topic>.dlq}, as the engine sees it: which step and
 * attempt it was sent for, under which message id, and who refused it and why. Matched like a {@link Reply}
 * (step of the current stage, attempt), and also on the message id, so that the dead letter of an earlier round,
 * or of the step's forward command while its compensation is awaited, is recognised as stale.
 *
 * @param messageType the command's wire type, when the dead-lettered record still says it (null otherwise)
 * @param consumer the participant that refused it ({@code dlq-consumer})
 * @param reason why ({@code dlq-reason})
 */
public record DeadLetter(String step, int attempt, String messageId, String messageType, String consumer,
        String reason) {

    public DeadLetter {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(reason, "reason");
    }
}
