package io.sagaplatform.messaging.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.sagaplatform.contracts.Headers;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.contracts.common.StockLine;
import io.sagaplatform.contracts.inventory.ReserveInventory;
import io.sagaplatform.messaging.SagaContext;
import io.sagaplatform.messaging.outbox.OutboxMessage;
import io.sagaplatform.testing.Management;
import io.sagaplatform.testing.Scrape;
import io.sagaplatform.messaging.support.TestOutboxWriter;
import io.sagaplatform.testing.KafkaProbe;
import io.sagaplatform.testing.ServiceTestProfile;
import io.sagaplatform.testing.TestKafka;
import io.sagaplatform.testing.TestMessages;

/**
 * What an operator's Prometheus sees after real traffic: commands written to the outbox travel through the
 * relay and the inbox, one poison record is dead-lettered, and {@code /q/metrics} then shows the relay, the
 * dispatcher, the dead letters, the slot lag and the Kafka consumer's lag with plausible values. The names
 * scraped are written to {@code target/exported-metrics.txt} for deploy-tests' dashboard check.
 */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class MessagingMetricsIT {

    private static final Duration AT_MOST = Duration.ofSeconds(60);
    private static final int COMMANDS = 3;
    private static final String COMMAND_TYPE = MessageTypes.RESERVE_INVENTORY.name();

    @Inject
    TestOutboxWriter db;

    @Test
    void relayDispatcherDeadLetterSlotAndConsumerLagMetricsAreExportedWithPlausibleValues() {
        List<UUID> orders = new java.util.ArrayList<>();
        for (int i = 0; i < COMMANDS; i++) {
            UUID orderId = UUID.randomUUID();
            orders.add(orderId);
            db.append(OutboxMessage.command(Topics.INVENTORY_COMMANDS,
                    new SagaContext(UUID.randomUUID(), "place-order", "reserve-inventory", 1), "order",
                    orderId.toString(), new ReserveInventory(orderId, List.of(new StockLine("SKU-APPLE", 1)))));
        }
        ProducerRecord<String, byte[]> unknown = TestMessages.withHeader(TestMessages.plain(Topics.INVENTORY_COMMANDS,
                UUID.randomUUID().toString(), MessageTypes.RESERVE_INVENTORY,
                new ReserveInventory(UUID.randomUUID(), List.of(new StockLine("SKU-APPLE", 1))), TestMessages.newId()),
                Headers.CE_TYPE, "inventory.CountStock");
        TestKafka.createTopics(List.of(Topics.deadLetter(Topics.INVENTORY_COMMANDS)), 3);
        KafkaProbe.send(unknown);
        await().atMost(AT_MOST).until(() -> orders.stream().allMatch(
                id -> db.count("SELECT count(*) FROM test_effects WHERE order_id = ?1", id) == 1));

        Map<String, String> commands = Map.of("topic", Topics.INVENTORY_COMMANDS);
        Map<String, String> replies = Map.of("topic", Topics.SAGA_REPLIES);
        Map<String, String> applied = Map.of("type", COMMAND_TYPE, "outcome", "APPLIED");
        // the replies and the dead letter are counted moments after the effects are visible
        Scrape scrape = await().atMost(AT_MOST).until(Scrape::metrics, s ->
                s.sum("saga_relay_published_total", replies).orElse(0.0) >= COMMANDS
                        && s.sum("saga_dlq_messages_total", Map.of()).orElse(0.0) >= 1
                        && s.sum("saga_dispatch_messages_total", applied).orElse(0.0) >= COMMANDS);

        // relay
        assertThat(scrape.value("saga_relay_published_total", commands)).isGreaterThanOrEqualTo(COMMANDS);
        assertThat(scrape.samples("saga_relay_published_total", commands))
                .allSatisfy(s -> assertThat(s.labels()).containsEntry("service", "messaging-test"));
        assertThat(scrape.value("saga_relay_lag_seconds_count", commands)).isGreaterThanOrEqualTo(COMMANDS);
        assertThat(scrape.value("saga_relay_lag_seconds_sum", commands)).isGreaterThan(0.0);
        assertThat(scrape.value("saga_relay_lag_seconds_bucket", Map.of("topic", Topics.INVENTORY_COMMANDS, "le", "+Inf")))
                .isGreaterThanOrEqualTo(COMMANDS);
        assertThat(scrape.names()).contains("saga_relay_lag_seconds_max", "saga_relay_publish_failures_total",
                "saga_relay_restarts_total");
        assertThat(scrape.value("saga_relay_state", Map.of("state", "STREAMING"))).isEqualTo(1.0);
        assertThat(scrape.value("saga_relay_state", Map.of("state", "RESTARTING"))).isZero();
        assertThat(scrape.value("saga_relay_slot_lag_bytes", Map.of())).isNotNaN().isGreaterThanOrEqualTo(0.0);

        // dispatcher and dead letters
        assertThat(scrape.value("saga_dispatch_duration_seconds_count", applied)).isGreaterThanOrEqualTo(COMMANDS);
        assertThat(scrape.samples("saga_dispatch_duration_seconds_bucket", applied)).isNotEmpty();
        assertThat(scrape.value("saga_dispatch_messages_total", Map.of("type", "unknown", "outcome", "DEAD_LETTERED")))
                .isGreaterThanOrEqualTo(1.0);
        assertThat(scrape.value("saga_dlq_messages_total",
                Map.of("topic", Topics.INVENTORY_COMMANDS, "reason", "unknown-type"))).isGreaterThanOrEqualTo(1.0);
        assertThat(scrape.samples("saga_dispatch_messages_total", Map.of()))
                .as("the free-text type of a poison record never becomes a tag value")
                .noneMatch(s -> "inventory.CountStock".equals(s.labels().get("type")));

        // the inbound consumer's lag, from the Kafka client's own metrics
        assertThat(scrape.samples("kafka_consumer_fetch_manager_records_lag_max", Map.of())).isNotEmpty();

        scrape.writeNames();
    }

    @Test
    void readinessShowsTheSlotPositionAndTheWalItRetains() {
        await().atMost(AT_MOST).untilAsserted(() -> {
            JsonPath health = Management.given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
            Map<String, Object> data = health.getMap("checks.find { it.name == 'outbox-relay' }.data");
            assertThat(data).containsEntry("state", "STREAMING");
            assertThat((String) data.get("confirmedFlushLsn")).matches("[0-9A-F]+/[0-9A-F]+");
            assertThat(((Number) data.get("slotLagBytes")).longValue()).isGreaterThanOrEqualTo(0);
        });
    }
}
