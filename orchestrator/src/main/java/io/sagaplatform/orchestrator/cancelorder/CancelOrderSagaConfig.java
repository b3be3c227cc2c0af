package io.sagaplatform.orchestrator.cancelorder;

import io.sagaplatform.orchestrator.application.SagaTiming;
import io.smallrye.config.ConfigMapping;

/** Timing of the cancel-order saga: {@code saga.cancel-order.*}. */
@ConfigMapping(prefix = "saga.cancel-order")
public interface CancelOrderSagaConfig extends SagaTiming {
}
