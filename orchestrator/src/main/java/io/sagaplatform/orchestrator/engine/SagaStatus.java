package io.sagaplatform.orchestrator.engine;

/** Where a saga is. COMPLETED, COMPENSATED and ABORTED are final; FAILED waits for an operator. */
public enum SagaStatus {
    /** Executing its steps forward. */
    RUNNING,
    /** A step failed (or its outcome is unknown): undoing the completed steps in reverse order. */
    COMPENSATING,
    /** Every step succeeded. */
    COMPLETED,
    /** Every completed step was undone. */
    COMPENSATED,
    /** Stuck: a compensation, pivot or retriable step could not finish. Needs an operator. */
    FAILED,
    /** Given up by an operator. */
    ABORTED;

    public boolean isFinal() {
        return this == COMPLETED || this == COMPENSATED || this == ABORTED;
    }

    public boolean isActive() {
        return this == RUNNING || this == COMPENSATING;
    }
}
