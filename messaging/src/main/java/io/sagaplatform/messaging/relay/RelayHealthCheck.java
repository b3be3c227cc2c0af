package io.sagaplatform.messaging.relay;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.sagaplatform.messaging.MessagingConfig;

/**
 * Readiness reflects the engine's real state, not merely that the application started: UP while it streams
 * (or stands by for another replica that streams the same slot), DOWN while it starts, restarts or is
 * stopped — with the last error, so an operator sees why. The slot's confirmed position and the WAL it retains
 * are shown too (absent when they cannot be read): a lag that keeps growing means nothing confirms the slot.
 *
 * <p>Everything comes from what the relay keeps in memory ({@link OutboxRelay#slotPosition()} is refreshed in the
 * background): a probe never waits for the connection pool or for another probe, so it answers well inside its timeout
 * even while the pool is exhausted.
 */
@Readiness
@ApplicationScoped
public class RelayHealthCheck implements HealthCheck {

    private final OutboxRelay relay;
    private final boolean enabled;

    RelayHealthCheck(OutboxRelay relay, MessagingConfig config) {
        this.relay = relay;
        this.enabled = config.relay().enabled();
    }

    @Override
    public HealthCheckResponse call() {
        RelayStatus status = relay.status();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("outbox-relay")
                .withData("state", status.state().name())
                .withData("slot", status.slotName())
                .withData("published", status.published())
                .withData("restarts", status.restarts());
        status.lastPublishedAt().ifPresent(at -> response.withData("lastPublishedAt", at.toString()));
        SlotPosition slot = relay.slotPosition();
        slot.confirmedFlushLsn().ifPresent(lsn -> response.withData("confirmedFlushLsn", lsn));
        slot.lagBytes().ifPresent(bytes -> response.withData("slotLagBytes", bytes));
        status.lastError().ifPresent(error -> response.withData("lastError", error));
        if (!enabled) {
            return response.withData("state", "DISABLED").up().build();
        }
        boolean up = status.state() == RelayState.STREAMING || status.state() == RelayState.STANDBY;
        return response.status(up).build();
    }
}
