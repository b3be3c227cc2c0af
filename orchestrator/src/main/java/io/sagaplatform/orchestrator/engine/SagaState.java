package io.sagaplatform.orchestrator.engine;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Everything the engine knows about one saga instance; immutable, every transition returns a new one.
 *
 * @param step index of the step being executed ({@link Phase#FORWARD}) or compensated; -1 before the first
 * @param attempt how many times the current command was sent in this round (1-based)
 * @param round bumped by an operator retry: a new round sends the command under a new message id
 * @param awaitingRetry the last send timed out; the command is sent again at {@code wakeAt}
 * @param wakeAt when the engine must look at this saga again (reply timeout or retry), if waiting
 * @param deadline the whole saga's deadline, if its definition has one
 */
public record SagaState<D>(
        UUID sagaId,
        String sagaType,
        int definitionVersion,
        SagaStatus status,
        Phase phase,
        int step,
        int attempt,
        int round,
        boolean awaitingRetry,
        D data,
        Optional<String> failureReason,
        Instant startedAt,
        Instant updatedAt,
        Optional<Instant> wakeAt,
        Optional<Instant> deadline) {

    public SagaState {
        Objects.requireNonNull(sagaId, "sagaId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(failureReason, "failureReason");
        Objects.requireNonNull(wakeAt, "wakeAt");
        Objects.requireNonNull(deadline, "deadline");
    }

    SagaState<D> with(SagaStatus newStatus, Phase newPhase, int newStep, int newAttempt, boolean retryPending,
            Optional<Instant> newWakeAt, Instant now) {
        return new SagaState<>(sagaId, sagaType, definitionVersion, newStatus, newPhase, newStep, newAttempt, round,
                retryPending, data, failureReason, startedAt, now, newWakeAt, deadline);
    }

    SagaState<D> withData(D newData) {
        return new SagaState<>(sagaId, sagaType, definitionVersion, status, phase, step, attempt, round,
                awaitingRetry, newData, failureReason, startedAt, updatedAt, wakeAt, deadline);
    }

    SagaState<D> withFailureReason(String reason) {
        return new SagaState<>(sagaId, sagaType, definitionVersion, status, phase, step, attempt, round,
                awaitingRetry, data, Optional.of(reason), startedAt, updatedAt, wakeAt, deadline);
    }

    SagaState<D> nextRound() {
        return new SagaState<>(sagaId, sagaType, definitionVersion, status, phase, step, attempt, round + 1,
                awaitingRetry, data, failureReason, startedAt, updatedAt, wakeAt, deadline);
    }

    SagaState<D> withoutDeadline() {
        return new SagaState<>(sagaId, sagaType, definitionVersion, status, phase, step, attempt, round,
                awaitingRetry, data, failureReason, startedAt, updatedAt, wakeAt, Optional.empty());
    }

    /**
     * The message id of the current step's command in this round: the same for every resend after a
     * timeout (so the participant applies it once), new after an operator retry.
     */
    public String commandMessageId(String stepName) {
        return UUID.nameUUIDFromBytes((sagaId + "/" + phase + "/" + stepName + "/" + round)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }
}
