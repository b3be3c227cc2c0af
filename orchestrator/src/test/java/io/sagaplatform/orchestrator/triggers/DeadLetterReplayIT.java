package io.sagaplatform.orchestrator.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.sagaplatform.contracts.Headers;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.contracts.payment.PaymentCaptured;
import io.sagaplatform.testing.KafkaProbe;
import io.sagaplatform.testing.PostgresTestResource;
import io.sagaplatform.testing.ServiceTestProfile;
import io.sagaplatform.testing.Tokens;

/**
 * A dead-lettered command replayed by an operator, on a real broker and database: it goes back to its command topic
 * with its message id and without the dead-letter headers, its FAILED saga waits for it again and completes on the
 * answer; a command whose saga no longer waits on it is not replayed, and stays pending for a discard.
 */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class DeadLetterReplayIT {

    private static Participants participants;

    @BeforeAll
    static void playTheParticipants() {
        participants = new Participants();
    }

    @AfterAll
    static void close() {
        participants.close();
    }

    @Test
    void aReplayedCaptureGoesBackWithItsMessageIdAndItsAnswerCompletesTheSaga() {
        UUID orderId = participants.placeOrder();
        UUID sagaId = participants.driveToCapture(orderId);
        ConsumerRecord<String, byte[]> capture = park(sagaId);
        String messageId = KafkaProbe.header(capture, Headers.CE_ID);

        Map<String, Object> record = pendingOf(sagaId);
        assertThat(record).containsEntry("messageId", messageId).containsEntry("consumer", "payment-service")
                .containsEntry("originalTopic", Topics.PAYMENT_COMMANDS)
                .containsEntry("originalOffset", (int) capture.offset());
        operator().contentType(ContentType.JSON).body(selection(record)).post("/dead-letters/replay").then()
                .statusCode(200).body("records[0].messageId", is(messageId));

        List<ConsumerRecord<String, byte[]>> sent = await().atMost(Participants.AT_MOST)
                .until(() -> participants.commandsOf(sagaId, MessageTypes.CAPTURE_PAYMENT), l -> l.size() >= 2);
        assertThat(sent).allSatisfy(c -> assertThat(KafkaProbe.header(c, Headers.CE_ID)).isEqualTo(messageId));
        assertThat(KafkaProbe.headers(sent.get(1))).doesNotContainKeys(Headers.DLQ_REASON, Headers.DLQ_CONSUMER,
                Headers.DLQ_ORIGINAL_OFFSET);
        assertThat(Participants.status(sagaId)).isEqualTo("RUNNING");
        operator().get("/sagas/" + sagaId).then().statusCode(200)
                .body("timeline.kind", hasItem("OPERATOR_REPLAY"))
                .body("steps.find { it.name == 'capture-payment' }.status", is("WAITING_FOR_REPLY"));

        participants.reply(sagaId, "capture-payment", MessageTypes.PAYMENT_CAPTURED, new PaymentCaptured(orderId));
        await().atMost(Participants.AT_MOST).until(() -> Participants.status(sagaId).equals("COMPLETED"));
        assertThat(PostgresTestResource.current().count("SELECT count(*) FROM dead_letter_action WHERE saga_id = ?"
                + " AND action = 'REPLAYED' AND operator = 'ops-replay' AND replay_offset IS NOT NULL", sagaId))
                .isEqualTo(1);
    }

    @Test
    void aCommandOfASagaThatNoLongerWaitsOnItIsNotReplayed() {
        UUID orderId = participants.placeOrder();
        UUID sagaId = participants.driveToCapture(orderId);
        park(sagaId);
        operator().contentType(ContentType.JSON).body(Map.of("reason", "order cancelled by phone"))
                .post("/sagas/" + sagaId + "/abort").then().statusCode(200);
        int sent = participants.commandsOf(sagaId, MessageTypes.CAPTURE_PAYMENT).size();

        Map<String, Object> record = pendingOf(sagaId);
        operator().contentType(ContentType.JSON).body(selection(record)).post("/dead-letters/replay").then()
                .statusCode(409).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("ABORTED"));
        assertThat(pendingOf(sagaId)).containsEntry("status", "PENDING");
        assertThat(Participants.status(sagaId)).isEqualTo("ABORTED");
        assertThat(PostgresTestResource.current().count("SELECT count(*) FROM dead_letter_action WHERE saga_id = ?",
                sagaId)).isZero();
        assertThat(participants.commandsOf(sagaId, MessageTypes.CAPTURE_PAYMENT)).hasSize(sent);
    }

    /** payment-service parks the saga's capture; the saga is FAILED on it. */
    private static ConsumerRecord<String, byte[]> park(UUID sagaId) {
        ConsumerRecord<String, byte[]> capture = participants.commandsOf(sagaId, MessageTypes.CAPTURE_PAYMENT).get(0);
        KafkaProbe.send(CommandDeadLettersIT.deadLettered(capture, "payment-service", "ledger table locked for audit"));
        await().atMost(Participants.AT_MOST).until(() -> Participants.status(sagaId).equals("FAILED"));
        return capture;
    }

    private static Map<String, Object> pendingOf(UUID sagaId) {
        return await().atMost(Participants.AT_MOST).until(() -> {
            List<Map<String, Object>> items = operator().queryParam("topic", Topics.PAYMENT_COMMANDS)
                    .queryParam("limit", 500).get("/dead-letters").then().statusCode(200).extract().jsonPath()
                    .getList("items");
            return items.stream().filter(r -> sagaId.toString().equals(r.get("sagaId"))).findFirst().orElse(null);
        }, r -> r != null);
    }

    private static Map<String, Object> selection(Map<String, Object> record) {
        return Map.of("topic", record.get("topic"), "records",
                List.of(Map.of("partition", record.get("partition"), "offset", record.get("offset"))));
    }

    private static RequestSpecification operator() {
        return RestAssured.given().auth().oauth2(Tokens.operator("ops-replay"));
    }
}
