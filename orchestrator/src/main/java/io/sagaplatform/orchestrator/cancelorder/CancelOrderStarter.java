package io.sagaplatform.orchestrator.cancelorder;

import jakarta.inject.Singleton;

import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.order.OrderCancellationRequested;
import io.sagaplatform.orchestrator.application.SagaStarter;
import io.sagaplatform.orchestrator.application.Sagas;

/**
 * Every accepted cancellation request starts a cancel-order saga, keyed by the order id: order-service accepts one
 * request per order (the order is CANCELLING until the saga decides, and a refused cancellation is not requested
 * again), and a redelivered request starts nothing.
 */
@Singleton
public class CancelOrderStarter extends SagaStarter<OrderCancellationRequested, CancelOrderData> {

    CancelOrderStarter(Sagas sagas) {
        super(sagas, CancelOrderSaga.TYPE, MessageTypes.ORDER_CANCELLATION_REQUESTED);
    }

    @Override
    protected String key(OrderCancellationRequested event) {
        return event.orderId().toString();
    }

    @Override
    protected CancelOrderData data(OrderCancellationRequested event) {
        return CancelOrderData.from(event);
    }
}
