package io.sagaplatform.orchestrator.placeorder;

import io.sagaplatform.orchestrator.application.SagaTiming;
import io.smallrye.config.ConfigMapping;

/** Timing of the place-order saga: {@code saga.place-order.*}. */
@ConfigMapping(prefix = "saga.place-order")
public interface PlaceOrderSagaConfig extends SagaTiming {
}
