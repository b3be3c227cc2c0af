package io.sagaplatform.messaging.relay;

import static io.sagaplatform.testing.KafkaProbe.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sagaplatform.contracts.Headers;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.contracts.WireFormat;
import io.sagaplatform.contracts.common.OrderLine;
import io.sagaplatform.contracts.common.ShippingAddress;
import io.sagaplatform.contracts.inventory.InventoryReleased;
import io.sagaplatform.contracts.order.OrderPlaced;
import io.sagaplatform.contracts.order.RejectOrder;
import io.sagaplatform.messaging.PlatformProducer;
import io.sagaplatform.messaging.PlatformProducers;
import io.sagaplatform.messaging.SagaContext;
import io.sagaplatform.messaging.outbox.OutboxMessage;
import io.sagaplatform.testing.ServiceTestProfile;
import io.sagaplatform.messaging.support.TestOutboxWriter;
import io.sagaplatform.testing.KafkaProbe;
import io.sagaplatform.testing.Management;
import io.sagaplatform.testing.PostgresTestResource;

/** Outbox → Debezium embedded → Kafka, against the real local PostgreSQL and the in-JVM broker. */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class OutboxRelayIT {

    private static final Duration AT_MOST = Duration.ofSeconds(60);
    private static KafkaProbe probe;

    @Inject
    TestOutboxWriter writer;

    @Inject
    OutboxRelay relay;

    @Inject
    PlatformProducer producer;

    @BeforeAll
    static void readTopics() {
        probe = KafkaProbe.reading(Topics.ORDER_EVENTS, Topics.ORDER_COMMANDS, Topics.SAGA_REPLIES);
    }

    @AfterAll
    static void closeProbe() {
        probe.close();
    }

    @Test
    void everyOutboxRowArrivesOnItsTopicWithItsKeyAndEnvelopeHeaders() {
        UUID orderId = UUID.randomUUID();
        UUID sagaId = UUID.randomUUID();
        OrderPlaced placed = new OrderPlaced(orderId, "alice",
                List.of(new OrderLine("SKU-APPLE", 2, new BigDecimal("1.25"))), new BigDecimal("2.50"), "EUR",
                new ShippingAddress("Alice", "1 Main St", "Lyon", "69001", "FR"), Instant.parse("2026-11-23T10:00:00Z"));
        SagaContext saga = new SagaContext(sagaId, "place-order", "approve-order", 2);
        RejectOrder reject = new RejectOrder(orderId, "out of stock");
        InventoryReleased released = new InventoryReleased(orderId, true);

        List<UUID> ids = writer.append(
                OutboxMessage.event(Topics.ORDER_EVENTS, "order", orderId.toString(), placed),
                OutboxMessage.command(Topics.ORDER_COMMANDS, saga, "order", orderId.toString(), reject)
                        .withTraceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
                new OutboxMessage(Topics.SAGA_REPLIES, sagaId.toString(), "inventory", orderId.toString(), released,
                        java.util.Optional.of(saga), java.util.Optional.of("cause-1"), java.util.Optional.empty()));

        ConsumerRecord<String, byte[]> event = awaitOne(ids.get(0));
        assertThat(event.topic()).isEqualTo(Topics.ORDER_EVENTS);
        assertThat(event.key()).isEqualTo(orderId.toString());
        assertThat(KafkaProbe.headers(event)).containsEntry(Headers.CE_SPECVERSION, "1.0")
                .containsEntry(Headers.CE_TYPE, MessageTypes.ORDER_PLACED.name())
                .containsEntry(Headers.CE_SOURCE, "/messaging-test")
                .containsEntry(Headers.CE_SUBJECT, orderId.toString())
                .containsEntry(Headers.SCHEMA_VERSION, "1")
                .containsEntry(Headers.CONTENT_TYPE, "application/json")
                .doesNotContainKeys(Headers.SAGA_ID, Headers.STEP, Headers.TRACEPARENT, "id");
        assertThat(KafkaProbe.headers(event).keySet()).as("only envelope headers travel")
                .allMatch(name -> name.startsWith("ce_") || name.equals(Headers.CONTENT_TYPE)
                        || name.equals(Headers.SCHEMA_VERSION));
        assertThat(Instant.parse(header(event, Headers.CE_TIME))).isBefore(Instant.now().plusSeconds(1));
        assertThat(WireFormat.decode(MessageTypes.ORDER_PLACED, event.value())).isEqualTo(placed);

        ConsumerRecord<String, byte[]> command = awaitOne(ids.get(1));
        assertThat(command.topic()).isEqualTo(Topics.ORDER_COMMANDS);
        assertThat(command.key()).isEqualTo(sagaId.toString());
        assertThat(KafkaProbe.headers(command)).containsEntry(Headers.SAGA_ID, sagaId.toString())
                .containsEntry(Headers.SAGA_TYPE, "place-order")
                .containsEntry(Headers.STEP, "approve-order")
                .containsEntry(Headers.ATTEMPT, "2");
        // same trace; the parent is now the relay's PRODUCER span (TraceAcrossTheOutboxIT shows the links)
        assertThat(header(command, Headers.TRACEPARENT)).startsWith("00-0af7651916cd43dd8448eb211c80319c-")
                .doesNotContain("b7ad6b7169203331").endsWith("-01");
        assertThat(WireFormat.decode(MessageTypes.REJECT_ORDER, command.value())).isEqualTo(reject);

        ConsumerRecord<String, byte[]> reply = awaitOne(ids.get(2));
        assertThat(reply.topic()).isEqualTo(Topics.SAGA_REPLIES);
        assertThat(reply.key()).isEqualTo(sagaId.toString());
        assertThat(header(reply, Headers.CAUSATION_ID)).isEqualTo("cause-1");
        assertThat(WireFormat.decode(MessageTypes.INVENTORY_RELEASED, reply.value())).isEqualTo(released);
    }

    @Test
    void aMessageWrittenInARolledBackTransactionIsNeverPublished() {
        UUID orderId = UUID.randomUUID();
        var failed = OutboxMessage.event(Topics.ORDER_EVENTS, "order", orderId.toString(),
                new RejectOrder(orderId, "rolled back"));
        assertThatThrownBy(() -> writer.appendThenFail(failed))
                .isInstanceOf(TestOutboxWriter.SimulatedBusinessFailure.class);
        UUID rolledBack = UUID.fromString(orderId.toString());
        // a later committed message on the same key proves the relay went past the rolled-back one
        UUID committed = writer.append(OutboxMessage.event(Topics.ORDER_EVENTS, "order", orderId.toString(),
                new RejectOrder(orderId, "committed"))).get(0);
        awaitOne(committed);
        assertThat(probe.records(r -> orderId.toString().equals(r.key()))).hasSize(1);
        assertThat(writer.count("SELECT count(*) FROM outbox WHERE aggregate_id = ?1", rolledBack.toString()))
                .isEqualTo(1);
    }

    @Test
    void nothingIsLostWhenTheRelayIsStoppedAndStartedWhileMessagesAreWritten() {
        Set<UUID> written = writeWhile(() -> {
            relay.stop();
            assertThat(relay.status().state()).isEqualTo(RelayState.STOPPED);
            relay.start();
        });
        awaitAll(written);
    }

    @Test
    void nothingIsLostWhenTheReplicationConnectionIsKilled() {
        Set<UUID> written = writeWhile(() -> {
            await().atMost(AT_MOST).until(() -> walSenderPid(relay.slotName()) != null);
            Integer killed = walSenderPid(relay.slotName());
            terminateWalSender(relay.slotName());
            // the relay reconnects (Debezium's own retry or an engine restart): a new walsender streams the slot
            await().atMost(AT_MOST).until(() -> {
                Integer now = walSenderPid(relay.slotName());
                return now != null && !now.equals(killed);
            });
        });
        awaitAll(written);
        await().atMost(AT_MOST).until(() -> relay.status().state() == RelayState.STREAMING);
    }

    @Test
    void aProducerThatFailsEverySendIsReplacedWhenTheEngineRestarts() {
        await().atMost(AT_MOST).until(() -> relay.status().state() == RelayState.STREAMING);
        long restartsBefore = relay.status().restarts();
        // what a fatal producer error (fenced, not authorised) leaves behind: a producer that refuses every send
        PlatformProducers.close(producer);
        UUID orderId = UUID.randomUUID();
        UUID id = writer.append(OutboxMessage.event(Topics.ORDER_EVENTS, "order", orderId.toString(),
                new RejectOrder(orderId, "after the producer broke"))).get(0);

        awaitOne(id);
        assertThat(relay.status().restarts()).as("published by the next engine").isGreaterThan(restartsBefore);
        await().atMost(AT_MOST).until(() -> relay.status().state() == RelayState.STREAMING);
    }

    @Test
    void readinessIsDownWhileTheRelayIsNotStreamingAndUpAgainAfterwards() {
        await().atMost(AT_MOST).until(() -> relay.status().state() == RelayState.STREAMING);
        Management.given().get("/q/health/ready").then().statusCode(200);
        relay.stop();
        try {
            Management.given().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'outbox-relay' }.status", org.hamcrest.Matchers.is("DOWN"))
                    .body("checks.find { it.name == 'outbox-relay' }.data.state", org.hamcrest.Matchers.is("STOPPED"));
            // not streaming is no reason to restart the process: liveness stays UP
            Management.given().get("/q/health/live").then().statusCode(200)
                    .body("checks.find { it.name == 'outbox-relay' }.status", org.hamcrest.Matchers.is("UP"));
        } finally {
            relay.start();
        }
        await().atMost(AT_MOST).untilAsserted(
                () -> Management.given().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    void heartbeatsMoveTheSlotForwardWhileTheOutboxIsQuiet() {
        await().atMost(AT_MOST).until(() -> relay.status().state() == RelayState.STREAMING);
        String before = confirmedFlushLsn(relay.slotName());
        // WAL written elsewhere in the cluster (here: this database's own non-outbox table) must not stay pinned
        writer.execute("CREATE TABLE IF NOT EXISTS wal_filler (n int)");
        writer.execute("INSERT INTO wal_filler SELECT generate_series(1, 1000)");
        String written = currentWalLsn();
        await().atMost(AT_MOST).until(() -> lsnAtLeast(confirmedFlushLsn(relay.slotName()), written));
        assertThat(lsnAtLeast(confirmedFlushLsn(relay.slotName()), before)).isTrue();
    }

    private static boolean lsnAtLeast(String lsn, String reference) {
        try (Connection c = PostgresTestResource.current().connect();
                PreparedStatement ps = c.prepareStatement("SELECT ?::pg_lsn >= ?::pg_lsn")) {
            ps.setString(1, lsn);
            ps.setString(2, reference);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String currentWalLsn() {
        try (Connection c = PostgresTestResource.current().connect();
                var rs = c.createStatement().executeQuery("SELECT pg_current_wal_lsn()::text")) {
            rs.next();
            return rs.getString(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String confirmedFlushLsn(String slot) {
        try (Connection c = PostgresTestResource.current().connect();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT coalesce(confirmed_flush_lsn, '0/0')::text FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slot);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "0/0";
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes messages continuously on another thread while {@code fault} runs; returns their ids. */
    private Set<UUID> writeWhile(Runnable fault) {
        Set<UUID> written = java.util.Collections.synchronizedSet(new HashSet<>());
        AtomicBoolean writing = new AtomicBoolean(true);
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            while (writing.get() || written.size() < 50) {
                UUID orderId = UUID.randomUUID();
                written.addAll(writer.append(OutboxMessage.event(Topics.ORDER_EVENTS, "order", orderId.toString(),
                        new RejectOrder(orderId, "load"))));
            }
        });
        try {
            await().atMost(AT_MOST).until(() -> written.size() >= 20);
            fault.run();
        } finally {
            writing.set(false);
        }
        producer.join();
        return Set.copyOf(written);
    }

    private void awaitAll(Set<UUID> ids) {
        Set<String> expected = new HashSet<>();
        ids.forEach(id -> expected.add(id.toString()));
        await().atMost(AT_MOST).untilAsserted(() -> {
            Set<String> seen = new HashSet<>();
            probe.records().forEach(r -> seen.add(header(r, Headers.CE_ID)));
            assertThat(seen).containsAll(expected);
        });
    }

    private ConsumerRecord<String, byte[]> awaitOne(UUID id) {
        return probe.await(1, r -> id.toString().equals(header(r, Headers.CE_ID)), AT_MOST).get(0);
    }

    private static Integer walSenderPid(String slot) {
        try (Connection c = PostgresTestResource.current().connect();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT active_pid FROM pg_replication_slots WHERE slot_name = ? AND active")) {
            ps.setString(1, slot);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : null;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void terminateWalSender(String slot) {
        try (Connection c = PostgresTestResource.current().connect();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = ?"
                                + " AND active_pid IS NOT NULL")) {
            ps.setString(1, slot);
            ps.execute();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
