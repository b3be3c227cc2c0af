package io.sagaplatform.orchestrator.engine;

import java.util.List;

/**
 * The result of feeding one event to the engine: the saga's new state, the commands to send (in the same
 * transaction as the state change, through the outbox), and what to append to its timeline.
 */
public record Transition<D>(SagaState<D> state, List<CommandToSend> commands, List<TimelineEvent> timeline) {

    public Transition {
        commands = List.copyOf(commands);
        timeline = List.copyOf(timeline);
    }

    /** Whether anything happened that must be stored (a stale reply changes only the timeline). */
    public boolean changedState(SagaState<D> before) {
        return !state.equals(before);
    }
}
