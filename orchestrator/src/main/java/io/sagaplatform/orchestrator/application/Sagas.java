package io.sagaplatform.orchestrator.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.sagaplatform.contracts.Message;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.contracts.saga.SagaCompensated;
import io.sagaplatform.contracts.saga.SagaCompleted;
import io.sagaplatform.contracts.saga.SagaFailed;
import io.sagaplatform.contracts.saga.SagaStarted;
import io.sagaplatform.messaging.SagaContext;
import io.sagaplatform.messaging.dispatch.DeadLetterException;
import io.sagaplatform.messaging.dispatch.Envelope;
import io.sagaplatform.messaging.outbox.Outbox;
import io.sagaplatform.messaging.outbox.OutboxMessage;
import io.sagaplatform.messaging.tracing.MessageTracing;
import io.sagaplatform.orchestrator.engine.DeadLetter;
import io.sagaplatform.orchestrator.engine.DeliveryEvidence;
import io.sagaplatform.orchestrator.engine.IllegalSagaAction;
import io.sagaplatform.orchestrator.engine.CommandToSend;
import io.sagaplatform.orchestrator.engine.Reply;
import io.sagaplatform.orchestrator.engine.SagaDefinition;
import io.sagaplatform.orchestrator.engine.SagaEngine;
import io.sagaplatform.orchestrator.engine.SagaState;
import io.sagaplatform.orchestrator.engine.SagaStatus;
import io.sagaplatform.orchestrator.engine.StepState;
import io.sagaplatform.orchestrator.engine.TimelineEvent;
import io.sagaplatform.orchestrator.engine.Transition;
import io.sagaplatform.orchestrator.persistence.SagaInstanceEntity;
import io.sagaplatform.orchestrator.persistence.SagaStore;
import io.sagaplatform.orchestrator.persistence.UnreadableSaga;

/**
 * The orchestrator's use cases. Each runs in the caller's transaction (the inbox's, the poller's or the
 * operator request's): load the saga, let the engine decide, store the new state and timeline, and append
 * the commands to the outbox — all or nothing. Generic over the saga: a new saga starts on its type's current
 * definition, a stored one runs on the definition (type, version) it started with ({@link SagaRegistry}).
 */
@ApplicationScoped
public class Sagas {

    private static final Logger LOG = Logger.getLogger(Sagas.class);

    /** Longest correlation key ({@code saga_instance.correlation_key}). */
    public static final int MAX_KEY_LENGTH = 200;

    private final SagaRegistry registry;
    private final SagaStore store;
    private final Outbox outbox;
    private final Clock clock;
    private final Event<SagaChanged> changes;
    private final Event<SagaProgress> progress;
    private final MessageTracing tracing;
    private final ResendBudget resendBudget;
    private final boolean lifecycleEvents;

    /**
     * @param lifecycleEvents whether SagaStarted / SagaCompleted / SagaCompensated / SagaFailed go to
     *        {@code saga.events}: two more outbox rows per saga that nothing in the platform reads (the dashboard
     *        and metrics read the database), so off unless a deployment has a consumer for them
     */
    Sagas(SagaRegistry registry, SagaStore store, Outbox outbox, Clock clock,
            Event<SagaChanged> changes, Event<SagaProgress> progress, MessageTracing tracing,
            ResendBudget resendBudget,
            @ConfigProperty(name = "saga.orchestrator.lifecycle-events", defaultValue = "false") boolean lifecycleEvents) {
        this.tracing = tracing;
        this.resendBudget = resendBudget;
        this.lifecycleEvents = lifecycleEvents;
        this.registry = registry;
        this.store = store;
        this.outbox = outbox;
        this.clock = clock;
        this.changes = changes;
        this.progress = progress;
    }

    /**
     * Starts a saga of {@code type} on its current definition for the business object {@code key} names (an order id
     * for place-order); a second start for the same type and key starts nothing.
     *
     * @param data the saga's data, of the current definition's data type
     * @throws IllegalArgumentException for a type nothing registers, a blank or too long key, or data of another type
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<UUID> start(String type, String key, Object data) {
        SagaEngine<Object> engine = cast(registry.current(type));
        SagaDefinition<Object> definition = engine.definition();
        if (key == null || key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("A " + type + " saga needs a " + definition.keyName() + " of 1 to "
                    + MAX_KEY_LENGTH + " characters, was '" + key + "'");
        }
        if (!definition.dataType().isInstance(data)) {
            throw new IllegalArgumentException(type + " v" + definition.version() + " runs on "
                    + definition.dataType().getName() + ", not " + (data == null ? null : data.getClass().getName()));
        }
        if (store.existsFor(type, key)) {
            LOG.infof("%s %s already has a %s saga; not started again", definition.keyName(), key, type);
            return Optional.empty();
        }
        UUID sagaId = UUID.randomUUID();
        Transition<Object> transition = engine.start(sagaId, data, clock.instant());
        SagaInstanceEntity entity = store.insert(transition, definition, key);
        if (lifecycleEvents) {
            uuid(key).ifPresent(id -> outbox.append(OutboxMessage.event(Topics.SAGA_EVENTS, "saga",
                    sagaId.toString(), new SagaStarted(sagaId, type, id, transition.state().startedAt()))));
        }
        publish(entity, definition, null, transition);
        progress.fire(new SagaProgress(type, null, transition.state().status(),
                transition.state().startedAt(), transition.state().updatedAt(), List.of()));
        LOG.infof("Saga %s (%s v%d) started for %s %s", sagaId, type, definition.version(), definition.keyName(), key);
        return Optional.of(sagaId);
    }

    /** Feeds a participant's reply to the saga it answers. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onReply(Message reply, Envelope envelope) {
        SagaContext context = envelope.saga().orElseThrow(() -> new DeadLetterException(
                "Reply " + envelope.type() + " " + envelope.id() + " carries no saga context"));
        SagaInstanceEntity entity = store.find(context.sagaId()).orElseThrow(() -> new DeadLetterException(
                "Reply " + envelope.type() + " " + envelope.id() + " answers unknown saga " + context.sagaId()));
        Reply input = new Reply(context.step(), context.attempt(), MessageTypes.of(reply.getClass()), reply,
                envelope.id());
        apply(entity, (engine, state, now) -> engine.onReply(state, input, now));
    }

    /** Whether the saga exists (a dead letter of an unknown saga is only logged: there is nothing to record it on). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean exists(UUID sagaId) {
        return store.find(sagaId).isPresent();
    }

    /**
     * Tells a saga that a participant dead-lettered one of its commands: the engine fails the saga with the reason,
     * or records the dead letter as stale.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onDeadLetter(UUID sagaId, DeadLetter letter) {
        apply(existing(sagaId), (engine, state, now) -> engine.onDeadLetter(state, letter, now));
    }

    /**
     * Lets the engine react to a due wake-up or deadline of a saga the caller has locked; {@code evidence} says
     * whether a timed-out command still waits at its participant (then it is not resent).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onTimer(UUID sagaId, DeliveryEvidence evidence) {
        store.find(sagaId).ifPresent(entity -> apply(entity, (engine, state, now) -> engine.onTimer(state, now, evidence)));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void retry(UUID sagaId, String operator) {
        operatorAction(sagaId, (engine, state, now) -> engine.retry(state, operator, now));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void forceCompensation(UUID sagaId, String operator, String reason) {
        operatorAction(sagaId, (engine, state, now) -> engine.forceCompensation(state, operator, reason, now));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void abort(UUID sagaId, String operator, String reason) {
        try {
            operatorAction(sagaId, (engine, state, now) -> engine.abort(state, operator, reason, now));
        } catch (UnreadableSaga unreadable) {
            // nothing was written yet: the engine cannot read the saga, so it is stopped as stored
            SagaInstanceEntity entity = existing(sagaId);
            if (SagaStatus.valueOf(entity.status).isFinal()) {
                throw new IllegalSagaAction("Saga " + sagaId + " is already " + entity.status);
            }
            store.abortUnreadable(entity, operator, reason, clock.instant());
            changes.fire(new SagaChanged(sagaId, entity.sagaType, entity.definitionVersion, entity.correlationKey,
                    entity.status, entity.currentStepName, entity.updatedAt));
        }
    }

    /**
     * An operator replays the dead-lettered command {@code messageId} of this saga: the engine lets the step wait for
     * it again, or refuses ({@link IllegalSagaAction}) when no step waits on it any more. The caller sends the
     * record in the same transaction's scope: when the send fails, this is rolled back.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void replayDeadLetter(UUID sagaId, String messageId, String operator) {
        operatorAction(sagaId, (engine, state, now) -> engine.onDeadLetterReplayed(state, messageId, operator, now));
    }

    /**
     * An operator's action continues the order's trace (what it sends belongs to the order), linked to the
     * operator's request.
     */
    private void operatorAction(UUID sagaId, Step step) {
        SagaInstanceEntity entity = existing(sagaId);
        tracing.inSagaTrace("saga operator action", sagaId, outbox.traceOfSaga(sagaId), () -> {
            apply(entity, step);
            return null;
        });
    }

    /**
     * The engine of a stored saga: the definition of its type and version decides what is allowed. A version no
     * longer registered gets the current one's, which refuses the saga (a saga is never re-mapped onto another
     * version); a type nothing registers cannot be read at all (an operator can only abort it).
     */
    public SagaEngine<Object> engineFor(SagaInstanceEntity entity) {
        return cast(registry.engine(entity.sagaType, entity.definitionVersion).orElseThrow(() -> new UnreadableSaga(
                entity.id, "Saga " + entity.id + " is of type " + entity.sagaType + ", which no registered definition"
                        + " has (registered: " + registry.types() + ")", null)));
    }

    public SagaState<Object> state(SagaInstanceEntity entity) {
        return store.state(entity, engineFor(entity).definition());
    }

    /** The saga's data is of its definition's type: the engine of an unknown {@code D} runs on it as an Object. */
    @SuppressWarnings("unchecked")
    private static SagaEngine<Object> cast(SagaEngine<?> engine) {
        return (SagaEngine<Object>) engine;
    }

    private SagaInstanceEntity existing(UUID sagaId) {
        return store.find(sagaId).orElseThrow(() -> new UnknownSaga(sagaId));
    }

    @FunctionalInterface
    private interface Step {
        Transition<Object> apply(SagaEngine<Object> engine, SagaState<Object> state, Instant now);
    }

    private void apply(SagaInstanceEntity entity, Step step) {
        SagaEngine<Object> engine = engineFor(entity);
        SagaState<Object> before = store.state(entity, engine.definition());
        Transition<Object> transition = step.apply(engine, before, clock.instant());
        store.update(entity, transition, engine.definition());
        publish(entity, engine.definition(), before.status(), transition);
        progress.fire(new SagaProgress(before.sagaType(), before.status(), transition.state().status(),
                before.startedAt(), transition.state().updatedAt(), stepLatencies(before, transition)));
    }

    /**
     * The round trip of each step whose reply this transition accepted: from the command's last send (which the
     * step's state keeps) to the reply.
     */
    private static <D> List<SagaProgress.StepLatency> stepLatencies(SagaState<D> before, Transition<D> transition) {
        List<SagaProgress.StepLatency> latencies = new ArrayList<>();
        for (TimelineEvent event : transition.timeline()) {
            String outcome = switch (event.kind()) {
                case STEP_SUCCEEDED -> "succeeded";
                case STEP_FAILED -> "failed";
                case STEP_COMPENSATED -> "compensated";
                default -> null;
            };
            if (outcome == null || event.step().isEmpty()) {
                continue;
            }
            before.step(event.step().get()).map(StepState::sentAt).ifPresent(sent -> latencies.add(
                    new SagaProgress.StepLatency(event.step().get(), outcome, Duration.between(sent, event.at()))));
        }
        return latencies;
    }

    /** Commands carry the definition's aggregate type and the saga's correlation key as the aggregate id. */
    private <D> void publish(SagaInstanceEntity entity, SagaDefinition<D> definition, SagaStatus before,
            Transition<D> transition) {
        SagaState<D> state = transition.state();
        for (CommandToSend command : transition.commands()) {
            if (command.attempt() == 1) {
                resendBudget.sentFirst();
            }
            SagaContext context = new SagaContext(state.sagaId(), state.sagaType(), command.step(), command.attempt());
            outbox.append(OutboxMessage.command(command.command().topic(), context, definition.aggregateType(),
                    entity.correlationKey, command.command().payload()), command.messageId());
        }
        if (state.status() != before) {
            if (lifecycleEvents) {
                lifecycleEvent(entity, state).ifPresent(event -> outbox.append(
                        OutboxMessage.event(Topics.SAGA_EVENTS, "saga", state.sagaId().toString(), event)));
            }
            LOG.infof("Saga %s %s -> %s at step %s", state.sagaId(), before, state.status(), entity.currentStepName);
        }
        changes.fire(new SagaChanged(state.sagaId(), state.sagaType(), state.definitionVersion(),
                entity.correlationKey, state.status().name(), entity.currentStepName, state.updatedAt()));
    }

    /**
     * The lifecycle event of a saga that reached a new status. Their wire records name the saga's key {@code orderId}
     * and require a UUID: a saga keyed by anything else publishes none.
     */
    private static <D> Optional<Message> lifecycleEvent(SagaInstanceEntity entity, SagaState<D> state) {
        Function<String, String> reason = fallback -> state.failureReason().orElse(fallback);
        return uuid(entity.correlationKey).flatMap(key -> switch (state.status()) {
            case COMPLETED -> Optional.of(new SagaCompleted(state.sagaId(), state.sagaType(), key,
                    state.updatedAt()));
            case COMPENSATED -> Optional.of(new SagaCompensated(state.sagaId(), state.sagaType(), key,
                    truncate(reason.apply("compensated")), state.updatedAt()));
            case FAILED, ABORTED -> Optional.of(new SagaFailed(state.sagaId(), state.sagaType(), key,
                    truncate(state.status() + ": " + reason.apply("needs an operator")), state.updatedAt()));
            default -> Optional.<Message>empty();
        });
    }

    private static Optional<UUID> uuid(String key) {
        try {
            return Optional.of(UUID.fromString(key));
        } catch (IllegalArgumentException notAUuid) {
            return Optional.empty();
        }
    }

    private static String truncate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 499) + "…";
    }
}
