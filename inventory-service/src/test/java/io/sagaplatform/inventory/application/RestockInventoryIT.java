package io.sagaplatform.inventory.application;

import static io.restassured.RestAssured.given;
import static io.sagaplatform.inventory.SagaDriver.line;
import static io.sagaplatform.inventory.SagaDriver.release;
import static io.sagaplatform.inventory.SagaDriver.reserve;
import static io.sagaplatform.inventory.SagaDriver.restock;
import static io.sagaplatform.inventory.StockFixtures.level;
import static io.sagaplatform.inventory.StockFixtures.newSku;
import static io.sagaplatform.testing.KafkaProbe.header;
import static io.sagaplatform.testing.ParticipantProbe.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sagaplatform.contracts.Headers;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.inventory.InventoryFailureReason;
import io.sagaplatform.contracts.inventory.InventoryReleased;
import io.sagaplatform.contracts.inventory.InventoryRestocked;
import io.sagaplatform.inventory.SagaDriver;
import io.sagaplatform.inventory.StockFixtures.Level;
import io.sagaplatform.testing.ServiceTestProfile;
import io.sagaplatform.testing.Tokens;

/**
 * {@code RestockInventory}, the cancel-order saga's step: an approved order's reserved units go back to available
 * exactly once, and a SKU's total never moves.
 */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class RestockInventoryIT {

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
    void restockingACancelledOrderPutsItsUnitsBackToAvailable() {
        String bolt = newSku(10);
        String nut = newSku(5);
        UUID orderId = UUID.randomUUID();
        saga.awaitReply(reserve(UUID.randomUUID(), orderId, line(bolt, 3), line(nut, 5)), MessageTypes.INVENTORY_RESERVED);
        assertThat(level(bolt)).isEqualTo(new Level(7, 3, 10));

        assertThat(saga.awaitReply(restock(UUID.randomUUID(), orderId), MessageTypes.INVENTORY_RESTOCKED))
                .isEqualTo(new InventoryRestocked(orderId));

        assertThat(level(bolt)).isEqualTo(new Level(10, 0, 10));
        assertThat(level(nut)).isEqualTo(new Level(5, 0, 5));
        given().auth().oauth2(Tokens.operator("ops")).get("/reservations/" + orderId).then().statusCode(200)
                .body("status", is("RESTOCKED")).body("releasedAt", notNullValue());
    }

    @Test
    void aRedeliveredOrRepeatedRestockAnswersAgainAndMovesNothing() {
        String bolt = newSku(10);
        UUID orderId = UUID.randomUUID();
        UUID sagaId = UUID.randomUUID();
        saga.awaitReply(reserve(sagaId, orderId, line(bolt, 4)), MessageTypes.INVENTORY_RESERVED);
        ProducerRecord<String, byte[]> first = restock(sagaId, orderId);
        saga.awaitReply(first, MessageTypes.INVENTORY_RESTOCKED);

        send(first);
        assertThat(saga.awaitReplies(first, 2)).allSatisfy(reply -> assertThat(
                SagaDriver.decode(reply, MessageTypes.INVENTORY_RESTOCKED)).isEqualTo(new InventoryRestocked(orderId)));
        assertThat(saga.awaitReply(restock(sagaId, orderId), MessageTypes.INVENTORY_RESTOCKED))
                .isEqualTo(new InventoryRestocked(orderId));

        assertThat(level(bolt)).isEqualTo(new Level(10, 0, 10));
    }

    @Test
    void aRestockedOrderIsNeitherReservedNorReleasedAgain() {
        String bolt = newSku(10);
        UUID orderId = UUID.randomUUID();
        UUID sagaId = UUID.randomUUID();
        saga.awaitReply(reserve(sagaId, orderId, line(bolt, 2)), MessageTypes.INVENTORY_RESERVED);
        saga.awaitReply(restock(sagaId, orderId), MessageTypes.INVENTORY_RESTOCKED);

        assertThat(saga.awaitReply(reserve(sagaId, orderId, line(bolt, 2)), MessageTypes.INVENTORY_RESERVATION_FAILED)
                .reason()).isEqualTo(InventoryFailureReason.ORDER_CANCELLED);
        assertThat(saga.awaitReply(release(sagaId, orderId), MessageTypes.INVENTORY_RELEASED))
                .isEqualTo(new InventoryReleased(orderId, true));
        assertThat(level(bolt)).isEqualTo(new Level(10, 0, 10));
    }

    @Test
    void restockingAnOrderThatHoldsNoStockIsDeadLetteredAndMovesNothing() {
        String bolt = newSku(10);
        UUID released = UUID.randomUUID();
        UUID sagaId = UUID.randomUUID();
        saga.awaitReply(reserve(sagaId, released, line(bolt, 2)), MessageTypes.INVENTORY_RESERVED);
        saga.awaitReply(release(sagaId, released), MessageTypes.INVENTORY_RELEASED);

        assertThat(header(saga.awaitDeadLetter(restock(sagaId, released)), Headers.DLQ_REASON))
                .contains("is RELEASED: it holds no stock to restock");
        UUID unknown = UUID.randomUUID();
        assertThat(header(saga.awaitDeadLetter(restock(sagaId, unknown)), Headers.DLQ_REASON))
                .contains("has no reservation to restock");
        assertThat(level(bolt)).isEqualTo(new Level(10, 0, 10));
    }
}
