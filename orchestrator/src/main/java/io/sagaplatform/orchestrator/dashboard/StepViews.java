package io.sagaplatform.orchestrator.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.sagaplatform.orchestrator.engine.SagaDefinition;
import io.sagaplatform.orchestrator.engine.SagaState;
import io.sagaplatform.orchestrator.engine.SagaStatus;
import io.sagaplatform.orchestrator.engine.StepState;
import io.sagaplatform.orchestrator.engine.StepDefinition;
import io.sagaplatform.orchestrator.persistence.SagaTimelineEntity;

/**
 * Folds a saga's timeline into one line per step of its definition, for the dashboard; each line names its stage,
 * so the steps that run side by side can be shown side by side.
 */
final class StepViews {

    private StepViews() {
    }

    static <D> List<SagaViews.StepView> of(SagaDefinition<D> definition, SagaState<D> state,
            List<SagaTimelineEntity> timeline) {
        List<SagaViews.StepView> views = new ArrayList<>();
        for (int i = 0; i < definition.steps().size(); i++) {
            StepDefinition<D> step = definition.step(i);
            Fold fold = new Fold();
            for (SagaTimelineEntity event : timeline) {
                if (step.name().equals(event.step)) {
                    fold.add(event);
                }
            }
            String status = fold.status != null ? fold.status
                    : !step.hasAction() ? "NO_ACTION"
                    : "PENDING";
            StepState member = step.stage() == state.stage() ? state.step(step.name()).orElse(null) : null;
            boolean current = member != null && member.status() == StepState.Status.WAITING
                    && state.status().isActive();
            if (current) {
                // QUEUED_AT_PARTICIPANT: its reply timed out, but the command was not consumed yet (the participant
                // is behind or down), so it is not sent again
                status = member.awaitingRetry() ? "WAITING_TO_RETRY"
                        : fold.queued ? "QUEUED_AT_PARTICIPANT" : "WAITING_FOR_REPLY";
            }
            Long duration = fold.started != null && fold.finished != null
                    ? Duration.between(fold.started, fold.finished).toMillis() : null;
            views.add(new SagaViews.StepView(step.name(), step.stage(), step.kind().name(), status, fold.attempts, fold.commandType,
                    fold.commandId, fold.replyType, fold.replyId, fold.started, fold.finished, duration,
                    fold.compensation, fold.compensationId));
        }
        return views;
    }

    /** The step names of a definition, stage by stage (the steps of one stage run side by side). */
    static List<List<String>> stageNames(SagaDefinition<?> definition) {
        return definition.stages().stream().map(stage -> stage.stream().map(StepDefinition::name).toList()).toList();
    }

    /** A definition's steps in order, with what drawing it needs: stage, kind, replies, compensation. */
    static List<SagaViews.DefinitionStep> definitionSteps(SagaDefinition<?> definition) {
        return definition.steps().stream().map(step -> new SagaViews.DefinitionStep(step.name(), step.stage(),
                step.kind().name(), step.hasAction(), List.copyOf(new java.util.TreeSet<>(step.successReplies().keySet())),
                List.copyOf(new java.util.TreeSet<>(step.failureReplies().keySet())), step.hasCompensation(),
                step.hasCompensation() ? List.copyOf(new java.util.TreeSet<>(step.compensationReplies())) : null))
                .toList();
    }

    /** What the saga waits for right now, in a sentence (one clause per waiting step); null when it waits for nothing. */
    static <D> String waitingFor(SagaDefinition<D> definition, SagaState<D> state) {
        if (state.status() == SagaStatus.FAILED) {
            return "an operator";
        }
        if (!state.status().isActive() || state.unsettled().isEmpty()) {
            return null;
        }
        List<String> clauses = new ArrayList<>();
        for (StepState step : state.unsettled()) {
            String what = step.compensating() ? "the compensation of " + step.step() : "step " + step.step();
            String when = step.wakeAt().map(Instant::toString).orElse("?");
            clauses.add(step.awaitingRetry()
                    ? "sending " + what + " again (attempt " + (step.attempt() + 1) + ") at " + when
                    : "a reply to " + what + " (attempt " + step.attempt() + "), timing out at " + when);
        }
        return String.join("; and ", clauses);
    }

    private static final class Fold {
        String status;
        int attempts;
        String commandType;
        String commandId;
        String replyType;
        String replyId;
        Instant started;
        Instant finished;
        String compensation;
        String compensationId;
        boolean queued;

        void add(SagaTimelineEntity e) {
            queued = e.kind.equals("COMMAND_QUEUED") || (queued && !e.kind.startsWith("COMMAND_")
                    && !e.kind.startsWith("STEP_") && !e.kind.startsWith("COMPENSATION_"));
            switch (e.kind) {
                case "COMMAND_SENT", "COMMAND_RESENT" -> {
                    attempts = Math.max(attempts, e.attempt);
                    commandType = e.messageType;
                    commandId = e.messageId;
                    if (started == null) {
                        started = e.at;
                    }
                    // sent, no reply yet: the saga may wait for it (below) or have moved on without one
                    status = "NO_REPLY";
                }
                case "STEP_SUCCEEDED", "STEP_FAILED" -> {
                    status = e.kind.equals("STEP_SUCCEEDED") ? "SUCCEEDED" : "FAILED";
                    replyType = e.messageType;
                    replyId = e.messageId;
                    finished = e.at;
                }
                case "OUTCOME_UNKNOWN" -> {
                    status = "OUTCOME_UNKNOWN";
                    finished = e.at;
                }
                case "COMPENSATION_SENT", "COMPENSATION_RESENT" -> {
                    compensation = "COMPENSATING";
                    compensationId = e.messageId;
                }
                case "STEP_COMPENSATED" -> compensation = "COMPENSATED";
                case "COMMAND_DEAD_LETTERED" -> {
                    // refused by its participant: the saga is FAILED on it (a stale dead letter has its own kind)
                    if (compensationId != null && compensationId.equals(e.messageId)) {
                        compensation = "DEAD_LETTERED";
                    } else {
                        status = "DEAD_LETTERED";
                        finished = e.at;
                    }
                }
                case "OPERATOR_REPLAY" -> {
                    // the dead-lettered message went back to its participant: waiting for its answer again
                    if (compensationId != null && compensationId.equals(e.messageId)) {
                        compensation = "COMPENSATING";
                    } else {
                        status = "NO_REPLY";
                        finished = null;
                    }
                }
                default -> {
                }
            }
        }
    }
}
