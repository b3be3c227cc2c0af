package io.sagaplatform.orchestrator.engine;

import java.time.Instant;
import java.util.Optional;

/** One entry of a saga's append-only history: what happened, to which step and attempt, and when. */
public record TimelineEvent(
        Instant at,
        Kind kind,
        Optional<String> step,
        int attempt,
        Optional<String> messageType,
        Optional<String> messageId,
        String detail) {

    public enum Kind {
        SAGA_STARTED,
        COMMAND_SENT,
        COMMAND_RESENT,
        STEP_SUCCEEDED,
        STEP_FAILED,
        STEP_TIMED_OUT,
        /** A reply timeout whose command still waits, unconsumed, at its participant: not resent. */
        COMMAND_QUEUED,
        /** A resend the resend budget did not allow yet. */
        RESEND_DEFERRED,
        RETRY_SCHEDULED,
        OUTCOME_UNKNOWN,
        DEADLINE_EXCEEDED,
        COMPENSATION_STARTED,
        COMPENSATION_SENT,
        COMPENSATION_RESENT,
        STEP_COMPENSATED,
        STALE_REPLY_IGNORED,
        /** The participant parked the command the step waits on on its dead-letter topic: the saga is FAILED. */
        COMMAND_DEAD_LETTERED,
        /** A dead letter of a command no step waits on (any more): recorded, otherwise ignored. */
        STALE_DEAD_LETTER_IGNORED,
        SAGA_COMPLETED,
        SAGA_COMPENSATED,
        SAGA_FAILED,
        OPERATOR_RETRY,
        OPERATOR_COMPENSATE,
        OPERATOR_ABORT,
        /** An operator sent a dead-lettered command of the saga back to its participant (same message id). */
        OPERATOR_REPLAY
    }

    static TimelineEvent of(Instant at, Kind kind, String step, int attempt, String detail) {
        return new TimelineEvent(at, kind, Optional.ofNullable(step), attempt, Optional.empty(), Optional.empty(),
                detail);
    }

    static TimelineEvent message(Instant at, Kind kind, String step, int attempt, String type, String messageId,
            String detail) {
        return new TimelineEvent(at, kind, Optional.ofNullable(step), attempt, Optional.ofNullable(type),
                Optional.ofNullable(messageId), detail);
    }
}
