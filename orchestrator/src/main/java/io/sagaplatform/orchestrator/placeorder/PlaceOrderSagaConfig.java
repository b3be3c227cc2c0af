package io.sagaplatform.orchestrator.placeorder;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Timing of the place-order saga. */
@ConfigMapping(prefix = "saga.place-order")
public interface PlaceOrderSagaConfig {

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
