package io.sagaplatform.inventory.application;

import static io.restassured.RestAssured.given;
import static io.sagaplatform.inventory.SagaDriver.line;
import static io.sagaplatform.inventory.StockFixtures.level;
import static io.sagaplatform.inventory.StockFixtures.newSku;
import static io.sagaplatform.testing.KafkaProbe.header;
import static io.sagaplatform.testing.ParticipantProbe.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sagaplatform.testing.Tokens;
import io.sagaplatform.contracts.Headers;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.inventory.InventoryReserved;
import io.sagaplatform.inventory.SagaDriver;
import io.sagaplatform.inventory.StockFixtures.Level;
import io.sagaplatform.testing.PostgresTestResource;
import io.sagaplatform.testing.TestMessages;
import io.sagaplatform.testing.ServiceTestProfile;

/**
 * Records that can never be applied go to {@code inventory.commands.dlq} with the reason, change nothing,
 * and do not hold up the partition: the saga's next command, on the same key, is still processed.
 */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class PoisonCommandsIT {

    private static SagaDriver saga;

    @BeforeAll
    static void start() {
        saga = new SagaDriver();
    }

    @AfterAll
    static void close() {
        saga.close();
    }

    static Stream<Arguments> poison() {
        return Stream.of(
                Arguments.of("an unknown message type",
                        (UnaryOperator<ProducerRecord<String, byte[]>>) r -> TestMessages.withHeader(r, Headers.CE_TYPE,
                                "inventory.RestockEverything"),
                        "Unknown message type 'inventory.RestockEverything'"),
                Arguments.of("an unsupported schema version",
                        (UnaryOperator<ProducerRecord<String, byte[]>>) r -> TestMessages.withHeader(r,
                                Headers.SCHEMA_VERSION, "2"),
                        "Unsupported schema version 2 of inventory.ReserveInventory"),
                Arguments.of("a payload that violates the schema",
                        (UnaryOperator<ProducerRecord<String, byte[]>>) r -> TestMessages.withBody(r,
                                "{\"orderId\":\"" + UUID.randomUUID() + "\",\"lines\":[{\"sku\":\"SKU-APPLE\",\"quantity\":0}]}"),
                        "$.lines[0].quantity"),
                Arguments.of("a payload that is not JSON",
                        (UnaryOperator<ProducerRecord<String, byte[]>>) r -> TestMessages.withBody(r, "reserve 2 apples"),
                        "Unreadable payload"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("poison")
    void isDeadLetteredWithTheReasonAndTheNextCommandIsStillProcessed(String name,
            UnaryOperator<ProducerRecord<String, byte[]>> corrupt, String reason) {
        String bolt = newSku(10);
        UUID sagaId = UUID.randomUUID();
        UUID poisonedOrder = UUID.randomUUID();
        long reservationsBefore = reservations();

        ProducerRecord<String, byte[]> poison = send(corrupt.apply(
                SagaDriver.reserveRecord(sagaId, poisonedOrder, TestMessages.newId(), line(bolt, 2))));
        UUID nextOrder = UUID.randomUUID();
        ProducerRecord<String, byte[]> next = SagaDriver.reserve(sagaId, nextOrder, line(bolt, 3));

        ConsumerRecord<String, byte[]> dead = saga.awaitDeadLetter(poison);
        assertThat(header(dead, Headers.DLQ_REASON)).contains(reason);
        assertThat(header(dead, Headers.DLQ_CONSUMER)).isEqualTo("inventory-service");
        assertThat(dead.key()).isEqualTo(sagaId.toString());
        assertThat(saga.awaitReply(next, MessageTypes.INVENTORY_RESERVED)).isEqualTo(new InventoryReserved(nextOrder));
        assertThat(level(bolt)).as("only the valid command reserved").isEqualTo(new Level(7, 3, 10));
        assertThat(reservations()).isEqualTo(reservationsBefore + 1);
        given().auth().oauth2(Tokens.admin()).get("/reservations/" + poisonedOrder).then().statusCode(404);
        assertThat(saga.repliesOfSaga(sagaId)).as("the poison got no reply").hasSize(1);
    }

    private static long reservations() {
        return PostgresTestResource.current().count("SELECT count(*) FROM reservations");
    }
}
