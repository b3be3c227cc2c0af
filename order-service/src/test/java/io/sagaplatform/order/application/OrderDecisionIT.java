package io.sagaplatform.order.application;

import static io.restassured.RestAssured.given;
import static io.sagaplatform.testing.KafkaProbe.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

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
import io.sagaplatform.testing.Tokens;
import io.sagaplatform.contracts.Headers;
import io.sagaplatform.contracts.Message;
import io.sagaplatform.contracts.MessageType;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.contracts.WireFormat;
import io.sagaplatform.contracts.order.ApproveOrder;
import io.sagaplatform.contracts.order.OrderRejected;
import io.sagaplatform.contracts.order.RejectOrder;
import io.sagaplatform.testing.KafkaProbe;
import io.sagaplatform.testing.TestMessages;
import io.sagaplatform.testing.ServiceTestProfile;

/** The saga's ApproveOrder / RejectOrder commands, sent on Kafka as the orchestrator sends them. */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class OrderDecisionIT {

    private static final Duration AT_MOST = Duration.ofSeconds(60);
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
    void approveOrderDeliveredTwiceIsAppliedOnceAndAnsweredTwiceWithTheSameOutcome() {
        String orderId = placeOrder();
        UUID sagaId = UUID.randomUUID();
        String commandId = UUID.randomUUID().toString();
        KafkaProbe.send(command(MessageTypes.APPROVE_ORDER, new ApproveOrder(UUID.fromString(orderId)), sagaId, commandId));
        await().atMost(AT_MOST).untilAsserted(() -> given().auth().oauth2(Tokens.operator("ops")).get("/orders/" + orderId).then().body("status", is("APPROVED")));
        String decidedAt = given().auth().oauth2(Tokens.operator("ops")).get("/orders/" + orderId).then().extract().path("decidedAt");

        KafkaProbe.send(command(MessageTypes.APPROVE_ORDER, new ApproveOrder(UUID.fromString(orderId)), sagaId, commandId));

        List<ConsumerRecord<String, byte[]>> sent = replies.await(2, r -> sagaId.toString().equals(r.key()), AT_MOST);
        for (ConsumerRecord<String, byte[]> reply : sent) {
            assertThat(header(reply, Headers.CE_TYPE)).isEqualTo(MessageTypes.ORDER_APPROVED.name());
            assertThat(header(reply, Headers.CAUSATION_ID)).isEqualTo(commandId);
            assertThat(header(reply, Headers.SAGA_ID)).isEqualTo(sagaId.toString());
            assertThat(header(reply, Headers.STEP)).isEqualTo("approve-order");
            assertThat(header(reply, Headers.ATTEMPT)).isEqualTo("1");
        }
        given().auth().oauth2(Tokens.operator("ops")).get("/orders/" + orderId).then().body("status", is("APPROVED")).body("decidedAt", is(decidedAt));
    }

    @Test
    void rejectOrderRejectsItWithTheReasonAndReplies() {
        String orderId = placeOrder();
        UUID sagaId = UUID.randomUUID();
        KafkaProbe.send(command(MessageTypes.REJECT_ORDER, new RejectOrder(UUID.fromString(orderId), "OUT_OF_STOCK: SKU-APPLE"),
                sagaId, UUID.randomUUID().toString()));

        await().atMost(AT_MOST).untilAsserted(() -> given().auth().oauth2(Tokens.operator("ops")).get("/orders/" + orderId).then()
                .body("status", is("REJECTED")).body("rejectionReason", is("OUT_OF_STOCK: SKU-APPLE")));
        ConsumerRecord<String, byte[]> reply = replies.await(1, r -> sagaId.toString().equals(r.key()), AT_MOST).get(0);
        assertThat(WireFormat.decode(MessageTypes.ORDER_REJECTED, reply.value()))
                .isEqualTo(new OrderRejected(UUID.fromString(orderId), "OUT_OF_STOCK: SKU-APPLE"));
    }

    @Test
    void approvingARejectedOrderIsDeadLetteredAndChangesNothing() {
        String orderId = placeOrder();
        UUID sagaId = UUID.randomUUID();
        KafkaProbe.send(command(MessageTypes.REJECT_ORDER, new RejectOrder(UUID.fromString(orderId), "declined"),
                sagaId, UUID.randomUUID().toString()));
        String approveId = UUID.randomUUID().toString();
        KafkaProbe.send(command(MessageTypes.APPROVE_ORDER, new ApproveOrder(UUID.fromString(orderId)), sagaId, approveId));

        List<ConsumerRecord<String, byte[]>> dead = deadLetters.await(1,
                r -> approveId.equals(header(r, Headers.CE_ID)), AT_MOST);
        assertThat(header(dead.get(0), Headers.DLQ_REASON)).contains("is REJECTED and cannot become APPROVED");
        given().auth().oauth2(Tokens.operator("ops")).get("/orders/" + orderId).then().body("status", is("REJECTED"));
        assertThat(replies.records(r -> sagaId.toString().equals(r.key()))).hasSize(1);
    }

    @Test
    void aCommandForAnUnknownOrderIsDeadLettered() {
        String commandId = UUID.randomUUID().toString();
        KafkaProbe.send(command(MessageTypes.APPROVE_ORDER, new ApproveOrder(UUID.randomUUID()), UUID.randomUUID(),
                commandId));
        ConsumerRecord<String, byte[]> dead = deadLetters.await(1, r -> commandId.equals(header(r, Headers.CE_ID)),
                AT_MOST).get(0);
        assertThat(header(dead, Headers.DLQ_REASON)).contains("does not exist");
    }

    private static String placeOrder() {
        return given().auth().oauth2(Tokens.customer("alice")).contentType(ContentType.JSON).body("""
                {"customerId":"alice","currency":"EUR","lines":[{"sku":"SKU-APPLE","quantity":1,"unitPrice":1.25}],
                 "shippingAddress":{"recipient":"Alice","street":"1 Main St","city":"Lyon","postalCode":"69001","country":"FR"}}
                """).post("/orders").then().statusCode(201).extract().path("id");
    }

    private static <T extends Message> ProducerRecord<String, byte[]> command(MessageType<T> type, T payload, UUID sagaId,
            String messageId) {
        return TestMessages.saga(Topics.ORDER_COMMANDS, type, payload, sagaId, "approve-order", 1, messageId);
    }
}
