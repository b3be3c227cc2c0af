package io.sagaplatform.messaging;

import java.util.Objects;
import java.util.UUID;

/**
 * Which saga, step and attempt a command or reply belongs to. The orchestrator puts it on every command;
 * participants copy it onto their reply so that it can be matched on (saga id, step, attempt).
 */
public record SagaContext(UUID sagaId, String sagaType, String step, int attempt) {

    public SagaContext {
        Objects.requireNonNull(sagaId, "sagaId");
        Objects.requireNonNull(sagaType, "sagaType");
        Objects.requireNonNull(step, "step");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1, was " + attempt);
        }
    }
}
