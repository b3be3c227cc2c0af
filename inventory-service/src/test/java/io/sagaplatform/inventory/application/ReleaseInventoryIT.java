package io.sagaplatform.inventory.application;

import static io.restassured.RestAssured.given;
import static io.sagaplatform.inventory.SagaDriver.line;
import static io.sagaplatform.inventory.SagaDriver.release;
import static io.sagaplatform.inventory.SagaDriver.reserve;
import static io.sagaplatform.inventory.StockFixtures.level;
import static io.sagaplatform.inventory.StockFixtures.newSku;
import static io.sagaplatform.testing.KafkaProbe.value;
import static io.sagaplatform.testing.ParticipantProbe.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sagaplatform.testing.Tokens;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.WireFormat;
import io.sagaplatform.contracts.inventory.InventoryFailureReason;
import io.sagaplatform.contracts.inventory.InventoryReleased;
import io.sagaplatform.contracts.inventory.InventoryReservationFailed;
import io.sagaplatform.inventory.SagaDriver;
import io.sagaplatform.inventory.StockFixtures.Level;
import io.sagaplatform.testing.ServiceTestProfile;

/**
 * {@code ReleaseInventory}, the compensation: it undoes a reservation exactly once, succeeds with nothing to
 * undo when there is nothing, and when it comes first the late reservation is refused.
 */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class ReleaseInventoryIT {

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
    void releasesStockReservedForTheOrder() {
        String bolt = newSku(10);
        String nut = newSku(5);
        UUID orderId = UUID.randomUUID();
        UUID sagaId = UUID.randomUUID();
        saga.awaitReply(reserve(sagaId, orderId, line(bolt, 3), line(nut, 5)), MessageTypes.INVENTORY_RESERVED);
        assertThat(level(nut)).isEqualTo(new Level(0, 5, 5));

        ProducerRecord<String, byte[]> release = release(sagaId, orderId);

        assertThat(saga.awaitReply(release, MessageTypes.INVENTORY_RELEASED))
                .isEqualTo(new InventoryReleased(orderId, false));
        assertThat(level(bolt)).isEqualTo(new Level(10, 0, 10));
        assertThat(level(nut)).isEqualTo(new Level(5, 0, 5));
        given().auth().oauth2(Tokens.admin()).get("/reservations/" + orderId).then().statusCode(200)
                .body("status", is("RELEASED")).body("releasedAt", notNullValue());
    }

    @Test
    void repeatingTheReleaseUnderANewMessageIdHasNothingToUndoAndChangesNothing() {
        String bolt = newSku(10);
        UUID orderId = UUID.randomUUID();
        UUID sagaId = UUID.randomUUID();
        saga.awaitReply(reserve(sagaId, orderId, line(bolt, 3)), MessageTypes.INVENTORY_RESERVED);
        saga.awaitReply(release(sagaId, orderId), MessageTypes.INVENTORY_RELEASED);
        String releasedAt = given().auth().oauth2(Tokens.admin()).get("/reservations/" + orderId).then().extract().path("releasedAt");

        ProducerRecord<String, byte[]> retry = release(sagaId, orderId);

        assertThat(saga.awaitReply(retry, MessageTypes.INVENTORY_RELEASED))
                .isEqualTo(new InventoryReleased(orderId, true));
        assertThat(level(bolt)).isEqualTo(new Level(10, 0, 10));
        given().auth().oauth2(Tokens.admin()).get("/reservations/" + orderId).then().body("status", is("RELEASED"))
                .body("releasedAt", is(releasedAt));
    }

    @Test
    void theSameReleaseDeliveredTwiceIsAppliedOnceAndAnsweredTwiceWithTheSameOutcome() {
        String bolt = newSku(10);
        UUID orderId = UUID.randomUUID();
        UUID sagaId = UUID.randomUUID();
        saga.awaitReply(reserve(sagaId, orderId, line(bolt, 3)), MessageTypes.INVENTORY_RESERVED);
        ProducerRecord<String, byte[]> release = release(sagaId, orderId);
        saga.awaitReplies(release, 1);

        send(release);

        List<ConsumerRecord<String, byte[]>> answers = saga.awaitReplies(release, 2);
        assertThat(value(answers.get(1))).isEqualTo(value(answers.get(0)));
        assertThat(WireFormat.decode(MessageTypes.INVENTORY_RELEASED, answers.get(1).value()))
                .as("the recorded outcome, not a re-evaluation").isEqualTo(new InventoryReleased(orderId, false));
        assertThat(level(bolt)).isEqualTo(new Level(10, 0, 10));
    }

    @Test
    void aReleaseBeforeAnyReservationHasNothingToUndoAndLeavesACancelledMarker() {
        UUID orderId = UUID.randomUUID();

        ProducerRecord<String, byte[]> release = release(UUID.randomUUID(), orderId);

        assertThat(saga.awaitReply(release, MessageTypes.INVENTORY_RELEASED))
                .isEqualTo(new InventoryReleased(orderId, true));
        given().auth().oauth2(Tokens.admin()).get("/reservations/" + orderId).then().statusCode(200)
                .body("status", is("CANCELLED")).body("lines", empty());
    }

    @Test
    void theReservationArrivingAfterItsReleaseIsRefusedAsOrderCancelledAndChangesNothing() {
        String bolt = newSku(10);
        UUID orderId = UUID.randomUUID();
        UUID sagaId = UUID.randomUUID();
        saga.awaitReply(release(sagaId, orderId), MessageTypes.INVENTORY_RELEASED);

        ProducerRecord<String, byte[]> late = reserve(sagaId, orderId, line(bolt, 3));

        InventoryReservationFailed refused = saga.awaitReply(late, MessageTypes.INVENTORY_RESERVATION_FAILED);
        assertThat(refused.reason()).isEqualTo(InventoryFailureReason.ORDER_CANCELLED);
        assertThat(refused.detail()).contains("before any reservation");
        assertThat(level(bolt)).isEqualTo(new Level(10, 0, 10));
        given().auth().oauth2(Tokens.admin()).get("/reservations/" + orderId).then().body("status", is("CANCELLED")).body("lines", empty());
    }

    @Test
    void aReservationAfterTheOrderWasReleasedIsRefusedAsOrderCancelled() {
        String bolt = newSku(10);
        UUID orderId = UUID.randomUUID();
        UUID sagaId = UUID.randomUUID();
        saga.awaitReply(reserve(sagaId, orderId, line(bolt, 3)), MessageTypes.INVENTORY_RESERVED);
        saga.awaitReply(release(sagaId, orderId), MessageTypes.INVENTORY_RELEASED);

        ProducerRecord<String, byte[]> again = reserve(sagaId, orderId, line(bolt, 3));

        assertThat(saga.awaitReply(again, MessageTypes.INVENTORY_RESERVATION_FAILED).reason())
                .isEqualTo(InventoryFailureReason.ORDER_CANCELLED);
        assertThat(level(bolt)).isEqualTo(new Level(10, 0, 10));
        given().auth().oauth2(Tokens.admin()).get("/reservations/" + orderId).then().body("status", is("RELEASED"));
    }
}
