package io.sagaplatform.shipping.application;

import static io.restassured.RestAssured.given;
import static io.sagaplatform.shipping.ShippingCommands.cancel;
import static io.sagaplatform.shipping.ShippingCommands.record;
import static io.sagaplatform.shipping.ShippingCommands.schedule;
import static io.sagaplatform.shipping.ShippingCommands.withdraw;
import static io.sagaplatform.testing.ParticipantProbe.send;
import static io.sagaplatform.testing.TestMessages.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sagaplatform.contracts.Headers;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.shipping.ShipmentCancelled;
import io.sagaplatform.contracts.shipping.ShipmentSchedulingFailed;
import io.sagaplatform.contracts.shipping.ShipmentWithdrawalRefused;
import io.sagaplatform.contracts.shipping.ShipmentWithdrawn;
import io.sagaplatform.contracts.shipping.ShippingFailureReason;
import io.sagaplatform.contracts.shipping.WithdrawalRefusalReason;
import io.sagaplatform.shipping.ShippingCommands;
import io.sagaplatform.testing.KafkaProbe;
import io.sagaplatform.testing.PostgresTestResource;
import io.sagaplatform.testing.ServiceTestProfile;
import io.sagaplatform.testing.Tokens;

/**
 * The cancel-order saga's WithdrawShipment, sent on Kafka as the orchestrator sends it, against the warehouse's
 * {@code POST /shipments/{orderId}/dispatch}: whichever comes first wins, and the shipment never both leaves and is
 * withdrawn.
 */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class WithdrawShipmentIT {

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
    void aScheduledShipmentIsWithdrawnOnceAndARedeliveryOrARetryAnswersTheSame() {
        scheduled();

        ProducerRecord<String, byte[]> command = send(withdraw(orderId, sagaId, newId()));
        assertThat(shipping.awaitReply(command, MessageTypes.SHIPMENT_WITHDRAWN)).isEqualTo(new ShipmentWithdrawn(orderId));
        String withdrawnAt = given().auth().oauth2(Tokens.operator("ops")).get("/shipments/" + orderId).then()
                .statusCode(200).body("status", is("WITHDRAWN")).body("withdrawnAt", notNullValue())
                .extract().path("withdrawnAt");

        send(command);
        assertThat(shipping.awaitReplies(command, 2)).allSatisfy(reply -> assertThat(
                ShippingCommands.decode(reply, MessageTypes.SHIPMENT_WITHDRAWN)).isEqualTo(new ShipmentWithdrawn(orderId)));
        ProducerRecord<String, byte[]> retry = send(withdraw(orderId, sagaId, newId()));
        assertThat(shipping.awaitReply(retry, MessageTypes.SHIPMENT_WITHDRAWN)).isEqualTo(new ShipmentWithdrawn(orderId));

        given().auth().oauth2(Tokens.operator("ops")).get("/shipments/" + orderId).then()
                .body("status", is("WITHDRAWN")).body("withdrawnAt", is(withdrawnAt));
    }

    @Test
    void aDispatchedShipmentIsNotWithdrawnAndTheRefusalSaysWhy() {
        scheduled();
        given().auth().oauth2(Tokens.operator("ops")).post("/shipments/" + orderId + "/dispatch").then()
                .statusCode(200).body("status", is("DISPATCHED")).body("dispatchedAt", notNullValue());

        ShipmentWithdrawalRefused refused = shipping.awaitReply(send(withdraw(orderId, sagaId, newId())),
                MessageTypes.SHIPMENT_WITHDRAWAL_REFUSED);

        assertThat(refused.reason()).isEqualTo(WithdrawalRefusalReason.ALREADY_DISPATCHED);
        assertThat(refused.detail()).contains(orderId.toString());
        given().auth().oauth2(Tokens.operator("ops")).get("/shipments/" + orderId).then().body("status", is("DISPATCHED"));
    }

    @Test
    void withdrawingAShipmentThatDoesNotExistIsRefusedAndLeavesNothing() {
        ShipmentWithdrawalRefused refused = shipping.awaitReply(send(withdraw(orderId, sagaId, newId())),
                MessageTypes.SHIPMENT_WITHDRAWAL_REFUSED);

        assertThat(refused.reason()).isEqualTo(WithdrawalRefusalReason.UNKNOWN_SHIPMENT);
        assertThat(db("SELECT count(*) FROM shipments WHERE order_id = ?", orderId)).isZero();
    }

    @Test
    void aWithdrawnShipmentIsNeitherDispatchedNorScheduledAgainAndItsCompensationHasNothingToUndo() {
        scheduled();
        shipping.awaitReply(send(withdraw(orderId, sagaId, newId())), MessageTypes.SHIPMENT_WITHDRAWN);

        given().auth().oauth2(Tokens.operator("ops")).post("/shipments/" + orderId + "/dispatch").then()
                .statusCode(409).contentType("application/problem+json").body("type", endsWith("/not-dispatchable"));
        ShipmentSchedulingFailed again = shipping.awaitReply(send(record(schedule(orderId), sagaId, newId())),
                MessageTypes.SHIPMENT_SCHEDULING_FAILED);
        assertThat(again.reason()).isEqualTo(ShippingFailureReason.ORDER_CANCELLED);
        assertThat(shipping.awaitReply(send(cancel(orderId, sagaId, newId())), MessageTypes.SHIPMENT_CANCELLED))
                .isEqualTo(new ShipmentCancelled(orderId, true));
        assertThat(db("SELECT count(*) FROM shipments WHERE order_id = ? AND status = 'WITHDRAWN'", orderId)).isEqualTo(1);
    }

    @Test
    void cancellingADispatchedShipmentIsDeadLetteredForAnOperator() {
        scheduled();
        given().auth().oauth2(Tokens.operator("ops")).post("/shipments/" + orderId + "/dispatch").then().statusCode(200);

        ConsumerRecord<String, byte[]> dead = shipping.awaitDeadLetter(send(cancel(orderId, sagaId, newId())));

        assertThat(KafkaProbe.header(dead, Headers.DLQ_REASON)).contains("a dispatched shipment cannot be cancelled");
        assertThat(db("SELECT count(*) FROM shipments WHERE order_id = ? AND status = 'DISPATCHED'", orderId)).isEqualTo(1);
    }

    @Test
    void dispatchingIsForStaffIdempotentAndA404ForAnUnknownOrder() {
        scheduled();
        String dispatchedAt = given().auth().oauth2(Tokens.operator("ops")).post("/shipments/" + orderId + "/dispatch")
                .then().statusCode(200).extract().path("dispatchedAt");
        given().auth().oauth2(Tokens.admin()).post("/shipments/" + orderId + "/dispatch").then().statusCode(200)
                .body("status", is("DISPATCHED")).body("dispatchedAt", is(dispatchedAt));

        given().auth().oauth2(Tokens.customer("alice")).post("/shipments/" + orderId + "/dispatch").then()
                .statusCode(403).contentType("application/problem+json");
        given().post("/shipments/" + orderId + "/dispatch").then().statusCode(401);
        given().auth().oauth2(Tokens.operator("ops")).post("/shipments/" + UUID.randomUUID() + "/dispatch").then()
                .statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.operator("ops")).post("/shipments/not-a-uuid/dispatch").then()
                .statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.operator("ops")).queryParam("status", "DISPATCHED").get("/shipments").then()
                .statusCode(200);
    }

    @Test
    void aDispatchAndAWithdrawalRacingForOneShipmentHaveExactlyOneWinner() throws Exception {
        java.util.List<UUID> orders = java.util.stream.IntStream.range(0, 6).mapToObj(i -> UUID.randomUUID()).toList();
        for (UUID order : orders) {
            shipping.awaitReply(send(record(schedule(order), sagaId, newId())), MessageTypes.SHIPMENT_SCHEDULED);
        }
        java.util.Map<UUID, ProducerRecord<String, byte[]>> withdrawals = new java.util.HashMap<>();
        java.util.Map<UUID, java.util.concurrent.Future<Integer>> dispatches = new java.util.HashMap<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            for (UUID order : orders) {
                withdrawals.put(order, send(withdraw(order, sagaId, newId())));
                dispatches.put(order, pool.submit(() -> given().auth().oauth2(Tokens.operator("ops"))
                        .post("/shipments/" + order + "/dispatch").then().extract().statusCode()));
            }
            for (UUID order : orders) {
                int dispatch = dispatches.get(order).get();
                Object reply = ShippingCommands.decode(shipping.awaitReplies(withdrawals.get(order), 1).get(0));
                String status = given().auth().oauth2(Tokens.operator("ops")).get("/shipments/" + order).then()
                        .extract().path("status");
                if (status.equals("DISPATCHED")) {
                    assertThat(dispatch).isEqualTo(200);
                    assertThat(reply).isInstanceOfSatisfying(ShipmentWithdrawalRefused.class,
                            r -> assertThat(r.reason()).isEqualTo(WithdrawalRefusalReason.ALREADY_DISPATCHED));
                } else {
                    assertThat(status).isEqualTo("WITHDRAWN");
                    assertThat(dispatch).isEqualTo(409);
                    assertThat(reply).isEqualTo(new ShipmentWithdrawn(order));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void scheduled() {
        shipping.awaitReply(send(record(schedule(orderId), sagaId, newId())), MessageTypes.SHIPMENT_SCHEDULED);
    }

    private static long db(String sql, Object... params) {
        return PostgresTestResource.current().count(sql, params);
    }
}
