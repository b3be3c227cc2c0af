package io.sagaplatform.orchestrator.application;

import java.time.Duration;

import io.smallrye.config.WithDefault;

/**
 * How long a saga's steps wait and how often they are tried: what every saga type configures the same way. A saga
 * package maps it to its own prefix, e.g. {@code @ConfigMapping(prefix = "saga.place-order") interface
 * PlaceOrderSagaConfig extends SagaTiming}, so that each type is tuned on its own
 * ({@code saga.<type>.step-timeout}, env {@code SAGA_<TYPE>_STEP_TIMEOUT}, …).
 */
public interface SagaTiming {

    /** How long a step waits for its reply before its command is sent again. */
    @WithDefault("10s")
    Duration stepTimeout();

    /** Sends of a compensatable or pivot step before its outcome is declared unknown. */
    @WithDefault("5")
    int maxAttempts();

    /** First pause before a command is sent again; doubles up to {@link #retryBackoffMax()}. */
    @WithDefault("1s")
    Duration retryBackoff();

    @WithDefault("30s")
    Duration retryBackoffMax();

    /** A saga not past its pivot by then is compensated. */
    @WithDefault("5m")
    Duration sagaDeadline();
}
