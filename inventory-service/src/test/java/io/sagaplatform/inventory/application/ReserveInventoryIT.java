package io.sagaplatform.inventory.application;

import static io.restassured.RestAssured.given;
import static io.sagaplatform.inventory.SagaDriver.line;
import static io.sagaplatform.inventory.SagaDriver.reserve;
import static io.sagaplatform.inventory.StockFixtures.level;
import static io.sagaplatform.inventory.StockFixtures.newSku;
import static io.sagaplatform.testing.KafkaProbe.header;
import static io.sagaplatform.testing.KafkaProbe.value;
import static io.sagaplatform.testing.ParticipantProbe.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.is;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.sagaplatform.testing.Tokens;
import io.sagaplatform.contracts.Headers;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.WireFormat;
import io.sagaplatform.contracts.common.StockLine;
import io.sagaplatform.contracts.inventory.InventoryFailureReason;
import io.sagaplatform.contracts.inventory.InventoryReservationFailed;
import io.sagaplatform.contracts.inventory.InventoryReserved;
import io.sagaplatform.inventory.SagaDriver;
import io.sagaplatform.inventory.StockFixtures;
import io.sagaplatform.inventory.StockFixtures.Level;
import io.sagaplatform.testing.ServiceTestProfile;

/** {@code ReserveInventory} sent on Kafka as the orchestrator sends it, answered on {@code saga.replies}. */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class ReserveInventoryIT {

    private static SagaDriver saga;

    @BeforeAll
    static void start() {
        saga = new SagaDriver();
    }

    @AfterAll
    static void close() {
        saga.close();
    }

    @Test
    void reservesEveryLineAllTogetherAndRepliesInventoryReserved() {
        String bolt = newSku(10);
        String nut = newSku(5);
        UUID orderId = UUID.randomUUID();

        ProducerRecord<String, byte[]> command = reserve(UUID.randomUUID(), orderId, line(bolt, 3), line(nut, 2),
                line(bolt, 1));

        assertThat(saga.awaitReply(command, MessageTypes.INVENTORY_RESERVED)).isEqualTo(new InventoryReserved(orderId));
        assertThat(level(bolt)).isEqualTo(new Level(6, 4, 10));
        assertThat(level(nut)).isEqualTo(new Level(3, 2, 5));
        given().auth().oauth2(Tokens.admin()).get("/reservations/" + orderId).then().statusCode(200)
                .body("status", is("RESERVED"))
                .body("lines", containsInAnyOrder(Map.of("sku", bolt, "quantity", 4), Map.of("sku", nut, "quantity", 2)));
    }

    static Stream<Arguments> documentedFailureInputs() {
        return Stream.of(
                Arguments.of("a SKU that is not stocked", List.of(line("SKU-NOPE", 1)),
                        InventoryFailureReason.UNKNOWN_SKU, "Unknown SKU SKU-NOPE"),
                Arguments.of("an unknown SKU beside a stocked one", List.of(line("SKU-APPLE", 1), line("SKU-NOPE", 1)),
                        InventoryFailureReason.UNKNOWN_SKU, "Unknown SKU SKU-NOPE"),
                Arguments.of("a sold-out SKU", List.of(line("SKU-SOLDOUT", 1)),
                        InventoryFailureReason.OUT_OF_STOCK, "SKU-SOLDOUT: requested 1, available 0"),
                Arguments.of("more of a rare SKU than there is", List.of(line("SKU-RARE", 4)),
                        InventoryFailureReason.OUT_OF_STOCK, "SKU-RARE: requested 4, available 3"),
                Arguments.of("two lines of a SKU that together exceed it", List.of(line("SKU-RARE", 2), line("SKU-RARE", 2)),
                        InventoryFailureReason.OUT_OF_STOCK, "SKU-RARE: requested 4, available 3"),
                Arguments.of("one short line among available ones",
                        List.of(line("SKU-APPLE", 5), line("SKU-PEAR", 5), line("SKU-RARE", 4)),
                        InventoryFailureReason.OUT_OF_STOCK, "SKU-RARE: requested 4, available 3"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documentedFailureInputs")
    void refusesWithTheReasonAndReservesNothing(String name, List<StockLine> lines, InventoryFailureReason reason,
            String detail) {
        Map<String, Level> before = seedStock();
        UUID orderId = UUID.randomUUID();

        ProducerRecord<String, byte[]> command = reserve(UUID.randomUUID(), orderId, lines.toArray(StockLine[]::new));

        assertThat(saga.awaitReply(command, MessageTypes.INVENTORY_RESERVATION_FAILED))
                .isEqualTo(new InventoryReservationFailed(orderId, reason, detail));
        assertThat(seedStock()).isEqualTo(before);
        given().auth().oauth2(Tokens.admin()).get("/reservations/" + orderId).then().statusCode(404);
    }

    @Test
    void aSecondReservationForAnOrderThatHoldsOneRepliesReservedWithoutReservingTwice() {
        String bolt = newSku(10);
        UUID orderId = UUID.randomUUID();
        UUID sagaId = UUID.randomUUID();
        saga.awaitReply(reserve(sagaId, orderId, line(bolt, 3)), MessageTypes.INVENTORY_RESERVED);

        ProducerRecord<String, byte[]> again = reserve(sagaId, orderId, line(bolt, 3));

        assertThat(saga.awaitReply(again, MessageTypes.INVENTORY_RESERVED)).isEqualTo(new InventoryReserved(orderId));
        assertThat(level(bolt)).isEqualTo(new Level(7, 3, 10));
    }

    @Test
    void theSameCommandDeliveredTwiceIsAppliedOnceAndAnsweredTwiceWithTheSameOutcome() {
        String bolt = newSku(10);
        UUID orderId = UUID.randomUUID();
        ProducerRecord<String, byte[]> command = reserve(UUID.randomUUID(), orderId, line(bolt, 4));
        saga.awaitReplies(command, 1);

        send(command);

        List<ConsumerRecord<String, byte[]>> answers = saga.awaitReplies(command, 2);
        assertThat(answers).extracting(r -> header(r, Headers.CE_TYPE)).containsOnly(MessageTypes.INVENTORY_RESERVED.name());
        assertThat(value(answers.get(1))).isEqualTo(value(answers.get(0)));
        assertThat(header(answers.get(1), Headers.CE_ID)).isNotEqualTo(header(answers.get(0), Headers.CE_ID));
        assertThat(level(bolt)).isEqualTo(new Level(6, 4, 10));
    }

    @Test
    void aRefusedCommandDeliveredAgainGetsItsFirstAnswerEvenAfterARestock() {
        String bolt = newSku(1);
        UUID orderId = UUID.randomUUID();
        ProducerRecord<String, byte[]> command = reserve(UUID.randomUUID(), orderId, line(bolt, 2));
        InventoryReservationFailed first = saga.awaitReply(command, MessageTypes.INVENTORY_RESERVATION_FAILED);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"available\":5}").put("/stock/" + bolt).then().statusCode(200);

        send(command);

        List<ConsumerRecord<String, byte[]>> answers = saga.awaitReplies(command, 2);
        assertThat(WireFormat.decode(MessageTypes.INVENTORY_RESERVATION_FAILED, answers.get(1).value())).isEqualTo(first);
        assertThat(level(bolt)).isEqualTo(new Level(5, 0, 5));
        given().auth().oauth2(Tokens.admin()).get("/reservations/" + orderId).then().statusCode(404);
    }

    private static Map<String, Level> seedStock() {
        return Stream.of("SKU-APPLE", "SKU-PEAR", "SKU-BANANA", "SKU-RARE", "SKU-SOLDOUT")
                .collect(Collectors.toMap(sku -> sku, StockFixtures::level));
    }
}
