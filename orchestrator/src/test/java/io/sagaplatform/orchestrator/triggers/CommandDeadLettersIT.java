package io.sagaplatform.orchestrator.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.sagaplatform.contracts.Headers;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.contracts.payment.PaymentAuthorized;
import io.sagaplatform.testing.KafkaProbe;
import io.sagaplatform.testing.PostgresTestResource;
import io.sagaplatform.testing.ServiceTestProfile;
import io.sagaplatform.testing.TestKafka;
import io.sagaplatform.testing.Tokens;

/**
 * A participant dead-letters a command the orchestrator sent, as the shared dead-letter publisher does (the command's
 * key, value and headers on {@code <topic>.dlq}, plus {@code dlq-reason}, {@code dlq-consumer} and where it was
 * read): the saga goes FAILED with that reason and the command is not sent again; what the orchestrator cannot use
 * on those topics is skipped without stopping the ones behind it, and never parked again.
 */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class CommandDeadLettersIT {

    private static final Duration AT_MOST = Participants.AT_MOST;
    /** Three of the test profile's 2 s step timeouts. */
    private static final Duration SEVERAL_TIMEOUTS = Duration.ofSeconds(6);
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
    void aCaptureThePaymentServiceDeadLettersFailsTheSagaWithItsReasonAndIsNotSentAgain() {
        UUID orderId = participants.placeOrder();
        UUID sagaId = participants.driveToCapture(orderId);

        // payment-service refuses the capture, and would refuse every resend of it the same way
        String reason = "Payment rule violated: no authorization to capture for order " + orderId;
        Set<Long> refused = new HashSet<>();
        await().atMost(AT_MOST).until(() -> {
            for (ConsumerRecord<String, byte[]> capture : participants.commandsOf(sagaId, MessageTypes.CAPTURE_PAYMENT)) {
                if (refused.add(capture.offset())) {
                    KafkaProbe.send(deadLettered(capture, "payment-service", reason));
                }
            }
            return Participants.status(sagaId).equals("FAILED");
        });
        int sent = participants.commandsOf(sagaId, MessageTypes.CAPTURE_PAYMENT).size();
        await().during(SEVERAL_TIMEOUTS).atMost(SEVERAL_TIMEOUTS.plus(AT_MOST)).until(() ->
                participants.commandsOf(sagaId, MessageTypes.CAPTURE_PAYMENT).size() == sent);
        assertThat(Participants.status(sagaId)).isEqualTo("FAILED");
        assertThat(PostgresTestResource.current().count("SELECT count(*) FROM saga_instance WHERE id = ?"
                + " AND wake_at IS NULL AND failure_reason = ?", sagaId,
                "capture-payment: payment.CapturePayment dead-lettered by payment-service: " + reason)).isEqualTo(1);

        RestAssured.given().auth().oauth2(Tokens.operator("ops-dlq")).get("/sagas/" + sagaId).then().statusCode(200)
                .body("saga.status", is("FAILED"))
                .body("saga.failureReason", containsString("dead-lettered by payment-service: " + reason))
                .body("timeline.kind", hasItem("COMMAND_DEAD_LETTERED"))
                .body("allowedActions", contains("abort"))
                .body("steps.find { it.name == 'capture-payment' }.status", is("DEAD_LETTERED"));
        RestAssured.given().auth().oauth2(Tokens.operator("ops-dlq")).post("/sagas/" + sagaId + "/retry").then()
                .statusCode(409).contentType("application/problem+json");
    }

    @Test
    void deadLettersItCannotUseAreSkippedWithoutHoldingUpTheOnesBehindThem() throws Exception {
        participants.stopConsuming(Topics.INVENTORY_COMMANDS); // the reservation is neither answered nor resent
        try {
            UUID orderId = participants.placeOrder();
            ConsumerRecord<String, byte[]> reserve = participants.awaitCommand(orderId, MessageTypes.RESERVE_INVENTORY, 1);
            UUID sagaId = Participants.sagaOf(reserve);
            participants.awaitCommand(orderId, MessageTypes.AUTHORIZE_PAYMENT, 1);
            participants.reply(sagaId, "authorize-payment", MessageTypes.PAYMENT_AUTHORIZED,
                    new PaymentAuthorized(orderId, UUID.randomUUID()));

            // on the saga's partition, ahead of its real dead letter: records that name no saga command it knows
            long unknownOffset = ThreadLocalRandom.current().nextLong(1_000_000_000L, Long.MAX_VALUE);
            List<ProducerRecord<String, byte[]>> unusable = new ArrayList<>();
            unusable.add(without(deadLettered(reserve, "inventory-service", "no saga"), Headers.SAGA_ID));
            unusable.add(with(deadLettered(reserve, "inventory-service", "bad saga"), Headers.SAGA_ID, "not-a-uuid"));
            unusable.add(with(deadLettered(reserve, "inventory-service", "bad attempt"), Headers.ATTEMPT, "first"));
            unusable.add(with(with(deadLettered(reserve, "inventory-service", "unknown saga"), Headers.SAGA_ID,
                    UUID.randomUUID().toString()), Headers.DLQ_ORIGINAL_OFFSET, Long.toString(unknownOffset)));
            unusable.add(new ProducerRecord<>(Topics.deadLetter(Topics.INVENTORY_COMMANDS), sagaId.toString(),
                    "not even a command".getBytes(StandardCharsets.UTF_8)));
            unusable.forEach(KafkaProbe::send);
            ProducerRecord<String, byte[]> real = deadLettered(reserve, "inventory-service",
                    "Unsupported schema version 1 of inventory.ReserveInventory");
            KafkaProbe.send(real);
            KafkaProbe.send(real); // parked twice from the same offset (the participant stopped before committing)

            await().atMost(AT_MOST).until(() -> Participants.status(sagaId).equals("FAILED"));
            await().atMost(AT_MOST).until(() -> PostgresTestResource.current().count(
                    "SELECT count(*) FROM inbox WHERE consumer = 'orchestrator-dead-letters' AND message_id = ?",
                    "dead letter of " + reserve.topic() + "-" + reserve.partition() + "@" + reserve.offset()) == 1);
            assertThat(kinds(sagaId, "COMMAND_DEAD_LETTERED")).as("the duplicate counts once").isEqualTo(1);
            assertThat(PostgresTestResource.current().count("SELECT count(*) FROM inbox WHERE message_id LIKE ?",
                    "%@" + unknownOffset)).as("an unknown saga's dead letter leaves no trace").isZero();
            try (Admin admin = Admin.create(adminConfig())) {
                assertThat(admin.listTopics().names().get()).noneMatch(t -> t.endsWith(".dlq.dlq"));
            }
            RestAssured.given().auth().oauth2(Tokens.operator("ops-dlq")).get("/sagas/" + sagaId).then()
                    .statusCode(200)
                    .body("saga.failureReason", containsString("reserve-inventory: inventory.ReserveInventory"
                            + " dead-lettered by inventory-service: Unsupported schema version 1"))
                    .body("allowedActions", contains("compensate", "abort"));

            // a dead letter for a saga that has ended is recorded, nothing more
            RestAssured.given().auth().oauth2(Tokens.operator("ops-dlq")).contentType("application/json")
                    .body("{\"reason\":\"refused by inventory\"}").post("/sagas/" + sagaId + "/abort").then()
                    .statusCode(200).body("status", is("ABORTED"));
            KafkaProbe.send(with(real, Headers.DLQ_ORIGINAL_OFFSET, Long.toString(reserve.offset() + 1_000_000)));
            await().atMost(AT_MOST).until(() -> kinds(sagaId, "STALE_DEAD_LETTER_IGNORED") == 1);
            assertThat(Participants.status(sagaId)).isEqualTo("ABORTED");
        } finally {
            participants.resumeConsuming(Topics.INVENTORY_COMMANDS);
        }
    }

    /** The command parked as the participant's dead-letter publisher parks it. */
    static ProducerRecord<String, byte[]> deadLettered(ConsumerRecord<String, byte[]> command, String consumer,
            String reason) {
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(Topics.deadLetter(command.topic()), null,
                command.key(), command.value());
        command.headers().forEach(h -> dead.headers().add(h));
        dead.headers().add(Headers.DLQ_REASON, bytes(reason))
                .add(Headers.DLQ_CONSUMER, bytes(consumer))
                .add(Headers.DLQ_ORIGINAL_TOPIC, bytes(command.topic()))
                .add(Headers.DLQ_ORIGINAL_PARTITION, bytes(Integer.toString(command.partition())))
                .add(Headers.DLQ_ORIGINAL_OFFSET, bytes(Long.toString(command.offset())));
        return dead;
    }

    private static ProducerRecord<String, byte[]> with(ProducerRecord<String, byte[]> record, String name, String value) {
        ProducerRecord<String, byte[]> copy = without(record, name);
        copy.headers().add(name, bytes(value));
        return copy;
    }

    private static ProducerRecord<String, byte[]> without(ProducerRecord<String, byte[]> record, String name) {
        ProducerRecord<String, byte[]> copy = new ProducerRecord<>(record.topic(), null, record.key(), record.value());
        record.headers().forEach(h -> copy.headers().add(h));
        copy.headers().remove(name);
        return copy;
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static long kinds(UUID sagaId, String kind) {
        return PostgresTestResource.current().count("SELECT count(*) FROM saga_timeline WHERE saga_id = ? AND kind = ?",
                sagaId, kind);
    }

    private static Properties adminConfig() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        return props;
    }
}
