package io.sagaplatform.orchestrator.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import io.sagaplatform.orchestrator.engine.StepState.Status;
import io.sagaplatform.orchestrator.engine.TimelineEvent.Kind;

/**
 * Interprets a {@link SagaDefinition}. Pure: every method takes the current state, an event and the time,
 * and returns a {@link Transition}; it performs no I/O and reads no clock. The rules:
 * <ul>
 * <li>Stages run one after another; the commands of a stage's steps are sent together. When every step of the
 * stage succeeded, the next stage starts; after the last, COMPLETED.</li>
 * <li>A failure reply starts compensation: the steps of its stage that succeeded are undone at once, those still
 * waiting are awaited — a late success is undone too, a failure needs nothing. When the stage is settled, the
 * earlier stages are undone one after another, newest first (the steps of a stage together), then
 * COMPENSATED.</li>
 * <li>No reply within the timeout: the command is sent again after the retry policy's back-off, under the
 * same message id (the participant applies it once). Attempts exhausted means the outcome is unknown: a
 * compensatable step is compensated too; a pivot or retriable step, or a compensation, leaves the saga
 * FAILED for an operator.</li>
 * <li>The saga deadline compensates a saga that has not reached its pivot (the steps in flight included).</li>
 * <li>A FAILED saga still takes the replies its waiting steps were owed: a late answer is recorded, and once
 * no step waits any more the saga carries on from there — it is reconciled, not left for the operator.</li>
 * <li>A reply for a step outside the current stage, a later attempt, an answer the step does not wait for, or
 * a finished saga is stale: recorded in the timeline, otherwise ignored.</li>
 * <li>A command its participant dead-lettered will not be applied, and sending it again would only be refused
 * again: the saga goes FAILED with the participant's reason, the step is neither resent nor undone, and an
 * operator may compensate (before the pivot) or abort — not retry. A dead letter of a command no step waits on
 * any more (another attempt, round or direction, a settled step, a finished saga) is recorded and ignored.</li>
 * <li>A saga started on another version of the definition is never re-mapped onto this one (its stages may
 * mean other steps): the first event it gets turns it FAILED with the reason, and only an abort is offered.</li>
 * </ul>
 */
public final class SagaEngine<D> {

    private final SagaDefinition<D> definition;

    public SagaEngine(SagaDefinition<D> definition) {
        this.definition = definition;
    }

    public SagaDefinition<D> definition() {
        return definition;
    }

    public Transition<D> start(UUID sagaId, D data, Instant now) {
        SagaState<D> state = new SagaState<>(sagaId, definition.name(), definition.version(), SagaStatus.RUNNING,
                Phase.FORWARD, -1, 1, List.of(), data, Optional.empty(), now, now,
                definition.deadline().map(now::plus));
        Effects effects = new Effects(now);
        effects.event(TimelineEvent.of(now, Kind.SAGA_STARTED, null, 0,
                "saga " + definition.name() + " v" + definition.version()));
        return effects.done(advance(state, effects));
    }

    public Transition<D> onReply(SagaState<D> state, Reply reply, Instant now) {
        Effects effects = new Effects(now);
        if (state.status().isFinal()) {
            return stale(state, reply, "the saga is " + state.status(), effects);
        }
        if (otherVersion(state)) {
            effects.event(TimelineEvent.message(now, Kind.STALE_REPLY_IGNORED, reply.step(), reply.attempt(),
                    reply.type().name(), reply.messageId(), "ignored: " + versionMismatch(state)));
            return effects.done(refuseOtherVersion(state, effects));
        }
        Optional<StepState> waiting = state.step(reply.step());
        Optional<StepDefinition<D>> defined = definition.step(reply.step());
        if (waiting.isEmpty() || defined.isEmpty()) {
            return stale(state, reply, "the saga is at " + where(state), effects);
        }
        StepState member = waiting.get();
        StepDefinition<D> step = defined.get();
        if (reply.attempt() > member.attempt()) {
            return stale(state, reply, "attempt " + reply.attempt() + " was never sent (at " + member.attempt() + ")",
                    effects);
        }
        String type = reply.type().name();
        if (member.status() == Status.WAITING && step.isSuccess(reply.type())) {
            D data = step.successReplies().get(type).apply(state.data(), reply.payload());
            effects.event(TimelineEvent.message(now, Kind.STEP_SUCCEEDED, step.name(), reply.attempt(), type,
                    reply.messageId(), "succeeded"));
            SagaState<D> next = state.withData(data).withStep(member.settled(Status.SUCCEEDED), now);
            if (next.phase() == Phase.COMPENSATION && step.hasCompensation()) {
                next = send(next, step, true, 1, effects); // its stage is being undone: so is this late success
            }
            return effects.done(progress(next, effects));
        }
        if (member.status() == Status.WAITING && step.isFailure(reply.type())) {
            String reason = step.name() + ": " + step.failureReplies().get(type).apply(reply.payload());
            effects.event(TimelineEvent.message(now, Kind.STEP_FAILED, step.name(), reply.attempt(), type,
                    reply.messageId(), reason));
            SagaState<D> next = state.withStep(member.settled(Status.FAILED), now);
            if (next.phase() == Phase.FORWARD) {
                next = beginCompensation(next, reason, unused -> false, effects);
            }
            return effects.done(progress(next, effects));
        }
        if (member.status() == Status.UNDOING && step.confirmsCompensation(reply.type())) {
            effects.event(TimelineEvent.message(now, Kind.STEP_COMPENSATED, step.name(), reply.attempt(), type,
                    reply.messageId(), "compensated"));
            return effects.done(progress(state.withStep(member.settled(Status.UNDONE), now), effects));
        }
        return stale(state, reply, type + " does not answer step " + step.name() + " while it is "
                + member.status(), effects);
    }

    /**
     * A participant dead-lettered a command of this saga. It counts when it is the command a step of the current
     * stage waits on — same message id (round and direction) and the attempt the step was last sent with; an
     * earlier attempt's dead letter is stale, since the resend is still in flight and is judged on its own.
     */
    public Transition<D> onDeadLetter(SagaState<D> state, DeadLetter letter, Instant now) {
        Effects effects = new Effects(now);
        if (state.status().isFinal()) {
            return staleDeadLetter(state, letter, "the saga is " + state.status(), effects);
        }
        if (otherVersion(state)) {
            effects.event(TimelineEvent.message(now, Kind.STALE_DEAD_LETTER_IGNORED, letter.step(), letter.attempt(),
                    letter.messageType(), letter.messageId(), "ignored: " + versionMismatch(state)));
            return effects.done(refuseOtherVersion(state, effects));
        }
        Optional<StepState> waiting = state.step(letter.step());
        if (waiting.isEmpty() || definition.step(letter.step()).isEmpty()) {
            return staleDeadLetter(state, letter, "the saga is at " + where(state), effects);
        }
        StepState member = waiting.get();
        if (!member.unsettled()) {
            return staleDeadLetter(state, letter, "step " + member.step() + " is " + member.status(), effects);
        }
        boolean undo = member.compensating();
        if (!state.commandMessageId(member.step(), undo).equals(letter.messageId())) {
            return staleDeadLetter(state, letter, "step " + member.step() + " waits on another message ("
                    + (undo ? "its compensation" : "its command") + " of round " + state.round() + ")", effects);
        }
        if (letter.attempt() != member.attempt()) {
            return staleDeadLetter(state, letter, letter.attempt() > member.attempt()
                    ? "attempt " + letter.attempt() + " was never sent (at " + member.attempt() + ")"
                    : "attempt " + member.attempt() + " is in flight", effects);
        }
        if (member.deadLettered()) {
            return staleDeadLetter(state, letter, "already dead-lettered", effects);
        }
        String reason = member.step() + ": " + (undo ? "compensation " : "")
                + (letter.messageType() == null ? "command" : letter.messageType()) + " dead-lettered by "
                + letter.consumer() + ": " + letter.reason();
        effects.event(TimelineEvent.message(now, Kind.COMMAND_DEAD_LETTERED, member.step(), letter.attempt(),
                letter.messageType(), letter.messageId(), reason));
        SagaState<D> refused = state.withFailureReason(reason).withStep(member.refused(), now);
        if (state.status() == SagaStatus.FAILED) {
            return effects.done(refused); // already waiting for an operator: now the reason is known
        }
        effects.event(TimelineEvent.of(now, Kind.SAGA_FAILED, member.step(), member.attempt(),
                reason + "; not sent again, needs an operator"));
        return effects.done(refused.failed(now));
    }

    /**
     * Operator: the dead-lettered command {@code messageId} goes back to its participant unchanged (same message id
     * and attempt), after the cause of its refusal was fixed. Only while a step of the current stage still waits on
     * exactly that command: the saga is FAILED for it and nothing replaced it (no retry, compensation or abort). The
     * step then waits for the answer again with its timeout — resent under the same id if none comes, judged again if
     * the participant parks it again — and the saga runs (compensates) again unless another step of the stage is still
     * refused. Anything else is refused: a command no step waits on would be applied for nobody (stock reserved for a
     * rejected order, say); such a dead letter is discarded instead.
     */
    public Transition<D> onDeadLetterReplayed(SagaState<D> state, String messageId, String operator, Instant now) {
        if (state.status() != SagaStatus.FAILED) {
            throw new IllegalSagaAction("Saga " + state.sagaId() + " is " + state.status() + ": it waits on no"
                    + " dead-lettered command, so replaying " + messageId + " would apply it for nobody; discard it");
        }
        if (otherVersion(state)) {
            throw new IllegalSagaAction(versionMismatch(state));
        }
        StepState member = state.unsettled().stream()
                .filter(s -> s.deadLettered() && state.commandMessageId(s.step(), s.compensating()).equals(messageId))
                .findFirst()
                .orElseThrow(() -> new IllegalSagaAction("No step of saga " + state.sagaId() + " waits on the"
                        + " dead-lettered command " + messageId + " (it is at " + where(state) + "); replaying it would"
                        + " apply it for nobody: discard it"));
        StepDefinition<D> step = definition.step(member.step()).orElseThrow();
        Effects effects = new Effects(now);
        effects.event(TimelineEvent.message(now, Kind.OPERATOR_REPLAY, member.step(), member.attempt(), null, messageId,
                operator + " replayed the dead-lettered " + (member.compensating() ? "compensation" : "command")
                        + " of step " + member.step() + " (same message id)"));
        SagaState<D> replayed = state.withStep(member.waitingUntil(now.plus(step.timeout())), now);
        if (deadLettered(replayed)) {
            return effects.done(replayed); // another step of the stage is still refused: the saga still needs an operator
        }
        for (StepState other : replayed.unsettled()) {
            if (other.wakeAt().isEmpty()) { // put asleep when the saga failed: give them their timeout again
                replayed = replayed.withStep(other.waitingUntil(now.plus(definition.step(other.step()).orElseThrow()
                        .timeout())), now);
            }
        }
        return effects.done(replayed.resumedByReplay(now));
    }

    /** {@link #onTimer(SagaState, Instant, DeliveryEvidence)} with every timed-out command taken as consumed. */
    public Transition<D> onTimer(SagaState<D> state, Instant now) {
        return onTimer(state, now, DeliveryEvidence.NONE);
    }

    /**
     * The saga's wake-up time or deadline has come: resend, declare the outcome unknown, or compensate — for
     * each step of the stage whose time has come. A reply timeout whose command is still
     * {@linkplain DeliveryEvidence.Delivery#QUEUED queued} at its participant only moves the step's wake-up on by
     * its timeout (it neither resends nor uses an attempt): the command is not lost, the participant is behind or
     * down. A resend the budget refuses waits a timeout too.
     */
    public Transition<D> onTimer(SagaState<D> state, Instant now, DeliveryEvidence evidence) {
        Effects effects = new Effects(now);
        if (!state.status().isActive()) {
            return effects.done(state);
        }
        if (otherVersion(state)) {
            return effects.done(refuseOtherVersion(state, effects));
        }
        if (state.deadline().isPresent() && !now.isBefore(state.deadline().get())) {
            SagaState<D> withoutDeadline = state.withoutDeadline();
            if (state.phase() == Phase.FORWARD && compensatable(state.stage())) {
                String reason = "saga deadline " + state.deadline().get() + " exceeded at " + where(state);
                effects.event(TimelineEvent.of(now, Kind.DEADLINE_EXCEEDED, firstWaiting(state), state.attempt(),
                        reason));
                return effects.done(
                        progress(beginCompensation(withoutDeadline, reason, unused -> true, effects), effects));
            }
            state = withoutDeadline; // at or past the pivot, or already compensating: the saga only moves on
        }
        for (StepState original : state.steps()) {
            if (!state.status().isActive()) {
                break;
            }
            StepState member = state.step(original.step()).orElse(null);
            if (member != null && member.unsettled() && member.wakeAt().isPresent() && !now.isBefore(member.wakeAt().get())) {
                state = timedOut(state, member, evidence, effects);
            }
        }
        return effects.done(state);
    }

    private SagaState<D> timedOut(SagaState<D> state, StepState member, DeliveryEvidence evidence, Effects effects) {
        Instant now = effects.now;
        StepDefinition<D> step = definition.step(member.step()).orElseThrow();
        boolean undo = member.compensating();
        if (member.awaitingRetry()) {
            return send(state, step, undo, member.attempt() + 1, effects);
        }
        String messageId = state.commandMessageId(step.name(), undo);
        String topic = commandTopic(state, step, undo);
        DeliveryEvidence.Delivery delivery = evidence.delivery(topic, messageId);
        if (delivery != DeliveryEvidence.Delivery.CONSUMED) {
            Instant at = now.plus(step.timeout());
            effects.event(TimelineEvent.message(now, Kind.COMMAND_QUEUED, step.name(), member.attempt(), null,
                    messageId,
                    (delivery == DeliveryEvidence.Delivery.QUEUED ? "not yet consumed from " + topic
                            : "consumed from " + topic + ", and replies to this saga wait unread in the orchestrator's"
                                    + " queue") + ": waiting, not resending; looking again at " + at));
            return state.withStep(member.waitingUntil(at), null);
        }
        effects.event(TimelineEvent.message(now, Kind.STEP_TIMED_OUT, step.name(), member.attempt(), null,
                messageId, "no reply within " + step.timeout()));
        boolean canRetry = member.attempt() < step.retry().maxAttempts();
        if (canRetry && !evidence.takeResend()) {
            Instant at = now.plus(step.timeout());
            effects.event(TimelineEvent.of(now, Kind.RESEND_DEFERRED, step.name(), member.attempt(),
                    "the resend budget is spent: looking again at " + at));
            return state.withStep(member.waitingUntil(at), null);
        }
        if (canRetry) {
            Instant at = now.plus(step.retry().backoffAfter(member.attempt(), state.sagaId().getLeastSignificantBits()));
            if (!at.isAfter(now)) {
                return send(state, step, undo, member.attempt() + 1, effects);
            }
            effects.event(TimelineEvent.of(now, Kind.RETRY_SCHEDULED, step.name(), member.attempt() + 1,
                    "sending again at " + at));
            return state.withStep(member.retryAt(at), now);
        }
        String unknown = step.name() + ": no reply after " + member.attempt() + " attempt(s)";
        if (!undo && step.kind() == StepKind.COMPENSATABLE) {
            effects.event(TimelineEvent.of(now, Kind.OUTCOME_UNKNOWN, step.name(), member.attempt(),
                    unknown + "; compensating it too"));
            if (state.phase() == Phase.FORWARD) {
                return progress(beginCompensation(state, unknown, s -> s.step().equals(step.name()), effects), effects);
            }
            return send(state, step, true, 1, effects);
        }
        return fail(state, step.name(), undo ? "compensation of " + unknown
                : unknown + "; outcome unknown after the point of no return", effects);
    }

    /**
     * Operator: send again what a FAILED saga waits for, under new message ids — going forward, the commands of
     * the stage's waiting steps; compensating, the compensations of its unsettled steps.
     */
    public Transition<D> retry(SagaState<D> state, String operator, Instant now) {
        if (state.status() != SagaStatus.FAILED) {
            throw new IllegalSagaAction("Only a FAILED saga can be retried; saga " + state.sagaId() + " is "
                    + state.status());
        }
        if (otherVersion(state)) {
            throw new IllegalSagaAction(versionMismatch(state));
        }
        if (deadLettered(state)) {
            throw new IllegalSagaAction("Saga " + state.sagaId() + " cannot be retried: its participant dead-lettered "
                    + names(state.unsettled().stream().filter(StepState::deadLettered).toList())
                    + ", and would refuse the same command again ("
                    + state.failureReason().orElse("see the timeline") + ")");
        }
        Effects effects = new Effects(now);
        boolean forward = state.phase() == Phase.FORWARD;
        effects.event(TimelineEvent.of(now, Kind.OPERATOR_RETRY, firstWaiting(state), 1,
                operator + " retried " + (forward ? "step " : "the compensation of ") + names(state.unsettled())));
        SagaState<D> resumed = state.retried(now);
        for (StepState member : state.unsettled()) {
            resumed = send(resumed, definition.step(member.step()).orElseThrow(), !forward, 1, effects);
        }
        return effects.done(progress(resumed, effects));
    }

    /** Operator: give up going forward and undo what was done. Refused at and after the pivot. */
    public Transition<D> forceCompensation(SagaState<D> state, String operator, String reason, Instant now) {
        boolean forwardOrStuckForward = state.status() == SagaStatus.RUNNING
                || (state.status() == SagaStatus.FAILED && state.phase() == Phase.FORWARD);
        if (!forwardOrStuckForward) {
            throw new IllegalSagaAction("Compensation can be forced on a RUNNING saga or one FAILED going forward;"
                    + " saga " + state.sagaId() + " is " + state.status() + " in phase " + state.phase()
                    + (state.status() == SagaStatus.FAILED ? " (retry its compensation instead)" : ""));
        }
        if (otherVersion(state)) {
            throw new IllegalSagaAction(versionMismatch(state));
        }
        if (!compensatable(state.stage())) {
            throw new IllegalSagaAction("Saga " + state.sagaId() + " is at or past its pivot (at " + where(state)
                    + "): its outcome may already be decided, so it can only move forward");
        }
        Effects effects = new Effects(now);
        String why = "compensation forced by " + operator + (reason == null || reason.isBlank() ? "" : ": " + reason);
        effects.event(TimelineEvent.of(now, Kind.OPERATOR_COMPENSATE, firstWaiting(state), state.attempt(), why));
        // the outcome of a step in flight is unknown: undo it too
        return effects.done(progress(beginCompensation(state.nextRound(), why, unused -> true, effects), effects));
    }

    /** Operator: stop the saga where it is, sending nothing more. */
    public Transition<D> abort(SagaState<D> state, String operator, String reason, Instant now) {
        if (state.status().isFinal()) {
            throw new IllegalSagaAction("Saga " + state.sagaId() + " is already " + state.status());
        }
        Effects effects = new Effects(now);
        effects.event(TimelineEvent.of(now, Kind.OPERATOR_ABORT, firstWaiting(state), state.attempt(),
                "aborted by " + operator + (reason == null || reason.isBlank() ? "" : ": " + reason)));
        return effects.done(state.aborted(now));
    }

    /** What an operator may do with a saga in this state, for the dashboard. */
    public List<OperatorAction> allowedActions(SagaState<D> state) {
        List<OperatorAction> actions = new ArrayList<>();
        if (otherVersion(state)) {
            return state.status().isFinal() ? actions : List.of(OperatorAction.ABORT);
        }
        if (state.status() == SagaStatus.FAILED && !deadLettered(state)) {
            actions.add(OperatorAction.RETRY);
        }
        boolean forward = state.status() == SagaStatus.RUNNING
                || (state.status() == SagaStatus.FAILED && state.phase() == Phase.FORWARD);
        if (forward && compensatable(state.stage())) {
            actions.add(OperatorAction.COMPENSATE);
        }
        if (!state.status().isFinal()) {
            actions.add(OperatorAction.ABORT);
        }
        return actions;
    }

    /**
     * The compensations a forced compensation would send, newest stage first (the current stage's steps that
     * succeeded or are in flight, then every earlier stage), for the operator's confirmation.
     */
    public List<String> compensationsFrom(SagaState<D> state) {
        List<String> names = new ArrayList<>();
        if (state.stage() < 0) {
            return names;
        }
        if (state.phase() == Phase.FORWARD) {
            for (StepState member : state.steps()) {
                StepDefinition<D> step = definition.step(member.step()).orElseThrow();
                if (member.status() != Status.FAILED && !member.deadLettered() && step.hasCompensation()) {
                    names.add(step.name());
                }
            }
        }
        names.addAll(compensationsBefore(state.stage()));
        return names;
    }

    private List<String> compensationsBefore(int stage) {
        List<String> names = new ArrayList<>();
        for (int i = Math.min(stage, definition.stages().size()) - 1; i >= 0; i--) {
            definition.stage(i).stream().filter(StepDefinition::hasCompensation).forEach(s -> names.add(s.name()));
        }
        return names;
    }

    /**
     * The commands an allowed operator action would send, in the order they would go (a stage's together, each
     * earlier stage once the later one is confirmed), so that the operator confirms knowing exactly what leaves:
     * {@code RETRY} resends what the stage waits for (going forward, the saga then carries on as usual) or its
     * compensations followed by the remaining ones; {@code COMPENSATE} sends {@link #compensationsFrom}; an
     * {@code ABORT} sends nothing.
     */
    public List<CommandPreview> wouldSend(OperatorAction action, SagaState<D> state) {
        if (!allowedActions(state).contains(action)) {
            throw new IllegalSagaAction("Saga " + state.sagaId() + " in status " + state.status() + " does not allow "
                    + action.apiName());
        }
        List<CommandPreview> planned = new ArrayList<>();
        switch (action) {
            case RETRY -> {
                boolean forward = state.phase() == Phase.FORWARD;
                for (StepState member : state.unsettled()) {
                    planned.add(planned(state, member.step(), !forward));
                }
                if (!forward) {
                    compensationsBefore(state.stage()).forEach(step -> planned.add(planned(state, step, true)));
                }
            }
            case COMPENSATE -> compensationsFrom(state).forEach(step -> planned.add(planned(state, step, true)));
            case ABORT -> {
                // stops where it is
            }
        }
        return planned;
    }

    private CommandPreview planned(SagaState<D> state, String stepName, boolean compensation) {
        StepDefinition<D> step = definition.step(stepName).orElseThrow();
        String type;
        try {
            Command command = command(state, step, compensation, "operator");
            type = io.sagaplatform.contracts.MessageTypes.of(command.payload().getClass()).name();
        } catch (RuntimeException dataNotThereYet) {
            type = null; // the step is still named; its command is built when it is really sent
        }
        return new CommandPreview(step.name(), type, compensation);
    }

    /** Whether a step of the current stage waits on a command its participant dead-lettered. */
    private static boolean deadLettered(SagaState<?> state) {
        return state.unsettled().stream().anyMatch(StepState::deadLettered);
    }

    private boolean otherVersion(SagaState<D> state) {
        return state.definitionVersion() != definition.version();
    }

    private String versionMismatch(SagaState<D> state) {
        return "saga " + state.sagaId() + " started on " + definition.name() + " v" + state.definitionVersion()
                + ", and this orchestrator runs v" + definition.version() + ": a saga is never re-mapped onto another"
                + " version of its definition; finish it with an orchestrator that runs v" + state.definitionVersion()
                + ", or abort it";
    }

    /** A saga of another version is stopped loudly, once: FAILED with the reason, nothing sent. */
    private SagaState<D> refuseOtherVersion(SagaState<D> state, Effects effects) {
        if (state.status() == SagaStatus.FAILED) {
            return state;
        }
        String why = versionMismatch(state);
        effects.event(TimelineEvent.of(effects.now, Kind.SAGA_FAILED, null, 0, why));
        return state.withFailureReason(why).failed(effects.now);
    }

    /** Whether the stage holds only compensatable steps: before the pivot, where a saga may still be undone. */
    private boolean compensatable(int stage) {
        return stage >= 0 && stage < definition.stages().size()
                && definition.stage(stage).stream().allMatch(s -> s.kind() == StepKind.COMPENSATABLE);
    }

    /** Sends every command of the next stage that has any (a compensation-only step has nothing to do forward). */
    private SagaState<D> advance(SagaState<D> state, Effects effects) {
        int next = state.stage() + 1;
        while (next < definition.stages().size() && definition.stage(next).stream().noneMatch(StepDefinition::hasAction)) {
            next++;
        }
        if (next >= definition.stages().size()) {
            effects.event(TimelineEvent.of(effects.now, Kind.SAGA_COMPLETED, null, 0, "all effects succeeded"));
            return state.completed(definition.stages().size() - 1, effects.now);
        }
        SagaState<D> running = state.enteringStage(next, effects.now);
        for (StepDefinition<D> step : definition.stage(next)) {
            if (step.hasAction()) {
                running = send(running, step, false, 1, effects);
            }
        }
        return running;
    }

    /**
     * Turns the saga to compensation at its current stage: every step that succeeded is undone at once, and so is
     * every step still in flight that {@code undoInFlight} picks (its outcome unknown); the others are awaited.
     */
    private SagaState<D> beginCompensation(SagaState<D> state, String reason, Predicate<StepState> undoInFlight,
            Effects effects) {
        effects.event(TimelineEvent.of(effects.now, Kind.COMPENSATION_STARTED, null, 0, reason));
        SagaState<D> compensating = state.compensating(reason, effects.now);
        for (StepState member : state.steps()) {
            StepDefinition<D> step = definition.step(member.step()).orElseThrow();
            if (member.deadLettered()) {
                // refused by its participant, so never applied: nothing to undo, and no reply will come
                compensating = compensating.withStep(member.settled(Status.FAILED), effects.now);
                continue;
            }
            boolean undo = member.status() == Status.SUCCEEDED
                    || (member.status() == Status.WAITING && undoInFlight.test(member));
            if (undo && step.hasCompensation()) {
                compensating = send(compensating, step, true, 1, effects);
            }
        }
        return compensating;
    }

    /**
     * Once no step of the stage waits any more: going forward, every step succeeded, so the next stage starts;
     * compensating, the stage is undone, so the one before it is. While a step waits, nothing moves (a FAILED
     * saga stays FAILED).
     */
    private SagaState<D> progress(SagaState<D> state, Effects effects) {
        if (!state.unsettled().isEmpty()) {
            return state;
        }
        return state.phase() == Phase.FORWARD ? advance(state, effects)
                : compensateBefore(state, state.stage(), effects);
    }

    private SagaState<D> compensateBefore(SagaState<D> state, int stage, Effects effects) {
        for (int i = Math.min(stage, definition.stages().size()) - 1; i >= 0; i--) {
            List<StepDefinition<D>> undoable = definition.stage(i).stream().filter(StepDefinition::hasCompensation)
                    .toList();
            if (!undoable.isEmpty()) {
                SagaState<D> compensating = state.compensatingStage(i, effects.now);
                for (StepDefinition<D> step : undoable) {
                    compensating = send(compensating, step, true, 1, effects);
                }
                return compensating;
            }
        }
        effects.event(TimelineEvent.of(effects.now, Kind.SAGA_COMPENSATED, null, 0,
                "every completed step was undone; reason: " + state.failureReason().orElse("unknown")));
        return state.compensated(effects.now);
    }

    private SagaState<D> send(SagaState<D> state, StepDefinition<D> step, boolean compensation, int attempt,
            Effects effects) {
        Command command = command(state, step, compensation, "unknown");
        String messageId = state.commandMessageId(step.name(), compensation);
        Kind kind = compensation ? (attempt == 1 ? Kind.COMPENSATION_SENT : Kind.COMPENSATION_RESENT)
                : (attempt == 1 ? Kind.COMMAND_SENT : Kind.COMMAND_RESENT);
        effects.command(new CommandToSend(step.name(), attempt, compensation, messageId, command));
        effects.event(TimelineEvent.message(effects.now, kind, step.name(), attempt,
                io.sagaplatform.contracts.MessageTypes.of(command.payload().getClass()).name(), messageId,
                "to " + command.topic()));
        return state.withStep(new StepState(step.name(), compensation ? Status.UNDOING : Status.WAITING, attempt, false,
                Optional.of(effects.now.plus(step.timeout())), effects.now), effects.now);
    }

    private Command command(SagaState<D> state, StepDefinition<D> step, boolean compensation, String noReason) {
        return compensation
                ? step.compensation().orElseThrow().apply(state.data(), state.failureReason().orElse(noReason))
                : step.action().orElseThrow().apply(state.data());
    }

    /** The topic of the command a step waits on: its action going forward, its compensation back. */
    private String commandTopic(SagaState<D> state, StepDefinition<D> step, boolean compensation) {
        try {
            return command(state, step, compensation, "unknown").topic();
        } catch (RuntimeException noCommand) {
            return "";
        }
    }

    private SagaState<D> fail(SagaState<D> state, String step, String why, Effects effects) {
        effects.event(TimelineEvent.of(effects.now, Kind.SAGA_FAILED, step, attemptOf(state, step),
                why + "; needs an operator"));
        return state.failed(effects.now);
    }

    private static int attemptOf(SagaState<?> state, String step) {
        return state.step(step).map(StepState::attempt).orElse(0);
    }

    private static String firstWaiting(SagaState<?> state) {
        return state.unsettled().stream().map(StepState::step).findFirst()
                .orElse(state.steps().isEmpty() ? null : state.steps().get(0).step());
    }

    private static String names(List<StepState> members) {
        return String.join(" + ", members.stream().map(StepState::step).toList());
    }

    /** The current stage in words: its steps and the phase. */
    private String where(SagaState<D> state) {
        if (state.stage() < 0 || state.stage() >= definition.stages().size()) {
            return "no step";
        }
        String stepNames = String.join(" + ",
                definition.stage(state.stage()).stream().map(StepDefinition::name).toList());
        return "step " + stepNames + " (" + state.phase() + ")";
    }

    private Transition<D> staleDeadLetter(SagaState<D> state, DeadLetter letter, String why, Effects effects) {
        effects.event(TimelineEvent.message(effects.now, Kind.STALE_DEAD_LETTER_IGNORED, letter.step(),
                letter.attempt(),
                letter.messageType(), letter.messageId(), "ignored: dead-lettered by " + letter.consumer() + " ("
                        + letter.reason() + "), but " + why));
        return effects.done(state);
    }

    private Transition<D> stale(SagaState<D> state, Reply reply, String why, Effects effects) {
        effects.event(TimelineEvent.message(effects.now, Kind.STALE_REPLY_IGNORED, reply.step(), reply.attempt(),
                reply.type().name(), reply.messageId(), "ignored: " + why));
        return effects.done(state);
    }

    /** What one transition sends and records, as it is decided, at one time: its commands and timeline events. */
    private final class Effects {
        final Instant now;
        final List<CommandToSend> commands = new ArrayList<>();
        final List<TimelineEvent> events = new ArrayList<>();

        Effects(Instant now) {
            this.now = now;
        }

        void command(CommandToSend command) {
            commands.add(command);
        }

        void event(TimelineEvent event) {
            events.add(event);
        }

        Transition<D> done(SagaState<D> state) {
            return new Transition<>(state, commands, events);
        }
    }
}
