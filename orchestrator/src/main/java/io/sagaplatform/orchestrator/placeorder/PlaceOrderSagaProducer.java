package io.sagaplatform.orchestrator.placeorder;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.sagaplatform.orchestrator.engine.SagaDefinition;

/**
 * Registers every version of the place-order definition that sagas may still run on; the saga registry
 * ({@code application/SagaRegistry}) collects them, validates them when the application starts and starts new sagas
 * on the current one ({@code saga.definitions.place-order.current-version}, default the highest). A version goes
 * when no saga runs on it any more (README, "Shipping a changed saga definition").
 */
public class PlaceOrderSagaProducer {

    @Produces
    @Singleton
    SagaDefinition<PlaceOrderData> placeOrderV2(PlaceOrderSagaConfig config) {
        return PlaceOrderSaga.definition(config);
    }

    @Produces
    @Singleton
    SagaDefinition<PlaceOrderData> placeOrderV1(PlaceOrderSagaConfig config) {
        return PlaceOrderSaga.sequential(config);
    }
}
