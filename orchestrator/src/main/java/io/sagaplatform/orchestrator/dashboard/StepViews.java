package io.sagaplatform.orchestrator.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.sagaplatform.orchestrator.engine.Phase;
import io.sagaplatform.orchestrator.engine.SagaDefinition;
import io.sagaplatform.orchestrator.engine.SagaState;
import io.sagaplatform.orchestrator.engine.StepDefinition;
import io.sagaplatform.orchestrator.persistence.SagaTimelineEntity;

/** Folds a saga's timeline into one line per step of its definition, for the dashboard. */
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
            boolean current = state.step() == i && state.status().isActive() && state.phase() == Phase.FORWARD;
            if (current) {
                // QUEUED_AT_PARTICIPANT: its reply timed out, but the command was not consumed yet (the participant
                // is behind or down), so it is not sent again
                status = state.awaitingRetry() ? "WAITING_TO_RETRY"
                        : fold.queued ? "QUEUED_AT_PARTICIPANT" : "WAITING_FOR_REPLY";
            }
            Long duration = fold.started != null && fold.finished != null
                    ? Duration.between(fold.started, fold.finished).toMillis() : null;
            views.add(new SagaViews.StepView(step.name(), step.kind().name(), status, fold.attempts, fold.commandType,
                    fold.commandId, fold.replyType, fold.replyId, fold.started, fold.finished, duration,
                    fold.compensation, fold.compensationId));
        }
        return views;
    }

    /** What the saga waits for right now, in a sentence; null when it waits for nothing. */
    static <D> String waitingFor(SagaDefinition<D> definition, SagaState<D> state) {
        if (!state.status().isActive() || state.step() < 0) {
            return state.status().name().equals("FAILED") ? "an operator" : null;
        }
        String step = definition.step(state.step()).name();
        String what = state.phase() == Phase.FORWARD ? "step " + step : "the compensation of " + step;
        String when = state.wakeAt().map(Instant::toString).orElse("?");
        return state.awaitingRetry()
                ? "sending " + what + " again (attempt " + (state.attempt() + 1) + ") at " + when
                : "a reply to " + what + " (attempt " + state.attempt() + "), timing out at " + when;
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
                default -> {
                }
            }
        }
    }
}
