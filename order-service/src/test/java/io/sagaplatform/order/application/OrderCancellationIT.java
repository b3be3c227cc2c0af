package io.sagaplatform.order.application;

import static io.restassured.RestAssured.given;
import static io.sagaplatform.testing.KafkaProbe.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.sagaplatform.contracts.Headers;
import io.sagaplatform.contracts.Message;
import io.sagaplatform.contracts.MessageType;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.contracts.WireFormat;
import io.sagaplatform.contracts.order.ApproveOrder;
import io.sagaplatform.contracts.order.CancelOrder;
import io.sagaplatform.contracts.order.OrderCancellationRefused;
import io.sagaplatform.contracts.order.OrderCancelled;
import io.sagaplatform.contracts.order.RefuseCancellation;
import io.sagaplatform.testing.KafkaProbe;
import io.sagaplatform.testing.ServiceTestProfile;
import io.sagaplatform.testing.TestMessages;
import io.sagaplatform.testing.Tokens;

/** The cancel-order saga's CancelOrder / RefuseCancellation commands, sent on Kafka as the orchestrator sends them. */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class OrderCancellationIT {

    private static final Duration AT_MOST = Duration.ofSeconds(60);
    private static final String DISPATCHED = "shipment withdrawal refused: ALREADY_DISPATCHED";
    private static KafkaProbe replies;
    private static KafkaProbe deadLetters;

    @BeforeAll
    static void readReplies() {
        replies = KafkaProbe.reading(Topics.SAGA_REPLIES);
        deadLetters = KafkaProbe.reading(Topics.deadLetter(Topics.ORDER_COMMANDS));
    }

    @AfterAll
    static void close() {
        replies.close();
        deadLetters.close();
    }

    @Test
    void cancelOrderCancelsACancellingOrderAndARedeliveryOrARepeatIsAnsweredAgainWithoutChange() {
        String orderId = cancellingOrder();
        UUID sagaId = UUID.randomUUID();
        String commandId = TestMessages.newId();
        KafkaProbe.send(command(MessageTypes.CANCEL_ORDER, new CancelOrder(UUID.fromString(orderId)), sagaId,
                "cancel-order", commandId));
        await().atMost(AT_MOST).untilAsserted(() -> order(orderId).body("status", is("CANCELLED"))
                .body("cancelledAt", notNullValue()));
        String cancelledAt = given().auth().oauth2(Tokens.operator("ops")).get("/orders/" + orderId).then().extract()
                .path("cancelledAt");

        KafkaProbe.send(command(MessageTypes.CANCEL_ORDER, new CancelOrder(UUID.fromString(orderId)), sagaId,
                "cancel-order", commandId));
        KafkaProbe.send(command(MessageTypes.CANCEL_ORDER, new CancelOrder(UUID.fromString(orderId)), sagaId,
                "cancel-order", TestMessages.newId()));

        List<ConsumerRecord<String, byte[]>> sent = replies.await(3, r -> sagaId.toString().equals(r.key()), AT_MOST);
        for (ConsumerRecord<String, byte[]> reply : sent) {
            assertThat(header(reply, Headers.CE_TYPE)).isEqualTo(MessageTypes.ORDER_CANCELLED.name());
            assertThat(WireFormat.decode(MessageTypes.ORDER_CANCELLED, reply.value()))
                    .isEqualTo(new OrderCancelled(UUID.fromString(orderId)));
            assertThat(header(reply, Headers.STEP)).isEqualTo("cancel-order");
        }
        order(orderId).body("status", is("CANCELLED")).body("cancelledAt", is(cancelledAt));
    }

    @Test
    void refuseCancellationMakesTheOrderApprovedAgainWithTheReasonVisibleAndARepeatKeepsIt() {
        String orderId = cancellingOrder();
        UUID sagaId = UUID.randomUUID();
        KafkaProbe.send(command(MessageTypes.REFUSE_CANCELLATION, new RefuseCancellation(UUID.fromString(orderId),
                DISPATCHED), sagaId, "refuse-cancellation", TestMessages.newId()));
        await().atMost(AT_MOST).untilAsserted(() -> order(orderId).body("status", is("APPROVED"))
                .body("cancellationRefusedReason", is(DISPATCHED)));

        KafkaProbe.send(command(MessageTypes.REFUSE_CANCELLATION, new RefuseCancellation(UUID.fromString(orderId),
                "something else"), sagaId, "refuse-cancellation", TestMessages.newId()));

        List<ConsumerRecord<String, byte[]>> sent = replies.await(2, r -> sagaId.toString().equals(r.key()), AT_MOST);
        for (ConsumerRecord<String, byte[]> reply : sent) {
            assertThat(WireFormat.decode(MessageTypes.ORDER_CANCELLATION_REFUSED, reply.value()))
                    .isEqualTo(new OrderCancellationRefused(UUID.fromString(orderId), DISPATCHED));
        }
        order(orderId).body("status", is("APPROVED")).body("cancellationRefusedReason", is(DISPATCHED));
        // an order is cancelled at most once: its one cancel-order saga has ended, the refusal stands
        given().auth().oauth2(Tokens.customer("alice")).post("/orders/" + orderId + "/cancel").then().statusCode(409)
                .body("detail", containsString("cancellation was refused before"));
    }

    @Test
    void cancellingAnOrderNobodyAskedToCancelIsDeadLetteredAndChangesNothing() {
        String orderId = approvedOrder();
        String commandId = TestMessages.newId();
        KafkaProbe.send(command(MessageTypes.CANCEL_ORDER, new CancelOrder(UUID.fromString(orderId)), UUID.randomUUID(),
                "cancel-order", commandId));

        ConsumerRecord<String, byte[]> dead = deadLetters.await(1, r -> commandId.equals(header(r, Headers.CE_ID)),
                AT_MOST).get(0);
        assertThat(header(dead, Headers.DLQ_REASON)).contains("is APPROVED and cannot become CANCELLED");
        order(orderId).body("status", is("APPROVED"));
    }

    @Test
    void refusingTheCancellationOfACancelledOrderIsDeadLettered() {
        String orderId = cancellingOrder();
        KafkaProbe.send(command(MessageTypes.CANCEL_ORDER, new CancelOrder(UUID.fromString(orderId)), UUID.randomUUID(),
                "cancel-order", TestMessages.newId()));
        await().atMost(AT_MOST).untilAsserted(() -> order(orderId).body("status", is("CANCELLED")));
        String commandId = TestMessages.newId();
        KafkaProbe.send(command(MessageTypes.REFUSE_CANCELLATION, new RefuseCancellation(UUID.fromString(orderId),
                DISPATCHED), UUID.randomUUID(), "refuse-cancellation", commandId));

        ConsumerRecord<String, byte[]> dead = deadLetters.await(1, r -> commandId.equals(header(r, Headers.CE_ID)),
                AT_MOST).get(0);
        assertThat(header(dead, Headers.DLQ_REASON)).contains("is CANCELLED and cannot become APPROVED");
        order(orderId).body("status", is("CANCELLED"));
    }

    private static io.restassured.response.ValidatableResponse order(String orderId) {
        return given().auth().oauth2(Tokens.operator("ops")).get("/orders/" + orderId).then().statusCode(200);
    }

    private static String approvedOrder() {
        String id = given().auth().oauth2(Tokens.customer("alice")).contentType(ContentType.JSON).body("""
                {"customerId":"alice","currency":"EUR","lines":[{"sku":"SKU-APPLE","quantity":1,"unitPrice":1.25}],
                 "shippingAddress":{"recipient":"Alice","street":"1 Main St","city":"Lyon","postalCode":"69001","country":"FR"}}
                """).post("/orders").then().statusCode(201).extract().path("id");
        KafkaProbe.send(command(MessageTypes.APPROVE_ORDER, new ApproveOrder(UUID.fromString(id)), UUID.randomUUID(),
                "approve-order", TestMessages.newId()));
        await().atMost(AT_MOST).untilAsserted(() -> order(id).body("status", is("APPROVED")));
        return id;
    }

    private static String cancellingOrder() {
        String id = approvedOrder();
        given().auth().oauth2(Tokens.customer("alice")).post("/orders/" + id + "/cancel").then().statusCode(202);
        return id;
    }

    private static <T extends Message> ProducerRecord<String, byte[]> command(MessageType<T> type, T payload,
            UUID sagaId, String step, String messageId) {
        return TestMessages.saga(Topics.ORDER_COMMANDS, type, payload, sagaId, step, 1, messageId);
    }
}
