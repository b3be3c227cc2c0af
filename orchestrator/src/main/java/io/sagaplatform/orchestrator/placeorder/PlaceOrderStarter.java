package io.sagaplatform.orchestrator.placeorder;

import jakarta.enterprise.context.ApplicationScoped;

import io.sagaplatform.contracts.MessageType;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.order.OrderPlaced;
import io.sagaplatform.messaging.dispatch.Envelope;
import io.sagaplatform.messaging.dispatch.MessageHandler;
import io.sagaplatform.orchestrator.application.Sagas;

/**
 * Every placed order starts a place-order saga, keyed by its order id (a second OrderPlaced for the same order
 * starts nothing). The one place that knows OrderPlaced means place-order: the orchestrator's generic parts start
 * whatever saga a starter names.
 */
@ApplicationScoped
public class PlaceOrderStarter implements MessageHandler<OrderPlaced> {

    private final Sagas sagas;

    PlaceOrderStarter(Sagas sagas) {
        this.sagas = sagas;
    }

    @Override
    public MessageType<OrderPlaced> type() {
        return MessageTypes.ORDER_PLACED;
    }

    @Override
    public void handle(OrderPlaced event, Envelope envelope) {
        sagas.start(PlaceOrderSaga.TYPE, event.orderId().toString(), PlaceOrderData.from(event));
    }
}
