package io.sagaplatform.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.sagaplatform.contracts.Message;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.orchestrator.engine.DeadLetter;
import io.sagaplatform.orchestrator.engine.DeliveryEvidence;
import io.sagaplatform.orchestrator.engine.CommandToSend;
import io.sagaplatform.orchestrator.engine.Reply;
import io.sagaplatform.orchestrator.engine.SagaEngine;
import io.sagaplatform.orchestrator.engine.SagaState;
import io.sagaplatform.orchestrator.engine.SagaStatus;
import io.sagaplatform.orchestrator.engine.TimelineEvent;
import io.sagaplatform.orchestrator.engine.Transition;

/**
 * Given / when / expect for a saga, on a virtual clock: feed replies and move time, then assert what the
 * engine sent and recorded. No threads, no sleeping, no infrastructure.
 */
public final class SagaScenario<D> {

    private final SagaEngine<D> engine;
    private Instant now = Instant.parse("2026-11-23T10:00:00Z");
    private SagaState<D> state;
    private final List<CommandToSend> sent = new ArrayList<>();
    private final List<TimelineEvent> timeline = new ArrayList<>();
    private int consumed;

    public SagaScenario(SagaEngine<D> engine) {
        this.engine = engine;
    }

    public SagaScenario<D> start(D data) {
        return apply(engine.start(UUID.randomUUID(), data, now));
    }

    /** The participant answers the last command sent for {@code step}, at the attempt it was sent with. */
    public SagaScenario<D> reply(String step, Message payload) {
        CommandToSend command = lastSent(step);
        return reply(step, command.attempt(), payload);
    }

    public SagaScenario<D> reply(String step, int attempt, Message payload) {
        return apply(engine.onReply(state, new Reply(step, attempt, MessageTypes.of(payload.getClass()), payload,
                UUID.randomUUID().toString()), now));
    }

    /** The participant parks the last command sent for {@code step} (as sent: attempt, message id) on its DLQ. */
    public SagaScenario<D> deadLetter(String step, String consumer, String reason) {
        return deadLetter(lastSent(step), consumer, reason);
    }

    public SagaScenario<D> deadLetter(CommandToSend command, String consumer, String reason) {
        return deadLetter(command.step(), command.attempt(), command.messageId(),
                MessageTypes.of(command.command().payload().getClass()).name(), consumer, reason);
    }

    public SagaScenario<D> deadLetter(String step, int attempt, String messageId, String type, String consumer,
            String reason) {
        return apply(engine.onDeadLetter(state, new DeadLetter(step, attempt, messageId, type, consumer, reason), now));
    }

    /** Moves the virtual clock and lets the engine react to whatever fell due. */
    public SagaScenario<D> after(Duration duration) {
        return after(duration, DeliveryEvidence.NONE);
    }

    /** Moves the virtual clock; a timed-out command's delivery and the resend budget are as {@code evidence} says. */
    public SagaScenario<D> after(Duration duration, DeliveryEvidence evidence) {
        now = now.plus(duration);
        return apply(engine.onTimer(state, now, evidence));
    }

    public SagaScenario<D> operatorRetry() {
        return apply(engine.retry(state, "ops", now));
    }

    public SagaScenario<D> operatorCompensate() {
        return apply(engine.forceCompensation(state, "ops", "customer called", now));
    }

    /** An operator replays the dead-lettered command {@code messageId} (same id) after fixing its cause. */
    public SagaScenario<D> operatorReplay(String messageId) {
        return apply(engine.onDeadLetterReplayed(state, messageId, "ops", now));
    }

    public SagaScenario<D> operatorAbort() {
        return apply(engine.abort(state, "ops", "duplicate order", now));
    }

    /** Asserts the next commands sent since the last expectation, by wire type, in order. */
    public SagaScenario<D> expectSent(String... types) {
        List<String> next = sent.subList(consumed, sent.size()).stream()
                .map(c -> MessageTypes.of(c.command().payload().getClass()).name()).toList();
        assertThat(next).as("commands sent").containsExactly(types);
        consumed = sent.size();
        return this;
    }

    public SagaScenario<D> expectNothingSent() {
        return expectSent();
    }

    public SagaScenario<D> expectStatus(SagaStatus status) {
        assertThat(state.status()).as("status").isEqualTo(status);
        return this;
    }

    public SagaScenario<D> expectTimeline(TimelineEvent.Kind kind) {
        assertThat(timeline).extracting(TimelineEvent::kind).as("timeline").contains(kind);
        return this;
    }

    public CommandToSend lastSent(String step) {
        for (int i = sent.size() - 1; i >= 0; i--) {
            if (sent.get(i).step().equals(step)) {
                return sent.get(i);
            }
        }
        throw new AssertionError("nothing was sent for step " + step);
    }

    public List<CommandToSend> sent() {
        return sent;
    }

    public List<TimelineEvent> timeline() {
        return timeline;
    }

    public SagaState<D> state() {
        return state;
    }

    public SagaEngine<D> engine() {
        return engine;
    }

    private SagaScenario<D> apply(Transition<D> transition) {
        state = transition.state();
        sent.addAll(transition.commands());
        timeline.addAll(transition.timeline());
        return this;
    }
}
