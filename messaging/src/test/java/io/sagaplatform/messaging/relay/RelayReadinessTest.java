package io.sagaplatform.messaging.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Readiness answers from what the relay keeps: a probe never waits for the database or for another probe. */
class RelayReadinessTest {

    /** Agroal's default acquisition timeout, longer than the probes' 3 s timeout. */
    private static final Duration ACQUISITION_TIMEOUT = Duration.ofSeconds(5);
    /** Inside the probes' timeout, and far from the acquisition timeout a probe that asked the pool would wait. */
    private static final Duration PROMPTLY = Duration.ofSeconds(2);

    private final ScriptedDataSource pool = ScriptedDataSource.exhausted(ACQUISITION_TIMEOUT);
    private final UnitRelay unit = new UnitRelay(pool);
    private final ExecutorService probes = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        probes.shutdownNow();
        unit.close();
    }

    @Test
    void concurrentProbesAnswerPromptlyWhileThePoolIsExhausted() {
        unit.relay.start();
        // the relay itself waits for a connection
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.waiting() > 0);

        List<CompletableFuture<HealthCheckResponse>> answers = IntStream.range(0, 4)
                .mapToObj(i -> CompletableFuture.supplyAsync(unit.readiness()::call, probes))
                .toList();

        await().atMost(PROMPTLY).until(() -> answers.stream().allMatch(CompletableFuture::isDone));
        for (CompletableFuture<HealthCheckResponse> answer : answers) {
            HealthCheckResponse response = answer.join();
            assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(response.getData()).hasValueSatisfying(data -> assertThat(data)
                    .containsEntry("state", "STARTING")
                    .doesNotContainKeys("confirmedFlushLsn", "slotLagBytes")); // not known: never read
        }
    }
}
