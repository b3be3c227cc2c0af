package io.sagaplatform.orchestrator.application;

import io.sagaplatform.contracts.Message;
import io.sagaplatform.contracts.MessageType;
import io.sagaplatform.messaging.dispatch.Envelope;
import io.sagaplatform.messaging.dispatch.MessageHandler;

/**
 * What starts a saga: every message of one type starts a saga of one type, keyed by what the message is about (a
 * second message with the same key starts nothing). A saga's package extends it with the message's key and the
 * saga's first data, e.g. {@code placeorder/PlaceOrderStarter}; the inbound dispatcher finds it as any handler.
 *
 * @param <E> the message that starts the saga
 * @param <D> the saga's data
 */
public abstract class SagaStarter<E extends Message, D> implements MessageHandler<E> {

    private final Sagas sagas;
    private final String sagaType;
    private final MessageType<E> trigger;

    protected SagaStarter(Sagas sagas, String sagaType, MessageType<E> trigger) {
        this.sagas = sagas;
        this.sagaType = sagaType;
        this.trigger = trigger;
    }

    /** The saga's correlation key: what it is about (e.g. the order id). */
    protected abstract String key(E message);

    /** The saga's data when it starts. */
    protected abstract D data(E message);

    @Override
    public final MessageType<E> type() {
        return trigger;
    }

    @Override
    public final void handle(E message, Envelope envelope) {
        sagas.start(sagaType, key(message), data(message));
    }
}
