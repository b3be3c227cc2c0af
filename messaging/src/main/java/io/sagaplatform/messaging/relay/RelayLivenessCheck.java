package io.sagaplatform.messaging.relay;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness {@code outbox-relay}: DOWN only when the relay cannot recover inside this JVM
 * ({@link OutboxRelay#unrecoverable()}: after an OutOfMemoryError or a like error, or should its supervisor have
 * ended), so that the platform restarts the process. Every other failure the supervisor retries with back-off, and
 * readiness shows it: restarting the process would not help there, and would take a standby relay away too.
 */
@Liveness
@ApplicationScoped
public class RelayLivenessCheck implements HealthCheck {

    private final OutboxRelay relay;

    RelayLivenessCheck(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("outbox-relay")
                .withData("state", relay.status().state().name());
        Optional<String> unrecoverable = relay.unrecoverable();
        unrecoverable.ifPresent(reason -> response.withData("unrecoverable", reason));
        return response.status(unrecoverable.isEmpty()).build();
    }
}
