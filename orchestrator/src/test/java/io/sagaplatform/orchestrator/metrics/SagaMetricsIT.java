package io.sagaplatform.orchestrator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.inventory.InventoryFailureReason;
import io.sagaplatform.contracts.order.OrderRejected;
import io.sagaplatform.orchestrator.triggers.Participants;
import io.sagaplatform.orchestrator.placeorder.PlaceOrderSaga;
import io.sagaplatform.testing.Scrape;
import io.sagaplatform.testing.ServiceTestProfile;

/**
 * One saga driven to COMPLETED and one to COMPENSATED through Kafka, then {@code /q/metrics} must show the
 * saga counters, the duration and step-latency histograms and the in-flight gauge with the right tags. The
 * names scraped are written to {@code target/exported-metrics.txt} for deploy-tests' dashboard check.
 */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class SagaMetricsIT {

    private static final Duration AT_MOST = Participants.AT_MOST;
    private static final String TYPE = PlaceOrderSaga.TYPE;
    private static Participants participants;

    @BeforeAll
    static void start() {
        participants = new Participants();
    }

    @AfterAll
    static void close() {
        participants.close();
    }

    @Test
    void aCompletedAndACompensatedSagaAreCountedTimedAndTaggedByTypeStepAndOutcome() {
        Scrape before = Scrape.metrics();
        double startedBefore = before.value("saga_started_total", Map.of("type", TYPE));
        double completedBefore = before.value("saga_completed_total", Map.of("type", TYPE));
        double compensatedBefore = before.value("saga_compensated_total", Map.of("type", TYPE));

        UUID completed = participants.complete();
        UUID compensated = compensate();
        await().atMost(AT_MOST).until(() -> Participants.status(completed).equals("COMPLETED")
                && Participants.status(compensated).equals("COMPENSATED"));

        // the counters move after commit, a moment after the row is visible
        Scrape after = await().atMost(AT_MOST).until(Scrape::metrics,
                s -> s.value("saga_compensated_total", Map.of("type", TYPE)) >= compensatedBefore + 1
                        && s.value("saga_completed_total", Map.of("type", TYPE)) >= completedBefore + 1);
        assertThat(after.value("saga_started_total", Map.of("type", TYPE))).isGreaterThanOrEqualTo(startedBefore + 2);
        assertThat(after.samples("saga_started_total", Map.of("type", TYPE)))
                .allSatisfy(s -> assertThat(s.labels()).containsEntry("service", "orchestrator"));
        assertThat(after.names()).contains("saga_failed_total", "saga_aborted_total");

        Map<String, String> done = Map.of("type", TYPE, "outcome", "completed");
        Map<String, String> undone = Map.of("type", TYPE, "outcome", "compensated");
        assertThat(after.value("saga_duration_seconds_count", done)).isGreaterThanOrEqualTo(1);
        assertThat(after.value("saga_duration_seconds_sum", done)).isGreaterThan(0.0);
        assertThat(after.value("saga_duration_seconds_count", undone)).isGreaterThanOrEqualTo(1);
        assertThat(after.samples("saga_duration_seconds_bucket", done)).hasSizeGreaterThan(5)
                .anySatisfy(s -> assertThat(s.labels()).containsEntry("le", "+Inf"));
        assertThat(after.names()).contains("saga_duration_seconds_max");

        for (String step : new String[] { "reserve-inventory", "authorize-payment", "schedule-shipment",
                "approve-order", "capture-payment" }) {
            assertThat(after.value("saga_step_latency_seconds_count",
                    Map.of("type", TYPE, "step", step, "outcome", "succeeded"))).as(step).isGreaterThanOrEqualTo(1);
        }
        assertThat(after.value("saga_step_latency_seconds_count",
                Map.of("type", TYPE, "step", "reserve-inventory", "outcome", "failed"))).isGreaterThanOrEqualTo(1);
        assertThat(after.value("saga_step_latency_seconds_count",
                Map.of("type", TYPE, "step", "reject-order", "outcome", "compensated"))).isGreaterThanOrEqualTo(1);
        assertThat(after.samples("saga_step_latency_seconds_bucket", Map.of("step", "approve-order"))).isNotEmpty();

        for (String status : new String[] { "RUNNING", "COMPENSATING", "FAILED" }) {
            assertThat(after.value("saga_in_flight", Map.of("type", TYPE, "status", status))).as(status)
                    .isNotNaN().isGreaterThanOrEqualTo(0.0);
        }
        assertThat(after.names()).contains("saga_relay_published_total", "saga_dispatch_messages_total");
        assertThat(after.samples("saga_step_latency_seconds_count", Map.of()))
                .as("no id ever becomes a tag").allSatisfy(s -> assertThat(s.labels().keySet())
                        .containsOnly("service", "type", "step", "outcome"));

        after.writeNames();
    }

    @Test
    void aSagaWaitingForAReplyIsCountedInFlightAsRunning() {
        UUID orderId = participants.placeOrder();
        UUID sagaId = Participants.sagaOf(participants.awaitCommand(orderId, MessageTypes.RESERVE_INVENTORY, 1));
        await().atMost(AT_MOST).until(() -> Scrape.metrics()
                .value("saga_in_flight", Map.of("type", TYPE, "status", "RUNNING")) >= 1);
        // finish it so that it does not time out into the other tests' counts
        participants.failFirstStage(sagaId, orderId, InventoryFailureReason.OUT_OF_STOCK, "SKU-APPLE");
        participants.awaitCommand(orderId, MessageTypes.REJECT_ORDER, 1);
        participants.reply(sagaId, "reject-order", MessageTypes.ORDER_REJECTED, new OrderRejected(orderId, "x"));
        await().atMost(AT_MOST).until(() -> Participants.status(sagaId).equals("COMPENSATED"));
    }


    private UUID compensate() {
        UUID orderId = participants.placeOrder();
        UUID sagaId = Participants.sagaOf(participants.awaitCommand(orderId, MessageTypes.RESERVE_INVENTORY, 1));
        participants.failFirstStage(sagaId, orderId, InventoryFailureReason.OUT_OF_STOCK, "SKU-APPLE");
        participants.awaitCommand(orderId, MessageTypes.REJECT_ORDER, 1);
        participants.reply(sagaId, "reject-order", MessageTypes.ORDER_REJECTED, new OrderRejected(orderId, "x"));
        return sagaId;
    }
}
