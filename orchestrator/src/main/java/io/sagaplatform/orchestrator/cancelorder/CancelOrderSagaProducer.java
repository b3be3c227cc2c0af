package io.sagaplatform.orchestrator.cancelorder;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.sagaplatform.orchestrator.engine.SagaDefinition;

/** Registers the cancel-order definition with the saga registry (one version so far). */
public class CancelOrderSagaProducer {

    @Produces
    @Singleton
    SagaDefinition<CancelOrderData> cancelOrderV1(CancelOrderSagaConfig config) {
        return CancelOrderSaga.definition(config);
    }
}
