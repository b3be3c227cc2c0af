package io.sagaplatform.orchestrator.placeorder;

import jakarta.inject.Singleton;

import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.order.OrderPlaced;
import io.sagaplatform.orchestrator.application.SagaStarter;
import io.sagaplatform.orchestrator.application.Sagas;

/**
 * Every placed order starts a place-order saga, keyed by its order id (a second OrderPlaced for the same order
 * starts nothing). The one place that knows OrderPlaced means place-order: the orchestrator's generic parts start
 * whatever saga a starter names.
 */
@Singleton
public class PlaceOrderStarter extends SagaStarter<OrderPlaced, PlaceOrderData> {

    PlaceOrderStarter(Sagas sagas) {
        super(sagas, PlaceOrderSaga.TYPE, MessageTypes.ORDER_PLACED);
    }

    @Override
    protected String key(OrderPlaced event) {
        return event.orderId().toString();
    }

    @Override
    protected PlaceOrderData data(OrderPlaced event) {
        return PlaceOrderData.from(event);
    }
}
