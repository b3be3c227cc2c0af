package io.sagaplatform.orchestrator.cancelorder;

import jakarta.enterprise.context.ApplicationScoped;

import io.sagaplatform.contracts.MessageType;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.order.OrderCancellationRequested;
import io.sagaplatform.messaging.dispatch.Envelope;
import io.sagaplatform.messaging.dispatch.MessageHandler;
import io.sagaplatform.orchestrator.application.Sagas;

/**
 * Every accepted cancellation request starts a cancel-order saga, keyed by the order id: order-service accepts one
 * request per order (the order is CANCELLING until the saga decides, and a refused cancellation is not tried again),
 * and a redelivered request starts nothing.
 */
@ApplicationScoped
public class CancelOrderStarter implements MessageHandler<OrderCancellationRequested> {

    private final Sagas sagas;

    CancelOrderStarter(Sagas sagas) {
        this.sagas = sagas;
    }

    @Override
    public MessageType<OrderCancellationRequested> type() {
        return MessageTypes.ORDER_CANCELLATION_REQUESTED;
    }

    @Override
    public void handle(OrderCancellationRequested event, Envelope envelope) {
        sagas.start(CancelOrderSaga.TYPE, event.orderId().toString(), CancelOrderData.from(event));
    }
}
