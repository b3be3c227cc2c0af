package io.sagaplatform.orchestrator.engine;

import java.util.Objects;

import io.sagaplatform.contracts.Message;

/** A message the saga sends to a participant, and the topic it goes to. */
public record Command(String topic, Message payload) {

    public Command {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
    }
}
