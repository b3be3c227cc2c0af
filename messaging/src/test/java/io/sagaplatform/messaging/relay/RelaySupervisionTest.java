package io.sagaplatform.messaging.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponse.Status;
import org.junit.jupiter.api.Test;

/**
 * The supervisor outlives whatever an engine run throws, {@link Error}s included: it restarts with back-off, and
 * only an error after which the JVM cannot be trusted turns liveness DOWN. Here the errors come from the first thing
 * every engine run does — setting up the publication through the data source — on the supervisor's own thread.
 */
class RelaySupervisionTest {

    private static final Duration AT_MOST = Duration.ofSeconds(10);

    @Test
    void aStackOverflowErrorIsRetriedWithBackOffAndLeavesLivenessUp() {
        ScriptedDataSource db = ScriptedDataSource.throwing(() -> new StackOverflowError("deeply nested payload"));
        try (UnitRelay unit = new UnitRelay(db)) {
            unit.relay.start();

            await().atMost(AT_MOST).until(() -> unit.relay.status().restarts() >= 3);
            RelayStatus status = unit.relay.status();
            assertThat(status.state()).isEqualTo(RelayState.RESTARTING);
            assertThat(status.lastError())
                    .hasValueSatisfying(error -> assertThat(error).contains("StackOverflowError"));
            assertThat(unit.readiness().call().getStatus()).isEqualTo(Status.DOWN);
            assertThat(new RelayLivenessCheck(unit.relay).call().getStatus()).isEqualTo(Status.UP);
        }
    }

    @Test
    void anOutOfMemoryErrorTurnsLivenessDownWhileTheSupervisorKeepsTrying() {
        ScriptedDataSource db = ScriptedDataSource.throwing(() -> new OutOfMemoryError("Java heap space (simulated)"));
        try (UnitRelay unit = new UnitRelay(db)) {
            unit.relay.start();

            await().atMost(AT_MOST).until(() -> unit.relay.status().restarts() >= 3);
            HealthCheckResponse liveness = new RelayLivenessCheck(unit.relay).call();
            assertThat(liveness.getStatus()).isEqualTo(Status.DOWN);
            assertThat(liveness.getData()).hasValueSatisfying(data -> assertThat(data.get("unrecoverable"))
                    .asString().contains("OutOfMemoryError"));
        }
    }

    @Test
    void onlyVirtualMachineErrorsButStackOverflowAreUnrecoverable() {
        assertThat(OutboxRelay.isUnrecoverable(new IllegalStateException("failed", new OutOfMemoryError()))).isTrue();
        assertThat(OutboxRelay.isUnrecoverable(new InternalError("JIT"))).isTrue();
        assertThat(OutboxRelay.isUnrecoverable(new StackOverflowError())).isFalse();
        assertThat(OutboxRelay.isUnrecoverable(new NoClassDefFoundError("org/example/Smt"))).isFalse();
        assertThat(OutboxRelay.isUnrecoverable(new IllegalStateException("replication slot is active"))).isFalse();
    }
}
