package io.sagaplatform.orchestrator.placeorder;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.sagaplatform.orchestrator.engine.SagaEngine;

/** The place-order definition is built — and so validated — when the application starts. */
public class PlaceOrderSagaProducer {

    @Produces
    @Singleton
    @io.quarkus.runtime.Startup
    SagaEngine<PlaceOrderData> placeOrderSaga(PlaceOrderSagaConfig config) {
        return new SagaEngine<>(PlaceOrderSaga.definition(config));
    }
}
