package io.sagaplatform.orchestrator.triggers;

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
import io.sagaplatform.contracts.inventory.InventoryReserved;
import io.sagaplatform.contracts.order.OrderApproved;
import io.sagaplatform.contracts.order.OrderPlaced;
import io.sagaplatform.contracts.order.OrderRejected;
import io.sagaplatform.contracts.order.RejectOrder;
import io.sagaplatform.contracts.payment.PaymentAuthorizationVoided;
import io.sagaplatform.contracts.payment.PaymentAuthorized;
import io.sagaplatform.contracts.payment.PaymentCaptured;
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

    private static final Duration AT_MOST = Participants.AT_MOST;
    private static Participants participants;
    private static KafkaProbe events;

    @BeforeAll
    static void readCommands() {
        participants = new Participants();
        events = KafkaProbe.reading(Topics.SAGA_EVENTS, Topics.deadLetter(Topics.SAGA_REPLIES));
    }

    @AfterAll
    static void close() {
        participants.close();
        events.close();
    }

    @Test
    void anOrderPlacedRunsTheSagaToCompletionAsRepliesArrive() {
        UUID orderId = participants.placeOrder();
        ConsumerRecord<String, byte[]> reserve = participants.awaitCommand(orderId, MessageTypes.RESERVE_INVENTORY, 1);
        UUID sagaId = UUID.fromString(header(reserve, Headers.SAGA_ID));
        assertThat(reserve.key()).isEqualTo(sagaId.toString());
        assertThat(header(reserve, Headers.STEP)).isEqualTo("reserve-inventory");
        assertThat(header(reserve, Headers.ATTEMPT)).isEqualTo("1");

        participants.passFirstStage(sagaId, orderId);
        participants.passSchedule(sagaId, orderId);
        participants.awaitCommand(orderId, MessageTypes.APPROVE_ORDER, 1);
        participants.reply(sagaId, "approve-order", MessageTypes.ORDER_APPROVED, new OrderApproved(orderId));
        participants.awaitCommand(orderId, MessageTypes.CAPTURE_PAYMENT, 1);
        participants.reply(sagaId, "capture-payment", MessageTypes.PAYMENT_CAPTURED, new PaymentCaptured(orderId));

        await().atMost(AT_MOST).until(() -> Participants.status(sagaId).equals("COMPLETED"));
        events.await(1, r -> sagaId.toString().equals(r.key())
                && MessageTypes.SAGA_COMPLETED.name().equals(header(r, Headers.CE_TYPE)), AT_MOST);
        assertThat(PostgresTestResource.current().count(
                "SELECT count(*) FROM saga_timeline WHERE saga_id = ? AND kind = 'STEP_SUCCEEDED'", sagaId)).isEqualTo(5);
    }

    @Test
    void aBusinessFailureRejectsTheOrderWithTheReason() {
        UUID orderId = participants.placeOrder();
        UUID sagaId = Participants.sagaOf(participants.awaitCommand(orderId, MessageTypes.RESERVE_INVENTORY, 1));
        // the payment, asked beside the reservation, is awaited: declined, there is nothing to undo
        participants.failFirstStage(sagaId, orderId, InventoryFailureReason.OUT_OF_STOCK, "SKU-APPLE");

        ConsumerRecord<String, byte[]> reject = participants.awaitCommand(orderId, MessageTypes.REJECT_ORDER, 1);
        assertThat(WireFormat.decode(MessageTypes.REJECT_ORDER, reject.value()))
                .isEqualTo(new RejectOrder(orderId, "reserve-inventory: OUT_OF_STOCK (SKU-APPLE)"));
        participants.reply(sagaId, "reject-order", MessageTypes.ORDER_REJECTED, new OrderRejected(orderId, "x"));
        await().atMost(AT_MOST).until(() -> Participants.status(sagaId).equals("COMPENSATED"));
        assertThat(participants.commandsOf(sagaId, MessageTypes.RELEASE_INVENTORY)).isEmpty();
        assertThat(participants.commandsOf(sagaId, MessageTypes.VOID_PAYMENT_AUTHORIZATION)).isEmpty();
    }

    @Test
    void aStepWithoutReplyIsResentUnderItsMessageIdThenCompensatedWhenItsOutcomeStaysUnknown() {
        UUID orderId = participants.placeOrder();
        ConsumerRecord<String, byte[]> first = participants.awaitCommand(orderId, MessageTypes.RESERVE_INVENTORY, 1);
        UUID sagaId = Participants.sagaOf(first);
        participants.awaitCommand(orderId, MessageTypes.AUTHORIZE_PAYMENT, 1);
        participants.reply(sagaId, "authorize-payment", MessageTypes.PAYMENT_AUTHORIZED,
                new PaymentAuthorized(orderId, UUID.randomUUID()));

        ConsumerRecord<String, byte[]> second = participants.awaitCommand(orderId, MessageTypes.RESERVE_INVENTORY, 2);
        assertThat(header(second, Headers.CE_ID)).isEqualTo(header(first, Headers.CE_ID));
        assertThat(header(second, Headers.ATTEMPT)).isEqualTo("2");

        // still no answer: the reservation may or may not have happened, so it is released too, and the payment
        // authorized beside it is voided
        participants.awaitCommand(orderId, MessageTypes.RELEASE_INVENTORY, 1);
        participants.awaitCommand(orderId, MessageTypes.VOID_PAYMENT_AUTHORIZATION, 1);
        participants.reply(sagaId, "reserve-inventory", MessageTypes.INVENTORY_RELEASED, new InventoryReleased(orderId, true));
        participants.reply(sagaId, "authorize-payment", MessageTypes.PAYMENT_AUTHORIZATION_VOIDED,
                new PaymentAuthorizationVoided(orderId, false));
        participants.awaitCommand(orderId, MessageTypes.REJECT_ORDER, 1);
        participants.reply(sagaId, "reject-order", MessageTypes.ORDER_REJECTED, new OrderRejected(orderId, "x"));
        await().atMost(AT_MOST).until(() -> Participants.status(sagaId).equals("COMPENSATED"));
    }

    @Test
    void aCommandItsParticipantHasNotConsumedIsNotResentAndIsAnsweredOnceTheParticipantIsBack() {
        participants.stopConsuming(Topics.INVENTORY_COMMANDS);
        try {
            UUID orderId = participants.placeOrder();
            UUID sagaId = Participants.sagaOf(participants.awaitCommand(orderId, MessageTypes.RESERVE_INVENTORY, 1));
            // the payment, asked beside it, answers at once: only the reservation waits
            participants.awaitCommand(orderId, MessageTypes.AUTHORIZE_PAYMENT, 1);
            participants.reply(sagaId, "authorize-payment", MessageTypes.PAYMENT_AUTHORIZED,
                    new PaymentAuthorized(orderId, UUID.randomUUID()));
            // several 2 s timeouts pass: each finds the command still queued, none resends it
            await().atMost(AT_MOST).until(() -> timelineKinds(sagaId).stream()
                    .filter("COMMAND_QUEUED"::equals).count() >= 3);
            assertThat(participants.commandsOf(sagaId, MessageTypes.RESERVE_INVENTORY)).hasSize(1);
            assertThat(timelineKinds(sagaId)).doesNotContain("COMMAND_RESENT", "OUTCOME_UNKNOWN");

            participants.resumeConsuming(Topics.INVENTORY_COMMANDS);
            participants.reply(sagaId, "reserve-inventory", MessageTypes.INVENTORY_RESERVED, new InventoryReserved(orderId));
            participants.awaitCommand(orderId, MessageTypes.SCHEDULE_SHIPMENT, 1);
            assertThat(participants.commandsOf(sagaId, MessageTypes.RESERVE_INVENTORY)).hasSize(1);
        } finally {
            participants.resumeConsuming(Topics.INVENTORY_COMMANDS);
        }
    }

    @Test
    void aSagaWhoseTimerAlwaysFailsIsPutAsideAndLeftFailedWhileTheOtherSagasTimersGoOn() throws Exception {
        // due an hour ago, so claimed before any other saga, and its data no longer reads as the saga's type
        UUID poisoned = UUID.randomUUID();
        try (var c = PostgresTestResource.current().connect(); var ps = c.prepareStatement("""
                INSERT INTO saga_instance (id, saga_type, definition_version, correlation_key, status, phase, current_stage,
                    attempt, round, awaiting_retry, data, started_at, updated_at, wake_at, version)
                VALUES (?, 'place-order', ?, ?, 'RUNNING', 'FORWARD', 1, 1, 1, false,
                    '{"orderId": "not-a-uuid"}'::jsonb, now() - interval '1 hour', now() - interval '1 hour',
                    now() - interval '1 hour', 0)""")) {
            ps.setObject(1, poisoned);
            ps.setInt(2, io.sagaplatform.orchestrator.placeorder.PlaceOrderSaga.VERSION);
            ps.setString(3, UUID.randomUUID().toString());
            ps.executeUpdate();
        }
        try {
            UUID orderId = participants.placeOrder();
            UUID sagaId = Participants.sagaOf(participants.awaitCommand(orderId, MessageTypes.RESERVE_INVENTORY, 1));
            // nobody answers it: its 2 s reply timeouts are handled although the poisoned saga is always due first
            await().atMost(AT_MOST).until(() -> timelineKinds(sagaId).stream()
                    .anyMatch(k -> k.equals("COMMAND_QUEUED") || k.equals("STEP_TIMED_OUT")));

            await().atMost(AT_MOST).until(() -> Participants.status(poisoned).equals("FAILED"));
            assertThat(timelineKinds(poisoned)).containsExactly("SAGA_FAILED");
            try (var c = PostgresTestResource.current().connect(); var ps = c.prepareStatement(
                    "SELECT failure_reason, wake_at FROM saga_instance WHERE id = ?")) {
                ps.setObject(1, poisoned);
                try (var rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).contains("failed 5 times in a row to handle this saga's timer")
                            .contains("unreadable data");
                    assertThat(rs.getObject(2)).as("nothing scheduled for it any more").isNull();
                }
            }
            // the operator sees it (no 500 for data the engine cannot read) and may only abort it
            io.restassured.RestAssured.given().auth().oauth2(io.sagaplatform.testing.Tokens.operator("ops-timer"))
                    .get("/sagas/" + poisoned).then().statusCode(200)
                    .body("saga.status", org.hamcrest.Matchers.is("FAILED"))
                    .body("allowedActions", org.hamcrest.Matchers.contains("abort"))
                    .body("waitingFor", org.hamcrest.Matchers.containsString("unreadable data"));
            io.restassured.RestAssured.given().auth().oauth2(io.sagaplatform.testing.Tokens.operator("ops-timer"))
                    .post("/sagas/" + poisoned + "/retry").then().statusCode(409)
                    .contentType("application/problem+json");
            io.restassured.RestAssured.given().auth().oauth2(io.sagaplatform.testing.Tokens.operator("ops-timer"))
                    .contentType("application/json").body("{\"reason\":\"data damaged by hand\"}")
                    .post("/sagas/" + poisoned + "/abort").then().statusCode(200)
                    .body("status", org.hamcrest.Matchers.is("ABORTED"));
            assertThat(timelineKinds(poisoned)).containsExactly("SAGA_FAILED", "OPERATOR_ABORT");
        } finally {
            try (var c = PostgresTestResource.current().connect();
                    var timeline = c.prepareStatement("DELETE FROM saga_timeline WHERE saga_id = ?");
                    var saga = c.prepareStatement("DELETE FROM saga_instance WHERE id = ?")) {
                timeline.setObject(1, poisoned);
                timeline.executeUpdate();
                saga.setObject(1, poisoned);
                saga.executeUpdate();
            }
        }
    }

    private static List<String> timelineKinds(UUID sagaId) {
        try (var c = PostgresTestResource.current().connect();
                var ps = c.prepareStatement("SELECT kind FROM saga_timeline WHERE saga_id = ? ORDER BY id")) {
            ps.setObject(1, sagaId);
            List<String> kinds = new java.util.ArrayList<>();
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    kinds.add(rs.getString(1));
                }
            }
            return kinds;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theSameOrderPlacedTwiceStartsOneSaga() {
        UUID orderId = UUID.randomUUID();
        OrderPlaced placed = Participants.placed(orderId);
        KafkaProbe.send(TestMessages.plain(Topics.ORDER_EVENTS, orderId.toString(), MessageTypes.ORDER_PLACED, placed,
                TestMessages.newId()));
        KafkaProbe.send(TestMessages.plain(Topics.ORDER_EVENTS, orderId.toString(), MessageTypes.ORDER_PLACED, placed,
                TestMessages.newId()));
        UUID marker = participants.placeOrder();
        participants.awaitCommand(marker, MessageTypes.RESERVE_INVENTORY, 1);
        await().atMost(AT_MOST).until(() -> PostgresTestResource.current().count(
                "SELECT count(*) FROM inbox WHERE message_type = 'order.OrderPlaced'") >= 3);
        assertThat(PostgresTestResource.current().count("SELECT count(*) FROM saga_instance WHERE correlation_key = ?",
                orderId.toString()))
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
}
