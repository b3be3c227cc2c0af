package io.sagaplatform.orchestrator.engine;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one step of the saga's current stage stands: its command (or compensation) sent and awaited, or its
 * outcome known. Immutable.
 *
 * @param attempt how many times the step's current command was sent in this round (1-based)
 * @param awaitingRetry the last send timed out; the command is sent again at {@code wakeAt}
 * @param wakeAt when the engine must look at this step again (reply timeout or retry), while it waits
 * @param sentAt when its current command was last sent
 * @param deadLettered its participant parked the current command on its dead-letter topic: it will not be applied
 *        (so it is neither resent nor undone), and the step still counts as unsettled, so that the saga holds
 */
public record StepState(String step, Status status, int attempt, boolean awaitingRetry, Optional<Instant> wakeAt,
        Instant sentAt, boolean deadLettered) {

    public enum Status {
        /** The step's command was sent; its reply is awaited. */
        WAITING,
        /** The step succeeded. */
        SUCCEEDED,
        /** The step failed by business rules: nothing to undo. */
        FAILED,
        /** The step's compensation was sent; its confirmation is awaited. */
        UNDOING,
        /** The step was undone. */
        UNDONE
    }

    public StepState {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(wakeAt, "wakeAt");
        Objects.requireNonNull(sentAt, "sentAt");
    }

    public StepState(String step, Status status, int attempt, boolean awaitingRetry, Optional<Instant> wakeAt,
            Instant sentAt) {
        this(step, status, attempt, awaitingRetry, wakeAt, sentAt, false);
    }

    /** Whether the step still waits for a reply (to its command or to its compensation). */
    public boolean unsettled() {
        return status == Status.WAITING || status == Status.UNDOING;
    }

    /** Whether what the step waits for is its compensation. */
    public boolean compensating() {
        return status == Status.UNDOING;
    }

    StepState settled(Status outcome) {
        return new StepState(step, outcome, attempt, false, Optional.empty(), sentAt);
    }

    StepState waitingUntil(Instant at) {
        return new StepState(step, status, attempt, false, Optional.of(at), sentAt);
    }

    StepState retryAt(Instant at) {
        return new StepState(step, status, attempt, true, Optional.of(at), sentAt);
    }

    StepState asleep() {
        return new StepState(step, status, attempt, false, Optional.empty(), sentAt, deadLettered);
    }

    /** Its command was dead-lettered: nothing more is scheduled for it. */
    StepState refused() {
        return new StepState(step, status, attempt, false, Optional.empty(), sentAt, true);
    }
}
