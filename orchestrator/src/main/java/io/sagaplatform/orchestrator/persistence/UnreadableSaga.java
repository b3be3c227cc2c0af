package io.sagaplatform.orchestrator.persistence;

import java.util.UUID;

/**
 * A stored saga whose data no longer reads as its definition's type (changed by hand, or by a deploy that changed
 * the type incompatibly). The engine cannot act on it; an operator can still see it and abort it.
 */
public class UnreadableSaga extends IllegalStateException {

    private final UUID sagaId;

    public UnreadableSaga(UUID sagaId, String message, Throwable cause) {
        super(message, cause);
        this.sagaId = sagaId;
    }

    public UUID sagaId() {
        return sagaId;
    }
}
