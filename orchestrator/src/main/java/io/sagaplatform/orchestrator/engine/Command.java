package io.sagaplatform.orchestrator.engine;

import java.util.Objects;

import io.sagaplatform.contracts.Message;

/**
 * A message the saga sends to a participant, and the topic it goes to: what a step's definition builds from the
 * saga's data. The engine sends it as a {@link CommandToSend} (with the step, attempt and message id it travels
 * under); an operator is shown a {@link CommandPreview} before an action sends one.
 */
public record Command(String topic, Message payload) {

    public Command {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
    }
}
