package io.sagaplatform.orchestrator.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.sagaplatform.orchestrator.engine.TimelineEvent.Kind;

/**
 * Interprets a {@link SagaDefinition}. Pure: every method takes the current state, an event and the time,
 * and returns a {@link Transition}; it performs no I/O and reads no clock. The rules:
 * <ul>
 * <li>Steps run one after another. A success reply moves to the next step; after the last, COMPLETED.</li>
 * <li>A failure reply compensates the steps completed before it, in reverse order, then COMPENSATED.</li>
 * <li>No reply within the timeout: the command is sent again after the retry policy's back-off, under the
 * same message id (the participant applies it once). Attempts exhausted means the outcome is unknown: a
 * compensatable step is compensated too; a pivot or retriable step, or a compensation, leaves the saga
 * FAILED for an operator.</li>
 * <li>The saga deadline compensates a saga that has not passed its pivot.</li>
 * <li>A reply for another step, another phase, a later attempt, or a finished saga is stale: recorded in
 * the timeline, otherwise ignored.</li>
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
                Phase.FORWARD, -1, 0, 1, false, data, Optional.empty(), now, now, Optional.empty(),
                definition.deadline().map(now::plus));
        Steps steps = new Steps(now);
        steps.event(TimelineEvent.of(now, Kind.SAGA_STARTED, null, 0,
                "saga " + definition.name() + " v" + definition.version()));
        return steps.done(advance(state, steps));
    }

    public Transition<D> onReply(SagaState<D> state, Reply reply, Instant now) {
        Steps steps = new Steps(now);
        if (!state.status().isActive()) {
            return stale(state, reply, "the saga is " + state.status(), steps);
        }
        StepDefinition<D> step = definition.step(state.step());
        if (!step.name().equals(reply.step())) {
            return stale(state, reply, "the saga is at step " + step.name() + " (" + state.phase() + ")", steps);
        }
        if (reply.attempt() > state.attempt()) {
            return stale(state, reply, "attempt " + reply.attempt() + " was never sent (at " + state.attempt() + ")",
                    steps);
        }
        String type = reply.type().name();
        if (state.phase() == Phase.FORWARD && step.isSuccess(reply.type())) {
            D data = step.successReplies().get(type).apply(state.data(), reply.payload());
            steps.event(TimelineEvent.message(now, Kind.STEP_SUCCEEDED, step.name(), reply.attempt(), type,
                    reply.messageId(), "succeeded"));
            return steps.done(advance(state.withData(data), steps));
        }
        if (state.phase() == Phase.FORWARD && step.isFailure(reply.type())) {
            String reason = step.name() + ": " + step.failureReplies().get(type).apply(reply.payload());
            steps.event(TimelineEvent.message(now, Kind.STEP_FAILED, step.name(), reply.attempt(), type,
                    reply.messageId(), reason));
            return steps.done(startCompensation(state, state.step() - 1, reason, steps));
        }
        if (state.phase() == Phase.COMPENSATION && step.confirmsCompensation(reply.type())) {
            steps.event(TimelineEvent.message(now, Kind.STEP_COMPENSATED, step.name(), reply.attempt(), type,
                    reply.messageId(), "compensated"));
            return steps.done(compensateFrom(state, state.step() - 1, steps));
        }
        return stale(state, reply, type + " does not answer step " + step.name() + " in phase " + state.phase(),
                steps);
    }

    /** {@link #onTimer(SagaState, Instant, DeliveryEvidence)} with every timed-out command taken as consumed. */
    public Transition<D> onTimer(SagaState<D> state, Instant now) {
        return onTimer(state, now, DeliveryEvidence.NONE);
    }

    /**
     * The saga's wake-up time or deadline has come: resend, declare the outcome unknown, or compensate. A reply
     * timeout whose command is still {@linkplain DeliveryEvidence.Delivery#QUEUED queued} at its participant only
     * moves the wake-up on by the step's timeout (it neither resends nor uses an attempt): the command is not lost,
     * the participant is behind or down. A resend the budget refuses waits a timeout too.
     */
    public Transition<D> onTimer(SagaState<D> state, Instant now, DeliveryEvidence evidence) {
        Steps steps = new Steps(now);
        if (!state.status().isActive()) {
            return steps.done(state);
        }
        StepDefinition<D> step = definition.step(state.step());
        if (state.deadline().isPresent() && !now.isBefore(state.deadline().get())) {
            SagaState<D> withoutDeadline = state.withoutDeadline();
            if (state.phase() == Phase.FORWARD && step.kind() == StepKind.COMPENSATABLE) {
                String reason = "saga deadline " + state.deadline().get() + " exceeded at step " + step.name();
                steps.event(TimelineEvent.of(now, Kind.DEADLINE_EXCEEDED, step.name(), state.attempt(), reason));
                return steps.done(startCompensation(withoutDeadline, state.step(), reason, steps));
            }
            state = withoutDeadline; // past the pivot, or already compensating: the saga only moves on
        }
        if (state.wakeAt().isEmpty() || now.isBefore(state.wakeAt().get())) {
            return steps.done(state);
        }
        if (state.awaitingRetry()) {
            return steps.done(send(state, state.step(), state.attempt() + 1, steps));
        }
        String messageId = state.commandMessageId(step.name());
        String topic = commandTopic(state, step);
        DeliveryEvidence.Delivery delivery = evidence.delivery(topic, messageId);
        if (delivery != DeliveryEvidence.Delivery.CONSUMED) {
            Instant at = now.plus(step.timeout());
            steps.event(TimelineEvent.message(now, Kind.COMMAND_QUEUED, step.name(), state.attempt(), null, messageId,
                    (delivery == DeliveryEvidence.Delivery.QUEUED ? "not yet consumed from " + topic
                            : "consumed from " + topic + ", and replies to this saga wait unread in the orchestrator's"
                                    + " queue") + ": waiting, not resending; looking again at " + at));
            return steps.done(state.with(state.status(), state.phase(), state.step(), state.attempt(), false,
                    Optional.of(at), state.updatedAt()));
        }
        steps.event(TimelineEvent.message(now, Kind.STEP_TIMED_OUT, step.name(), state.attempt(), null,
                messageId, "no reply within " + step.timeout()));
        boolean canRetry = state.attempt() < step.retry().maxAttempts();
        if (canRetry && !evidence.takeResend()) {
            Instant at = now.plus(step.timeout());
            steps.event(TimelineEvent.of(now, Kind.RESEND_DEFERRED, step.name(), state.attempt(),
                    "the resend budget is spent: looking again at " + at));
            return steps.done(state.with(state.status(), state.phase(), state.step(), state.attempt(), false,
                    Optional.of(at), state.updatedAt()));
        }
        if (canRetry) {
            Instant at = now.plus(step.retry().backoffAfter(state.attempt(), state.sagaId().getLeastSignificantBits()));
            if (!at.isAfter(now)) {
                return steps.done(send(state, state.step(), state.attempt() + 1, steps));
            }
            steps.event(TimelineEvent.of(now, Kind.RETRY_SCHEDULED, step.name(), state.attempt() + 1,
                    "sending again at " + at));
            return steps.done(state.with(state.status(), state.phase(), state.step(), state.attempt(), true,
                    Optional.of(at), now));
        }
        String unknown = step.name() + ": no reply after " + state.attempt() + " attempt(s)";
        if (state.phase() == Phase.FORWARD && step.kind() == StepKind.COMPENSATABLE) {
            steps.event(TimelineEvent.of(now, Kind.OUTCOME_UNKNOWN, step.name(), state.attempt(),
                    unknown + "; compensating it too"));
            return steps.done(startCompensation(state, state.step(), unknown, steps));
        }
        String why = state.phase() == Phase.FORWARD
                ? unknown + "; outcome unknown after the point of no return"
                : "compensation of " + unknown;
        return steps.done(fail(state, why, steps));
    }

    /** Operator: send the stuck step of a FAILED saga again, under a new message id. */
    public Transition<D> retry(SagaState<D> state, String operator, Instant now) {
        if (state.status() != SagaStatus.FAILED) {
            throw new IllegalSagaAction("Only a FAILED saga can be retried; saga " + state.sagaId() + " is "
                    + state.status());
        }
        Steps steps = new Steps(now);
        StepDefinition<D> step = definition.step(state.step());
        steps.event(TimelineEvent.of(now, Kind.OPERATOR_RETRY, step.name(), 1,
                operator + " retried " + (state.phase() == Phase.FORWARD ? "step " : "the compensation of ")
                        + step.name()));
        SagaState<D> resumed = state.nextRound().with(
                state.phase() == Phase.FORWARD ? SagaStatus.RUNNING : SagaStatus.COMPENSATING, state.phase(),
                state.step(), 0, false, Optional.empty(), now);
        return steps.done(send(resumed, state.step(), 1, steps));
    }

    /** Operator: give up going forward and undo what was done. */
    public Transition<D> forceCompensation(SagaState<D> state, String operator, String reason, Instant now) {
        boolean forwardOrStuckForward = state.status() == SagaStatus.RUNNING
                || (state.status() == SagaStatus.FAILED && state.phase() == Phase.FORWARD);
        if (!forwardOrStuckForward) {
            throw new IllegalSagaAction("Compensation can be forced on a RUNNING saga or one FAILED going forward;"
                    + " saga " + state.sagaId() + " is " + state.status() + " in phase " + state.phase()
                    + (state.status() == SagaStatus.FAILED ? " (retry its compensation instead)" : ""));
        }
        StepDefinition<D> step = definition.step(state.step());
        if (step.kind() == StepKind.RETRIABLE) {
            throw new IllegalSagaAction("Saga " + state.sagaId() + " is past its pivot (at retriable step "
                    + step.name() + "): it can only move forward");
        }
        Steps steps = new Steps(now);
        String why = "compensation forced by " + operator + (reason == null || reason.isBlank() ? "" : ": " + reason);
        steps.event(TimelineEvent.of(now, Kind.OPERATOR_COMPENSATE, step.name(), state.attempt(), why));
        // the current step's outcome is unknown: undo it too when it can be undone
        int from = step.hasCompensation() ? state.step() : state.step() - 1;
        return steps.done(startCompensation(state.nextRound(), from, why, steps));
    }

    /** Operator: stop the saga where it is, sending nothing more. */
    public Transition<D> abort(SagaState<D> state, String operator, String reason, Instant now) {
        if (state.status().isFinal()) {
            throw new IllegalSagaAction("Saga " + state.sagaId() + " is already " + state.status());
        }
        Steps steps = new Steps(now);
        String step = state.step() >= 0 ? definition.step(state.step()).name() : null;
        steps.event(TimelineEvent.of(now, Kind.OPERATOR_ABORT, step, state.attempt(),
                "aborted by " + operator + (reason == null || reason.isBlank() ? "" : ": " + reason)));
        return steps.done(state.with(SagaStatus.ABORTED, state.phase(), state.step(), state.attempt(), false,
                Optional.empty(), now).withoutDeadline());
    }

    /** What an operator may do with a saga in this state, for the dashboard. */
    public List<String> allowedActions(SagaState<D> state) {
        List<String> actions = new ArrayList<>();
        if (state.status() == SagaStatus.FAILED) {
            actions.add("retry");
        }
        boolean forward = state.status() == SagaStatus.RUNNING
                || (state.status() == SagaStatus.FAILED && state.phase() == Phase.FORWARD);
        if (forward && state.step() >= 0 && definition.step(state.step()).kind() != StepKind.RETRIABLE) {
            actions.add("compensate");
        }
        if (!state.status().isFinal()) {
            actions.add("abort");
        }
        return actions;
    }

    /** The compensations a forced compensation would send, newest first, for the operator's confirmation. */
    public List<String> compensationsFrom(SagaState<D> state) {
        List<String> names = new ArrayList<>();
        if (state.step() < 0) {
            return names;
        }
        int from = state.phase() == Phase.FORWARD && definition.step(state.step()).hasCompensation()
                ? state.step() : state.step() - 1;
        for (int i = from; i >= 0; i--) {
            if (definition.step(i).hasCompensation()) {
                names.add(definition.step(i).name());
            }
        }
        return names;
    }

    /**
     * The commands an allowed operator action would send, in the order they would go (the first at once, each
     * next one once the previous is confirmed), so that the operator confirms knowing exactly what leaves:
     * {@code retry} resends the stuck step (going forward, the saga then carries on as usual) or its
     * compensation followed by the remaining ones; {@code compensate} sends {@link #compensationsFrom}; an
     * {@code abort} sends nothing.
     */
    public List<PlannedCommand> wouldSend(String action, SagaState<D> state) {
        if (!allowedActions(state).contains(action)) {
            throw new IllegalSagaAction("Saga " + state.sagaId() + " in status " + state.status() + " does not allow "
                    + action);
        }
        List<PlannedCommand> planned = new ArrayList<>();
        switch (action) {
            case "retry" -> {
                if (state.phase() == Phase.FORWARD) {
                    planned.add(planned(state, state.step(), false));
                } else {
                    for (int i = state.step(); i >= 0; i--) {
                        if (definition.step(i).hasCompensation()) {
                            planned.add(planned(state, i, true));
                        }
                    }
                }
            }
            case "compensate" -> {
                for (String step : compensationsFrom(state)) {
                    planned.add(planned(state, definition.indexOf(step), true));
                }
            }
            default -> {
                // abort: stops where it is
            }
        }
        return planned;
    }

    private PlannedCommand planned(SagaState<D> state, int index, boolean compensation) {
        StepDefinition<D> step = definition.step(index);
        String type;
        try {
            Command command = compensation
                    ? step.compensation().orElseThrow().apply(state.data(), state.failureReason().orElse("operator"))
                    : step.action().orElseThrow().apply(state.data());
            type = io.sagaplatform.contracts.MessageTypes.of(command.payload().getClass()).name();
        } catch (RuntimeException dataNotThereYet) {
            type = null; // the step is still named; its command is built when it is really sent
        }
        return new PlannedCommand(step.name(), type, compensation);
    }

    private SagaState<D> advance(SagaState<D> state, Steps steps) {
        int next = state.step() + 1;
        while (next < definition.steps().size() && !definition.step(next).hasAction()) {
            next++; // a compensation-only step has nothing to do going forward
        }
        if (next >= definition.steps().size()) {
            steps.event(TimelineEvent.of(steps.now, Kind.SAGA_COMPLETED, null, 0, "all steps succeeded"));
            return state.with(SagaStatus.COMPLETED, Phase.FORWARD, definition.steps().size() - 1, state.attempt(),
                    false, Optional.empty(), steps.now).withoutDeadline();
        }
        return send(state.with(SagaStatus.RUNNING, Phase.FORWARD, next, 0, false, Optional.empty(), steps.now),
                next, 1, steps);
    }

    private SagaState<D> startCompensation(SagaState<D> state, int from, String reason, Steps steps) {
        steps.event(TimelineEvent.of(steps.now, Kind.COMPENSATION_STARTED, null, 0, reason));
        SagaState<D> compensating = state.withFailureReason(reason).with(SagaStatus.COMPENSATING,
                Phase.COMPENSATION, state.step(), state.attempt(), false, Optional.empty(), steps.now);
        return compensateFrom(compensating, from, steps);
    }

    private SagaState<D> compensateFrom(SagaState<D> state, int from, Steps steps) {
        for (int i = Math.min(from, definition.steps().size() - 1); i >= 0; i--) {
            if (definition.step(i).hasCompensation()) {
                return send(state.with(SagaStatus.COMPENSATING, Phase.COMPENSATION, i, 0, false, Optional.empty(),
                        steps.now), i, 1, steps);
            }
        }
        steps.event(TimelineEvent.of(steps.now, Kind.SAGA_COMPENSATED, null, 0,
                "every completed step was undone; reason: " + state.failureReason().orElse("unknown")));
        return state.with(SagaStatus.COMPENSATED, Phase.COMPENSATION, Math.max(from, 0), state.attempt(), false,
                Optional.empty(), steps.now).withoutDeadline();
    }

    private SagaState<D> send(SagaState<D> state, int index, int attempt, Steps steps) {
        StepDefinition<D> step = definition.step(index);
        boolean compensation = state.phase() == Phase.COMPENSATION;
        Command command = compensation
                ? step.compensation().orElseThrow().apply(state.data(), state.failureReason().orElse("unknown"))
                : step.action().orElseThrow().apply(state.data());
        String messageId = state.commandMessageId(step.name());
        Kind kind = compensation ? (attempt == 1 ? Kind.COMPENSATION_SENT : Kind.COMPENSATION_RESENT)
                : (attempt == 1 ? Kind.COMMAND_SENT : Kind.COMMAND_RESENT);
        steps.command(new OutgoingCommand(step.name(), attempt, compensation, messageId, command));
        steps.event(TimelineEvent.message(steps.now, kind, step.name(), attempt,
                io.sagaplatform.contracts.MessageTypes.of(command.payload().getClass()).name(), messageId,
                "to " + command.topic()));
        return state.with(state.status(), state.phase(), index, attempt, false,
                Optional.of(steps.now.plus(step.timeout())), steps.now);
    }

    /** The topic of the command the saga waits on: the step's action going forward, its compensation back. */
    private String commandTopic(SagaState<D> state, StepDefinition<D> step) {
        try {
            Command command = state.phase() == Phase.COMPENSATION
                    ? step.compensation().orElseThrow().apply(state.data(), state.failureReason().orElse("unknown"))
                    : step.action().orElseThrow().apply(state.data());
            return command.topic();
        } catch (RuntimeException noCommand) {
            return "";
        }
    }

    private SagaState<D> fail(SagaState<D> state, String why, Steps steps) {
        steps.event(TimelineEvent.of(steps.now, Kind.SAGA_FAILED, definition.step(state.step()).name(),
                state.attempt(), why + "; needs an operator"));
        return state.with(SagaStatus.FAILED, state.phase(), state.step(), state.attempt(), false, Optional.empty(),
                steps.now);
    }

    private Transition<D> stale(SagaState<D> state, Reply reply, String why, Steps steps) {
        steps.event(TimelineEvent.message(steps.now, Kind.STALE_REPLY_IGNORED, reply.step(), reply.attempt(),
                reply.type().name(), reply.messageId(), "ignored: " + why));
        return steps.done(state);
    }

    /** Collects what one transition sends and records. */
    private final class Steps {
        final Instant now;
        final List<OutgoingCommand> commands = new ArrayList<>();
        final List<TimelineEvent> events = new ArrayList<>();

        Steps(Instant now) {
            this.now = now;
        }

        void command(OutgoingCommand command) {
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
