package io.sagaplatform.orchestrator.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import io.sagaplatform.contracts.MessageType;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.order.OrderPlaced;
import io.sagaplatform.messaging.dispatch.Envelope;
import io.sagaplatform.messaging.dispatch.MessageHandler;
import io.sagaplatform.orchestrator.application.Sagas;

/** Every placed order starts a place-order saga. */
@ApplicationScoped
public class OrderPlacedHandler implements MessageHandler<OrderPlaced> {

    private final Sagas sagas;

    OrderPlacedHandler(Sagas sagas) {
        this.sagas = sagas;
    }

    @Override
    public MessageType<OrderPlaced> type() {
        return MessageTypes.ORDER_PLACED;
    }

    @Override
    public void handle(OrderPlaced event, Envelope envelope) {
        sagas.start(event);
    }
}
