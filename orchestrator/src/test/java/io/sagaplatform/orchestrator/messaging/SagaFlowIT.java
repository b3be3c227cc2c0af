package io.sagaplatform.orchestrator.messaging;

import static io.sagaplatform.testing.KafkaProbe.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sagaplatform.contracts.Headers;
import io.sagaplatform.contracts.Message;
import io.sagaplatform.contracts.MessageType;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.contracts.WireFormat;
import io.sagaplatform.contracts.common.OrderLine;
import io.sagaplatform.contracts.common.ShippingAddress;
import io.sagaplatform.contracts.inventory.InventoryFailureReason;
import io.sagaplatform.contracts.inventory.InventoryReleased;
import io.sagaplatform.contracts.inventory.InventoryReservationFailed;
import io.sagaplatform.contracts.inventory.InventoryReserved;
import io.sagaplatform.contracts.order.OrderApproved;
import io.sagaplatform.contracts.order.OrderPlaced;
import io.sagaplatform.contracts.order.OrderRejected;
import io.sagaplatform.contracts.order.RejectOrder;
import io.sagaplatform.contracts.payment.PaymentAuthorized;
import io.sagaplatform.contracts.payment.PaymentCaptured;
import io.sagaplatform.contracts.shipping.ShipmentScheduled;
import io.sagaplatform.testing.KafkaProbe;
import io.sagaplatform.testing.PostgresTestResource;
import io.sagaplatform.testing.ServiceTestProfile;
import io.sagaplatform.testing.TestMessages;

/**
 * The orchestrator on the real path: OrderPlaced on Kafka starts a saga, its commands leave through the
 * outbox and Debezium, replies sent as participants send them move it on. The test plays every participant.
 */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class SagaFlowIT {

    private static final Duration AT_MOST = Duration.ofSeconds(60);
    private static KafkaProbe commands;
    private static KafkaProbe events;

    @BeforeAll
    static void readCommands() {
        commands = KafkaProbe.reading(Topics.INVENTORY_COMMANDS, Topics.PAYMENT_COMMANDS, Topics.SHIPPING_COMMANDS,
                Topics.ORDER_COMMANDS);
        events = KafkaProbe.reading(Topics.SAGA_EVENTS, Topics.deadLetter(Topics.SAGA_REPLIES));
    }

    @AfterAll
    static void close() {
        commands.close();
        events.close();
    }

    @Test
    void anOrderPlacedRunsTheSagaToCompletionAsRepliesArrive() {
        UUID orderId = placeOrder();
        ConsumerRecord<String, byte[]> reserve = awaitCommand(orderId, MessageTypes.RESERVE_INVENTORY, 1);
        UUID sagaId = UUID.fromString(header(reserve, Headers.SAGA_ID));
        assertThat(reserve.key()).isEqualTo(sagaId.toString());
        assertThat(header(reserve, Headers.STEP)).isEqualTo("reserve-inventory");
        assertThat(header(reserve, Headers.ATTEMPT)).isEqualTo("1");

        reply(sagaId, "reserve-inventory", MessageTypes.INVENTORY_RESERVED, new InventoryReserved(orderId));
        awaitCommand(orderId, MessageTypes.AUTHORIZE_PAYMENT, 1);
        reply(sagaId, "authorize-payment", MessageTypes.PAYMENT_AUTHORIZED, new PaymentAuthorized(orderId, UUID.randomUUID()));
        awaitCommand(orderId, MessageTypes.SCHEDULE_SHIPMENT, 1);
        reply(sagaId, "schedule-shipment", MessageTypes.SHIPMENT_SCHEDULED, new ShipmentScheduled(orderId, UUID.randomUUID()));
        awaitCommand(orderId, MessageTypes.APPROVE_ORDER, 1);
        reply(sagaId, "approve-order", MessageTypes.ORDER_APPROVED, new OrderApproved(orderId));
        awaitCommand(orderId, MessageTypes.CAPTURE_PAYMENT, 1);
        reply(sagaId, "capture-payment", MessageTypes.PAYMENT_CAPTURED, new PaymentCaptured(orderId));

        await().atMost(AT_MOST).until(() -> status(sagaId).equals("COMPLETED"));
        events.await(1, r -> sagaId.toString().equals(r.key())
                && MessageTypes.SAGA_COMPLETED.name().equals(header(r, Headers.CE_TYPE)), AT_MOST);
        assertThat(PostgresTestResource.current().count(
                "SELECT count(*) FROM saga_timeline WHERE saga_id = ? AND kind = 'STEP_SUCCEEDED'", sagaId)).isEqualTo(5);
    }

    @Test
    void aBusinessFailureRejectsTheOrderWithTheReason() {
        UUID orderId = placeOrder();
        UUID sagaId = sagaOf(awaitCommand(orderId, MessageTypes.RESERVE_INVENTORY, 1));
        reply(sagaId, "reserve-inventory", MessageTypes.INVENTORY_RESERVATION_FAILED,
                new InventoryReservationFailed(orderId, InventoryFailureReason.OUT_OF_STOCK, "SKU-APPLE"));

        ConsumerRecord<String, byte[]> reject = awaitCommand(orderId, MessageTypes.REJECT_ORDER, 1);
        assertThat(WireFormat.decode(MessageTypes.REJECT_ORDER, reject.value()))
                .isEqualTo(new RejectOrder(orderId, "reserve-inventory: OUT_OF_STOCK (SKU-APPLE)"));
        reply(sagaId, "reject-order", MessageTypes.ORDER_REJECTED, new OrderRejected(orderId, "x"));
        await().atMost(AT_MOST).until(() -> status(sagaId).equals("COMPENSATED"));
        assertThat(commands.records(r -> sagaId.toString().equals(r.key())
                && MessageTypes.RELEASE_INVENTORY.name().equals(header(r, Headers.CE_TYPE)))).isEmpty();
    }

    @Test
    void aStepWithoutReplyIsResentUnderItsMessageIdThenCompensatedWhenItsOutcomeStaysUnknown() {
        UUID orderId = placeOrder();
        ConsumerRecord<String, byte[]> first = awaitCommand(orderId, MessageTypes.RESERVE_INVENTORY, 1);
        UUID sagaId = sagaOf(first);

        ConsumerRecord<String, byte[]> second = awaitCommand(orderId, MessageTypes.RESERVE_INVENTORY, 2);
        assertThat(header(second, Headers.CE_ID)).isEqualTo(header(first, Headers.CE_ID));
        assertThat(header(second, Headers.ATTEMPT)).isEqualTo("2");

        // still no answer: the reservation may or may not have happened, so it is released too
        awaitCommand(orderId, MessageTypes.RELEASE_INVENTORY, 1);
        reply(sagaId, "reserve-inventory", MessageTypes.INVENTORY_RELEASED, new InventoryReleased(orderId, true));
        awaitCommand(orderId, MessageTypes.REJECT_ORDER, 1);
        reply(sagaId, "reject-order", MessageTypes.ORDER_REJECTED, new OrderRejected(orderId, "x"));
        await().atMost(AT_MOST).until(() -> status(sagaId).equals("COMPENSATED"));
    }

    @Test
    void theSameOrderPlacedTwiceStartsOneSaga() {
        UUID orderId = UUID.randomUUID();
        OrderPlaced placed = placed(orderId);
        KafkaProbe.send(TestMessages.plain(Topics.ORDER_EVENTS, orderId.toString(), MessageTypes.ORDER_PLACED, placed,
                TestMessages.newId()));
        KafkaProbe.send(TestMessages.plain(Topics.ORDER_EVENTS, orderId.toString(), MessageTypes.ORDER_PLACED, placed,
                TestMessages.newId()));
        UUID marker = placeOrder();
        awaitCommand(marker, MessageTypes.RESERVE_INVENTORY, 1);
        await().atMost(AT_MOST).until(() -> PostgresTestResource.current().count(
                "SELECT count(*) FROM inbox WHERE message_type = 'order.OrderPlaced'") >= 3);
        assertThat(PostgresTestResource.current().count("SELECT count(*) FROM saga_instance WHERE order_id = ?", orderId))
                .isEqualTo(1);
    }

    @Test
    void aReplyForAnUnknownSagaIsDeadLettered() {
        String id = TestMessages.newId();
        KafkaProbe.send(TestMessages.saga(Topics.SAGA_REPLIES, MessageTypes.INVENTORY_RESERVED,
                new InventoryReserved(UUID.randomUUID()), UUID.randomUUID(), "reserve-inventory", 1, id));
        ConsumerRecord<String, byte[]> dead = events.await(1, r -> id.equals(header(r, Headers.CE_ID)), AT_MOST).get(0);
        assertThat(header(dead, Headers.DLQ_REASON)).contains("unknown saga");
    }

    private static UUID placeOrder() {
        UUID orderId = UUID.randomUUID();
        KafkaProbe.send(TestMessages.plain(Topics.ORDER_EVENTS, orderId.toString(), MessageTypes.ORDER_PLACED,
                placed(orderId), TestMessages.newId()));
        return orderId;
    }

    private static OrderPlaced placed(UUID orderId) {
        return new OrderPlaced(orderId, "alice", List.of(new OrderLine("SKU-APPLE", 2, new BigDecimal("1.25"))),
                new BigDecimal("2.50"), "EUR", new ShippingAddress("Alice", "1 Main St", "Lyon", "69001", "FR"),
                Instant.now());
    }

    private static <T extends Message> void reply(UUID sagaId, String step, MessageType<T> type, T payload) {
        KafkaProbe.send(TestMessages.saga(Topics.SAGA_REPLIES, type, payload, sagaId, step, 1, TestMessages.newId()));
    }

    private static ConsumerRecord<String, byte[]> awaitCommand(UUID orderId, MessageType<?> type, int attempt) {
        return commands.await(1, r -> orderId.toString().equals(header(r, Headers.CE_SUBJECT))
                && type.name().equals(header(r, Headers.CE_TYPE))
                && Integer.toString(attempt).equals(header(r, Headers.ATTEMPT)), AT_MOST).get(0);
    }

    private static UUID sagaOf(ConsumerRecord<String, byte[]> command) {
        return UUID.fromString(header(command, Headers.SAGA_ID));
    }

    private static String status(UUID sagaId) {
        try (var c = PostgresTestResource.current().connect();
                var ps = c.prepareStatement("SELECT status FROM saga_instance WHERE id = ?")) {
            ps.setObject(1, sagaId);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "";
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
