package io.sagaplatform.orchestrator.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Everything the engine knows about one saga instance; immutable, every transition returns a new one.
 *
 * @param stage index of the stage ({@link SagaDefinition#stages()}) being executed ({@link Phase#FORWARD}) or
 * compensated; -1 before the first
 * @param round bumped by an operator action: a new round sends its commands under new message ids
 * @param steps where each step of the current stage stands (those sent in this stage and phase)
 * @param deadline the whole saga's deadline, if its definition has one
 */
public record SagaState<D>(
        UUID sagaId,
        String sagaType,
        int definitionVersion,
        SagaStatus status,
        Phase phase,
        int stage,
        int round,
        List<StepState> steps,
        D data,
        Optional<String> failureReason,
        Instant startedAt,
        Instant updatedAt,
        Optional<Instant> deadline) {

    public SagaState {
        Objects.requireNonNull(sagaId, "sagaId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(failureReason, "failureReason");
        Objects.requireNonNull(deadline, "deadline");
        steps = List.copyOf(steps);
    }

    /** When the engine must look at this saga again for a reply timeout or a retry: the earliest of its steps. */
    public Optional<Instant> wakeAt() {
        return steps.stream().map(StepState::wakeAt).flatMap(Optional::stream).min(Comparator.naturalOrder());
    }

    /** The highest attempt among the steps still waiting (the most any of them was sent), 0 when none waits. */
    public int attempt() {
        return steps.stream().filter(StepState::unsettled).mapToInt(StepState::attempt).max().orElse(0);
    }

    /** Whether a step waits to be sent again after a timeout. */
    public boolean awaitingRetry() {
        return steps.stream().anyMatch(StepState::awaitingRetry);
    }

    public Optional<StepState> step(String name) {
        return steps.stream().filter(s -> s.step().equals(name)).findFirst();
    }

    /** The steps of the current stage that still wait for a reply. */
    public List<StepState> unsettled() {
        return steps.stream().filter(StepState::unsettled).toList();
    }

    /** Going forward into {@code newStage}: RUNNING, none of its steps sent yet. */
    SagaState<D> enteringStage(int newStage, Instant now) {
        return moved(SagaStatus.RUNNING, Phase.FORWARD, newStage, List.of(), now);
    }

    /** Every step succeeded: COMPLETED at {@code lastStage}, the steps as they stand, no deadline any more. */
    SagaState<D> completed(int lastStage, Instant now) {
        return moved(SagaStatus.COMPLETED, Phase.FORWARD, lastStage, steps, now).withoutDeadline();
    }

    /** Turned back at the current stage, for {@code reason}: COMPENSATING, its steps as they stand. */
    SagaState<D> compensating(String reason, Instant now) {
        return withFailureReason(reason).moved(SagaStatus.COMPENSATING, Phase.COMPENSATION, stage, steps, now);
    }

    /** Undoing the earlier {@code newStage}: COMPENSATING, none of its compensations sent yet. */
    SagaState<D> compensatingStage(int newStage, Instant now) {
        return moved(SagaStatus.COMPENSATING, Phase.COMPENSATION, newStage, List.of(), now);
    }

    /** Every completed step was undone: COMPENSATED, no deadline any more. */
    SagaState<D> compensated(Instant now) {
        return moved(SagaStatus.COMPENSATED, Phase.COMPENSATION, 0, steps, now).withoutDeadline();
    }

    /** Waiting for an operator: FAILED, nothing scheduled (no resend, no timeout). */
    SagaState<D> failed(Instant now) {
        return moved(SagaStatus.FAILED, phase, stage, asleepSteps(), now);
    }

    /** Given up by an operator where it stands: ABORTED, nothing scheduled, no deadline. */
    SagaState<D> aborted(Instant now) {
        return moved(SagaStatus.ABORTED, phase, stage, asleepSteps(), now).withoutDeadline();
    }

    /**
     * Sent on again by an operator, in a new round (new message ids): RUNNING going forward, COMPENSATING going
     * back.
     */
    SagaState<D> retried(Instant now) {
        return nextRound().moved(phase == Phase.FORWARD ? SagaStatus.RUNNING : SagaStatus.COMPENSATING, phase, stage,
                steps, now);
    }

    /**
     * Waiting again in the same round after an operator replayed its dead-lettered command (same message id):
     * RUNNING going forward, COMPENSATING going back.
     */
    SagaState<D> resumedByReplay(Instant now) {
        return moved(phase == Phase.FORWARD ? SagaStatus.RUNNING : SagaStatus.COMPENSATING, phase, stage, steps, now);
    }

    private List<StepState> asleepSteps() {
        return steps.stream().map(StepState::asleep).toList();
    }

    private SagaState<D> moved(SagaStatus newStatus, Phase newPhase, int newStage, List<StepState> newSteps,
            Instant now) {
        return new SagaState<>(sagaId, sagaType, definitionVersion, newStatus, newPhase, newStage, round, newSteps,
                data, failureReason, startedAt, now, deadline);
    }

    /** Replaces the step's state (or adds it); {@code now} stamps the change, null keeps the saga's time. */
    SagaState<D> withStep(StepState step, Instant now) {
        List<StepState> changed = new ArrayList<>(steps);
        changed.removeIf(s -> s.step().equals(step.step()));
        changed.add(step);
        changed.sort(Comparator.comparing(s -> indexIn(steps, s.step())));
        return moved(status, phase, stage, changed, now == null ? updatedAt : now);
    }

    private static int indexIn(List<StepState> steps, String name) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).step().equals(name)) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    SagaState<D> withData(D newData) {
        return new SagaState<>(sagaId, sagaType, definitionVersion, status, phase, stage, round, steps, newData,
                failureReason, startedAt, updatedAt, deadline);
    }

    SagaState<D> withFailureReason(String reason) {
        return new SagaState<>(sagaId, sagaType, definitionVersion, status, phase, stage, round, steps, data,
                Optional.of(reason), startedAt, updatedAt, deadline);
    }

    SagaState<D> nextRound() {
        return new SagaState<>(sagaId, sagaType, definitionVersion, status, phase, stage, round + 1, steps, data,
                failureReason, startedAt, updatedAt, deadline);
    }

    SagaState<D> withoutDeadline() {
        return new SagaState<>(sagaId, sagaType, definitionVersion, status, phase, stage, round, steps, data,
                failureReason, startedAt, updatedAt, Optional.empty());
    }

    /**
     * The message id of a step's command (or, with {@code compensation}, its compensation) in this round: the same
     * for every resend after a timeout (so the participant applies it once), new after an operator action.
     */
    public String commandMessageId(String stepName, boolean compensation) {
        Phase kind = compensation ? Phase.COMPENSATION : Phase.FORWARD;
        return UUID.nameUUIDFromBytes((sagaId + "/" + kind + "/" + stepName + "/" + round)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }
}
