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
import io.sagaplatform.contracts.order.OrderPlaced;
import io.sagaplatform.contracts.saga.SagaCompensated;
import io.sagaplatform.contracts.saga.SagaCompleted;
import io.sagaplatform.contracts.saga.SagaFailed;
import io.sagaplatform.contracts.saga.SagaStarted;
import io.sagaplatform.messaging.SagaContext;
import io.sagaplatform.messaging.dispatch.DeadLetterException;
import io.sagaplatform.messaging.dispatch.Envelope;
import io.sagaplatform.messaging.outbox.Outbox;
import io.sagaplatform.messaging.outbox.OutgoingMessage;
import io.sagaplatform.messaging.tracing.MessageTracing;
import io.sagaplatform.orchestrator.engine.DeadLetter;
import io.sagaplatform.orchestrator.engine.DeliveryEvidence;
import io.sagaplatform.orchestrator.engine.IllegalSagaAction;
import io.sagaplatform.orchestrator.engine.OutgoingCommand;
import io.sagaplatform.orchestrator.engine.Reply;
import io.sagaplatform.orchestrator.engine.SagaEngine;
import io.sagaplatform.orchestrator.engine.SagaState;
import io.sagaplatform.orchestrator.engine.SagaStatus;
import io.sagaplatform.orchestrator.engine.StepState;
import io.sagaplatform.orchestrator.engine.TimelineEvent;
import io.sagaplatform.orchestrator.engine.Transition;
import io.sagaplatform.orchestrator.persistence.SagaInstanceEntity;
import io.sagaplatform.orchestrator.persistence.SagaStore;
import io.sagaplatform.orchestrator.persistence.UnreadableSaga;
import io.sagaplatform.orchestrator.placeorder.PlaceOrderData;
import io.sagaplatform.orchestrator.placeorder.PlaceOrderSaga;

/**
 * The orchestrator's use cases. Each runs in the caller's transaction (the inbox's, the poller's or the
 * operator request's): load the saga, let the engine decide, store the new state and timeline, and append
 * the commands to the outbox — all or nothing.
 */
@ApplicationScoped
public class Sagas {

    private static final Logger LOG = Logger.getLogger(Sagas.class);

    private final SagaEngine<PlaceOrderData> placeOrder;
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
    Sagas(SagaEngine<PlaceOrderData> placeOrder, SagaStore store, Outbox outbox, Clock clock,
            Event<SagaChanged> changes, Event<SagaProgress> progress, MessageTracing tracing,
            ResendBudget resendBudget,
            @ConfigProperty(name = "saga.orchestrator.lifecycle-events", defaultValue = "false") boolean lifecycleEvents) {
        this.tracing = tracing;
        this.resendBudget = resendBudget;
        this.lifecycleEvents = lifecycleEvents;
        this.placeOrder = placeOrder;
        this.store = store;
        this.outbox = outbox;
        this.clock = clock;
        this.changes = changes;
        this.progress = progress;
    }

    /** Starts the place-order saga for a newly placed order; a second OrderPlaced for it starts nothing. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<UUID> start(OrderPlaced order) {
        if (store.existsFor(PlaceOrderSaga.TYPE, order.orderId())) {
            LOG.infof("Order %s already has a %s saga; OrderPlaced ignored", order.orderId(), PlaceOrderSaga.TYPE);
            return Optional.empty();
        }
        UUID sagaId = UUID.randomUUID();
        Transition<PlaceOrderData> transition = placeOrder.start(sagaId, PlaceOrderData.from(order), clock.instant());
        SagaInstanceEntity entity = store.insert(transition, placeOrder.definition(), order.orderId());
        if (lifecycleEvents) {
            outbox.append(OutgoingMessage.event(Topics.SAGA_EVENTS, "saga", sagaId.toString(),
                    new SagaStarted(sagaId, PlaceOrderSaga.TYPE, order.orderId(), transition.state().startedAt())));
        }
        publish(entity, null, transition);
        progress.fire(new SagaProgress(PlaceOrderSaga.TYPE, null, transition.state().status(),
                transition.state().startedAt(), transition.state().updatedAt(), List.of()));
        LOG.infof("Saga %s started for order %s", sagaId, order.orderId());
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
            changes.fire(new SagaChanged(sagaId, entity.sagaType, entity.orderId, entity.status, entity.currentStepName,
                    entity.updatedAt));
        }
    }

    /**
     * An operator's action continues the order's trace (what it sends belongs to the order), linked to the
     * operator's request.
     */
    private void operatorAction(UUID sagaId, Step<PlaceOrderData> step) {
        SagaInstanceEntity entity = existing(sagaId);
        tracing.inSagaTrace("saga operator action", sagaId, outbox.traceOfSaga(sagaId), () -> {
            apply(entity, step);
            return null;
        });
    }

    /** The engine of a stored saga (its definition decides what is allowed). */
    public SagaEngine<PlaceOrderData> engineFor(SagaInstanceEntity entity) {
        if (!PlaceOrderSaga.TYPE.equals(entity.sagaType)) {
            throw new IllegalStateException("No definition for saga type " + entity.sagaType);
        }
        return placeOrder;
    }

    public SagaState<PlaceOrderData> state(SagaInstanceEntity entity) {
        return store.state(entity, engineFor(entity).definition());
    }

    private SagaInstanceEntity existing(UUID sagaId) {
        return store.find(sagaId).orElseThrow(() -> new UnknownSaga(sagaId));
    }

    @FunctionalInterface
    private interface Step<D> {
        Transition<D> apply(SagaEngine<D> engine, SagaState<D> state, Instant now);
    }

    private void apply(SagaInstanceEntity entity, Step<PlaceOrderData> step) {
        SagaEngine<PlaceOrderData> engine = engineFor(entity);
        SagaState<PlaceOrderData> before = store.state(entity, engine.definition());
        Transition<PlaceOrderData> transition = step.apply(engine, before, clock.instant());
        store.update(entity, transition, engine.definition());
        publish(entity, before.status(), transition);
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

    private <D> void publish(SagaInstanceEntity entity, SagaStatus before, Transition<D> transition) {
        SagaState<D> state = transition.state();
        for (OutgoingCommand command : transition.commands()) {
            if (command.attempt() == 1) {
                resendBudget.sentFirst();
            }
            SagaContext context = new SagaContext(state.sagaId(), state.sagaType(), command.step(), command.attempt());
            outbox.append(OutgoingMessage.command(command.command().topic(), context, "order",
                    entity.orderId.toString(), command.command().payload()), command.messageId());
        }
        if (state.status() != before) {
            lifecycleEvent(entity, state).filter(event -> lifecycleEvents).ifPresent(event -> outbox.append(
                    OutgoingMessage.event(Topics.SAGA_EVENTS, "saga", state.sagaId().toString(), event)));
            LOG.infof("Saga %s %s -> %s at step %s", state.sagaId(), before, state.status(), entity.currentStepName);
        }
        changes.fire(new SagaChanged(state.sagaId(), state.sagaType(), entity.orderId, state.status().name(),
                entity.currentStepName, state.updatedAt()));
    }

    private static <D> Optional<Message> lifecycleEvent(SagaInstanceEntity entity, SagaState<D> state) {
        Function<String, String> reason = fallback -> state.failureReason().orElse(fallback);
        return switch (state.status()) {
            case COMPLETED -> Optional.of(new SagaCompleted(state.sagaId(), state.sagaType(), entity.orderId,
                    state.updatedAt()));
            case COMPENSATED -> Optional.of(new SagaCompensated(state.sagaId(), state.sagaType(), entity.orderId,
                    truncate(reason.apply("compensated")), state.updatedAt()));
            case FAILED, ABORTED -> Optional.of(new SagaFailed(state.sagaId(), state.sagaType(), entity.orderId,
                    truncate(state.status() + ": " + reason.apply("needs an operator")), state.updatedAt()));
            default -> Optional.empty();
        };
    }

    private static String truncate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 499) + "…";
    }
}
