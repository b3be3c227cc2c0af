package io.sagaplatform.shipping.application;

import static io.restassured.RestAssured.given;
import static io.sagaplatform.shipping.ShippingCommands.cancel;
import static io.sagaplatform.shipping.ShippingCommands.record;
import static io.sagaplatform.shipping.ShippingCommands.schedule;
import static io.sagaplatform.shipping.ShippingCommands.scheduleTo;
import static io.sagaplatform.testing.KafkaProbe.header;
import static io.sagaplatform.testing.ParticipantProbe.decode;
import static io.sagaplatform.testing.ParticipantProbe.messageId;
import static io.sagaplatform.testing.ParticipantProbe.send;
import static io.sagaplatform.testing.TestMessages.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sagaplatform.testing.Tokens;
import io.sagaplatform.contracts.Headers;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.shipping.ShipmentCancelled;
import io.sagaplatform.contracts.shipping.ShipmentScheduled;
import io.sagaplatform.contracts.shipping.ShipmentSchedulingFailed;
import io.sagaplatform.contracts.shipping.ShippingFailureReason;
import io.sagaplatform.shipping.ShippingCommands;
import io.sagaplatform.testing.PostgresTestResource;
import io.sagaplatform.testing.ServiceTestProfile;

/**
 * The saga's ScheduleShipment / CancelShipment, sent on Kafka as the orchestrator sends them and answered on
 * {@code saga.replies} through the outbox and Debezium.
 */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class ShippingCommandsIT {

    private static ShippingCommands shipping;

    private final UUID orderId = UUID.randomUUID();
    private final UUID sagaId = UUID.randomUUID();

    @BeforeAll
    static void start() {
        shipping = new ShippingCommands();
    }

    @AfterAll
    static void close() {
        shipping.close();
    }

    @Test
    void schedulingAShipmentStoresItScheduledAndRepliesWithItsId() {
        ProducerRecord<String, byte[]> command = send(record(schedule(orderId), sagaId, newId()));

        ShipmentScheduled reply = shipping.awaitReply(command, MessageTypes.SHIPMENT_SCHEDULED);

        assertThat(reply.orderId()).isEqualTo(orderId);
        assertThat(db("SELECT count(*) FROM shipments WHERE order_id = ? AND shipment_id = ? AND status = 'SCHEDULED'"
                + " AND country = 'FR' AND postal_code = '69001'", orderId, reply.shipmentId())).isEqualTo(1);
        assertThat(db("SELECT coalesce(sum(quantity), 0) FROM shipment_lines WHERE order_id = ?", orderId)).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "AQ, BIOT 1, Destination country AQ is unserviceable: Antarctica",
            "KP, 12345, Destination country KP is unserviceable: North Korea",
            "FR, 00000, Destination postal code 00000 (FR) is unserviceable" })
    void anUnserviceableDestinationIsRefusedNamingItAndSchedulesNothing(String country, String postalCode,
            String detail) {
        ProducerRecord<String, byte[]> command = send(record(scheduleTo(orderId, country, postalCode, 1), sagaId,
                newId()));

        ShipmentSchedulingFailed reply = shipping.awaitReply(command, MessageTypes.SHIPMENT_SCHEDULING_FAILED);

        assertThat(reply.orderId()).isEqualTo(orderId);
        assertThat(reply.reason()).isEqualTo(ShippingFailureReason.UNSERVICEABLE_DESTINATION);
        assertThat(reply.detail()).startsWith(detail);
        assertThat(shipmentRows()).isZero();
    }

    @Test
    void schedulingAgainUnderANewMessageIdRepliesTheSameShipmentAndSchedulesNothingMore() {
        UUID first = shipping.awaitReply(send(record(schedule(orderId), sagaId, newId())),
                MessageTypes.SHIPMENT_SCHEDULED).shipmentId();

        ProducerRecord<String, byte[]> retry = send(record(scheduleTo(orderId, "DE", "10115", 7), sagaId, newId()));

        assertThat(shipping.awaitReply(retry, MessageTypes.SHIPMENT_SCHEDULED).shipmentId()).isEqualTo(first);
        assertThat(shipmentRows()).isEqualTo(1);
        assertThat(db("SELECT count(*) FROM shipments WHERE order_id = ? AND country = 'FR'", orderId)).isEqualTo(1);
        assertThat(db("SELECT coalesce(sum(quantity), 0) FROM shipment_lines WHERE order_id = ?", orderId)).isEqualTo(3);
    }

    @Test
    void cancellingAScheduledShipmentUndoesItOnceAndACancellationRetryHasNothingToUndo() {
        shipping.awaitReply(send(record(schedule(orderId), sagaId, newId())), MessageTypes.SHIPMENT_SCHEDULED);

        ProducerRecord<String, byte[]> cancellation = send(cancel(orderId, sagaId, newId()));
        assertThat(shipping.awaitReply(cancellation, MessageTypes.SHIPMENT_CANCELLED))
                .isEqualTo(new ShipmentCancelled(orderId, false));
        String cancelledAt = given().auth().oauth2(Tokens.admin()).get("/shipments/" + orderId).then().statusCode(200)
                .body("status", is("CANCELLED")).body("cancelledBeforeScheduling", is(false))
                .extract().path("cancelledAt");

        ProducerRecord<String, byte[]> retry = send(cancel(orderId, sagaId, newId()));
        assertThat(shipping.awaitReply(retry, MessageTypes.SHIPMENT_CANCELLED))
                .isEqualTo(new ShipmentCancelled(orderId, true));
        given().auth().oauth2(Tokens.admin()).get("/shipments/" + orderId).then().body("status", is("CANCELLED")).body("cancelledAt", is(cancelledAt));
        assertThat(shipmentRows()).isEqualTo(1);
    }

    @Test
    void aCancellationBeforeSchedulingLeavesAMarkerAndTheLateSchedulingIsRefusedAsOrderCancelled() {
        ProducerRecord<String, byte[]> cancellation = send(cancel(orderId, sagaId, newId()));
        assertThat(shipping.awaitReply(cancellation, MessageTypes.SHIPMENT_CANCELLED))
                .isEqualTo(new ShipmentCancelled(orderId, true));
        given().auth().oauth2(Tokens.admin()).get("/shipments/" + orderId).then().statusCode(200)
                .body("status", is("CANCELLED")).body("cancelledBeforeScheduling", is(true));

        ProducerRecord<String, byte[]> late = send(record(schedule(orderId), sagaId, newId()));

        ShipmentSchedulingFailed refused = shipping.awaitReply(late, MessageTypes.SHIPMENT_SCHEDULING_FAILED);
        assertThat(refused.reason()).isEqualTo(ShippingFailureReason.ORDER_CANCELLED);
        assertThat(refused.detail()).contains(orderId.toString()).contains("before its shipment was scheduled");
        assertThat(db("SELECT count(*) FROM shipments WHERE order_id = ? AND shipment_id IS NULL AND status = 'CANCELLED'",
                orderId)).isEqualTo(1);
        assertThat(db("SELECT count(*) FROM shipment_lines WHERE order_id = ?", orderId)).isZero();
    }

    @Test
    void aCancelledShipmentIsNeverScheduledAgain() {
        shipping.awaitReply(send(record(schedule(orderId), sagaId, newId())), MessageTypes.SHIPMENT_SCHEDULED);
        shipping.awaitReply(send(cancel(orderId, sagaId, newId())), MessageTypes.SHIPMENT_CANCELLED);

        ProducerRecord<String, byte[]> again = send(record(schedule(orderId), sagaId, newId()));

        ShipmentSchedulingFailed refused = shipping.awaitReply(again, MessageTypes.SHIPMENT_SCHEDULING_FAILED);
        assertThat(refused.reason()).isEqualTo(ShippingFailureReason.ORDER_CANCELLED);
        assertThat(refused.detail()).contains("never scheduled again");
        assertThat(db("SELECT count(*) FROM shipments WHERE order_id = ? AND status = 'CANCELLED'", orderId)).isEqualTo(1);
    }

    @Test
    void cancellingARefusedSchedulingHasNothingToUndoAndRefusesItsRetry() {
        shipping.awaitReply(send(record(scheduleTo(orderId, "AQ", "BIOT 1", 1), sagaId, newId())),
                MessageTypes.SHIPMENT_SCHEDULING_FAILED);

        assertThat(shipping.awaitReply(send(cancel(orderId, sagaId, newId())), MessageTypes.SHIPMENT_CANCELLED))
                .isEqualTo(new ShipmentCancelled(orderId, true));
        ProducerRecord<String, byte[]> retry = send(record(schedule(orderId), sagaId, newId()));
        assertThat(shipping.awaitReply(retry, MessageTypes.SHIPMENT_SCHEDULING_FAILED).reason())
                .isEqualTo(ShippingFailureReason.ORDER_CANCELLED);
    }

    @Test
    void aSchedulingDeliveredTwiceIsAppliedOnceAndAnsweredTwiceWithTheSameOutcome() {
        ProducerRecord<String, byte[]> command = send(record(schedule(orderId), sagaId, newId()));
        shipping.awaitReplies(command, 1);

        send(command);

        List<ConsumerRecord<String, byte[]>> answers = shipping.awaitReplies(command, 2);
        assertSameOutcome(answers);
        assertThat(decode(answers.get(0), MessageTypes.SHIPMENT_SCHEDULED).orderId()).isEqualTo(orderId);
        assertThat(shipmentRows()).isEqualTo(1);
        assertThat(db("SELECT count(*) FROM shipment_lines WHERE order_id = ?", orderId)).isEqualTo(2);
        assertThat(db("SELECT count(*) FROM inbox WHERE message_id = ?", messageId(command))).isEqualTo(1);
    }

    @Test
    void aCancellationDeliveredTwiceUndoesOnceAndIsAnsweredTwiceWithTheSameOutcome() {
        shipping.awaitReply(send(record(schedule(orderId), sagaId, newId())), MessageTypes.SHIPMENT_SCHEDULED);
        ProducerRecord<String, byte[]> command = send(cancel(orderId, sagaId, newId()));
        shipping.awaitReplies(command, 1);

        send(command);

        List<ConsumerRecord<String, byte[]>> answers = shipping.awaitReplies(command, 2);
        assertSameOutcome(answers);
        assertThat(decode(answers.get(1), MessageTypes.SHIPMENT_CANCELLED))
                .isEqualTo(new ShipmentCancelled(orderId, false));
        assertThat(db("SELECT count(*) FROM shipments WHERE order_id = ? AND status = 'CANCELLED'", orderId)).isEqualTo(1);
    }

    private static void assertSameOutcome(List<ConsumerRecord<String, byte[]>> answers) {
        assertThat(answers).hasSize(2);
        assertThat(header(answers.get(1), Headers.CE_TYPE)).isEqualTo(header(answers.get(0), Headers.CE_TYPE));
        assertThat(new String(answers.get(1).value())).isEqualTo(new String(answers.get(0).value()));
        assertThat(header(answers.get(1), Headers.CE_ID)).isNotEqualTo(header(answers.get(0), Headers.CE_ID));
    }

    private long shipmentRows() {
        return db("SELECT count(*) FROM shipments WHERE order_id = ?", orderId);
    }

    private static long db(String sql, Object... params) {
        return PostgresTestResource.current().count(sql, params);
    }
}
