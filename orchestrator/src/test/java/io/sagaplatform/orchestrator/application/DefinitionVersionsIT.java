package io.sagaplatform.orchestrator.application;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.inventory.InventoryFailureReason;
import io.sagaplatform.contracts.inventory.InventoryReservationFailed;
import io.sagaplatform.contracts.inventory.InventoryReserved;
import io.sagaplatform.contracts.order.OrderApproved;
import io.sagaplatform.contracts.order.OrderRejected;
import io.sagaplatform.contracts.payment.PaymentAuthorized;
import io.sagaplatform.contracts.payment.PaymentCaptured;
import io.sagaplatform.contracts.shipping.ShipmentScheduled;
import io.sagaplatform.messaging.outbox.Outbox;
import io.sagaplatform.messaging.tracing.MessageTracing;
import io.sagaplatform.orchestrator.engine.SagaDefinition;
import io.sagaplatform.orchestrator.triggers.Participants;
import io.sagaplatform.orchestrator.persistence.SagaStore;
import io.sagaplatform.orchestrator.placeorder.PlaceOrderData;
import io.sagaplatform.orchestrator.placeorder.PlaceOrderSaga;
import io.sagaplatform.testing.PostgresTestResource;
import io.sagaplatform.testing.ServiceTestProfile;
import io.sagaplatform.testing.Tokens;

/**
 * Shipping a changed definition: sagas started on place-order v1 (every step after the other) by an orchestrator
 * whose current version was 1 are still in flight when the orchestrator runs with current version 2 (this
 * application: v2 current, v1 still registered). They finish on v1 — their commands follow v1's order, their
 * compensation too — while a new order's saga runs v2 (reserve ∥ authorize, approve ∥ capture). A saga of a version
 * no longer registered is failed loudly.
 *
 * <p>"Before the switch" is a second registry over the same database and beans, whose current place-order version is
 * 1: what an orchestrator configured with {@code saga.definitions.place-order.current-version=1} starts.
 */
@QuarkusTest
@TestProfile(DefinitionVersionsIT.PatientSteps.class)
class DefinitionVersionsIT {

    /**
     * Two sagas of each version are driven side by side here: a step waits 15 s for its reply, not the 2 s of the
     * other component tests, so that a busy machine does not turn a slow reply into a resend or a compensation.
     */
    public static class PatientSteps extends ServiceTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("saga.place-order.step-timeout", "15s");
            config.put("saga.place-order.max-attempts", "5");
            return config;
        }
    }

    private static Participants participants;

    @Inject
    @Any
    Instance<SagaDefinition<?>> definitions;
    @Inject
    SagaRegistry registry;
    @Inject
    SagaStore store;
    @Inject
    Outbox outbox;
    @Inject
    Clock clock;
    @Inject
    Event<SagaChanged> changes;
    @Inject
    Event<SagaProgress> progress;
    @Inject
    MessageTracing tracing;
    @Inject
    ResendBudget resendBudget;

    @BeforeAll
    static void start() {
        participants = new Participants();
    }

    @AfterAll
    static void stop() {
        participants.close();
    }

    @Test
    void sagasInFlightFinishOnTheVersionTheyStartedWithWhileNewSagasRunTheCurrentOne() throws Exception {
        assertThat(registry.currentVersion(PlaceOrderSaga.TYPE)).isEqualTo(PlaceOrderSaga.VERSION);
        assertThat(registry.versions(PlaceOrderSaga.TYPE)).containsExactly(1, 2);

        // the broker and the relay are warm before the sagas under test start
        UUID warmUp = participants.complete();
        await().atMost(Participants.AT_MOST).until(() -> Participants.status(warmUp).equals("COMPLETED"));

        // before the switch: two sagas start on v1
        Sagas beforeTheSwitch = sagasStartingOn(PlaceOrderSaga.SEQUENTIAL_VERSION);
        UUID completing = UUID.randomUUID();
        UUID rejected = UUID.randomUUID();
        UUID completingSaga = startOn(beforeTheSwitch, completing);
        UUID rejectedSaga = startOn(beforeTheSwitch, rejected);
        // after the switch (this application): a new order's saga starts on v2
        UUID placed = participants.placeOrder();

        // the v1 sagas' replies reach this application, and they go on as v1 says: one step after the other; the v2
        // saga beside them sends both first-stage commands at once, later approve and capture together
        participants.awaitCommand(completing, MessageTypes.RESERVE_INVENTORY, 1);
        participants.reply(completingSaga, "reserve-inventory", MessageTypes.INVENTORY_RESERVED,
                new InventoryReserved(completing));
        // v1's compensation: the reservation failed before the payment was ever asked, so only the order is rejected
        participants.awaitCommand(rejected, MessageTypes.RESERVE_INVENTORY, 1);
        participants.reply(rejectedSaga, "reserve-inventory", MessageTypes.INVENTORY_RESERVATION_FAILED,
                new InventoryReservationFailed(rejected, InventoryFailureReason.OUT_OF_STOCK, "SKU-APPLE"));
        UUID placedSaga = Participants.sagaOf(participants.awaitCommand(placed, MessageTypes.RESERVE_INVENTORY, 1));
        participants.passFirstStage(placedSaga, placed);

        participants.awaitCommand(rejected, MessageTypes.REJECT_ORDER, 1);
        participants.reply(rejectedSaga, "reject-order", MessageTypes.ORDER_REJECTED,
                new OrderRejected(rejected, "reserve-inventory: OUT_OF_STOCK (SKU-APPLE)"));
        participants.awaitCommand(completing, MessageTypes.AUTHORIZE_PAYMENT, 1);
        participants.reply(completingSaga, "authorize-payment", MessageTypes.PAYMENT_AUTHORIZED,
                new PaymentAuthorized(completing, UUID.randomUUID()));
        given().auth().oauth2(Tokens.admin()).queryParam("type", PlaceOrderSaga.TYPE).queryParam("version", 1)
                .queryParam("status", "RUNNING").get("/sagas").then().statusCode(200)
                .body("items.id", hasItem(completingSaga.toString()));

        participants.passSchedule(placedSaga, placed);
        participants.awaitCommand(completing, MessageTypes.SCHEDULE_SHIPMENT, 1);
        participants.reply(completingSaga, "schedule-shipment", MessageTypes.SHIPMENT_SCHEDULED,
                new ShipmentScheduled(completing, UUID.randomUUID()));

        participants.awaitCommand(placed, MessageTypes.APPROVE_ORDER, 1);
        participants.awaitCommand(placed, MessageTypes.CAPTURE_PAYMENT, 1);
        participants.reply(placedSaga, "approve-order", MessageTypes.ORDER_APPROVED, new OrderApproved(placed));
        participants.reply(placedSaga, "capture-payment", MessageTypes.PAYMENT_CAPTURED, new PaymentCaptured(placed));
        participants.awaitCommand(completing, MessageTypes.APPROVE_ORDER, 1);
        participants.reply(completingSaga, "approve-order", MessageTypes.ORDER_APPROVED, new OrderApproved(completing));
        participants.awaitCommand(completing, MessageTypes.CAPTURE_PAYMENT, 1);
        participants.reply(completingSaga, "capture-payment", MessageTypes.PAYMENT_CAPTURED,
                new PaymentCaptured(completing));

        await().atMost(Participants.AT_MOST).until(() -> Participants.status(completingSaga).equals("COMPLETED")
                && Participants.status(rejectedSaga).equals("COMPENSATED")
                && Participants.status(placedSaga).equals("COMPLETED"));

        // v1: each command left only once the step before it had succeeded
        assertThat(sentAfterTheStepBefore(completingSaga)).containsExactly("reserve-inventory", "authorize-payment",
                "schedule-shipment", "approve-order", "capture-payment");
        assertThat(participants.commandsOf(rejectedSaga, MessageTypes.AUTHORIZE_PAYMENT)).isEmpty();
        // v2: authorize-payment left with reserve-inventory, capture-payment with approve-order
        assertThat(sentAfterTheStepBefore(placedSaga)).containsExactly("reserve-inventory", "schedule-shipment",
                "approve-order");

        given().auth().oauth2(Tokens.admin()).get("/sagas/" + completingSaga).then().statusCode(200)
                .body("saga.version", is(1)).body("saga.keyName", is("orderId"))
                .body("saga.key", is(completing.toString()))
                .body("steps.stage", contains(0, 1, 2, 3, 4, 5));
        given().auth().oauth2(Tokens.admin()).get("/sagas/" + placedSaga).then().statusCode(200)
                .body("saga.version", is(2)).body("steps.stage", contains(0, 1, 1, 2, 3, 3));
        given().auth().oauth2(Tokens.admin()).queryParam("key", completing).get("/sagas").then().statusCode(200)
                .body("total", is(1)).body("items[0].version", is(1));
        // nothing runs on v1 any more: it may go
        given().auth().oauth2(Tokens.admin()).queryParam("type", PlaceOrderSaga.TYPE).queryParam("version", 1)
                .queryParam("status", "RUNNING").get("/sagas").then().statusCode(200).body("total", is(0));
        given().auth().oauth2(Tokens.admin()).get("/sagas/definitions").then().statusCode(200)
                .body("find { it.type == 'place-order' }.currentVersion", is(2))
                .body("find { it.type == 'place-order' }.keyName", is("orderId"))
                .body("find { it.type == 'place-order' }.aggregateType", is("order"))
                .body("find { it.type == 'place-order' }.versions.find { it.version == 1 }.current", is(false))
                .body("find { it.type == 'place-order' }.versions.find { it.version == 1 }.registered", is(true))
                .body("find { it.type == 'place-order' }.versions.find { it.version == 2 }.current", is(true))
                .body("find { it.type == 'place-order' }.versions.find { it.version == 2 }.stages[1]",
                        contains("reserve-inventory", "authorize-payment"));
    }

    @Test
    void aSagaOfAVersionNoLongerRegisteredIsFailedLoudlyAndNothingIsSent() throws Exception {
        UUID order = participants.placeOrder();
        UUID saga = Participants.sagaOf(participants.awaitCommand(order, MessageTypes.RESERVE_INVENTORY, 1));
        assertThat(PostgresTestResource.current().count("WITH changed AS (UPDATE saga_instance"
                + " SET definition_version = 7 WHERE id = CAST(? AS uuid) RETURNING 1) SELECT count(*) FROM changed",
                saga.toString())).isEqualTo(1);

        participants.reply(saga, "reserve-inventory", MessageTypes.INVENTORY_RESERVED, new InventoryReserved(order));
        participants.reply(saga, "authorize-payment", MessageTypes.PAYMENT_AUTHORIZED,
                new PaymentAuthorized(order, UUID.randomUUID()));

        await().atMost(Participants.AT_MOST).until(() -> Participants.status(saga).equals("FAILED"));
        given().auth().oauth2(Tokens.admin()).get("/sagas/" + saga).then().statusCode(200)
                .body("saga.version", is(7))
                .body("saga.failureReason", containsString("started on place-order v7"));
        assertThat(participants.commandsOf(saga, MessageTypes.SCHEDULE_SHIPMENT)).isEmpty();
        given().auth().oauth2(Tokens.admin()).get("/sagas/definitions").then().statusCode(200)
                .body("find { it.type == 'place-order' }.versions.find { it.version == 7 }.registered", is(false))
                .body("find { it.type == 'place-order' }.versions.find { it.version == 7 }.openByStatus.FAILED",
                        is(1));
    }

    @Test
    void aConfiguredCurrentVersionThatIsNotRegisteredStopsTheStart() {
        List<SagaDefinition<?>> all = definitions.stream().toList();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SagaRegistry(all, type -> Optional.of(3)))
                .hasMessageContaining("saga.definitions.place-order.current-version is 3")
                .hasMessageContaining("[1, 2]");
    }

    /** The orchestrator as configured before the switch: the same beans, new place-order sagas start on {@code v}. */
    private Sagas sagasStartingOn(int version) {
        SagaRegistry before = new SagaRegistry(definitions.stream().toList(),
                type -> type.equals(PlaceOrderSaga.TYPE) ? Optional.of(version) : Optional.empty());
        return new Sagas(before, store, outbox, clock, changes, progress, tracing, resendBudget, false);
    }

    private static UUID startOn(Sagas sagas, UUID orderId) {
        return QuarkusTransaction.requiringNew().call(() -> sagas.start(PlaceOrderSaga.TYPE, orderId.toString(),
                PlaceOrderData.from(Participants.placed(orderId))).orElseThrow());
    }

    /**
     * The steps whose command left in a transition of its own, after the step before it had succeeded, in the
     * order they left: from the saga's timeline, as written.
     */
    private static List<String> sentAfterTheStepBefore(UUID saga) throws Exception {
        List<String> sentAlone = new ArrayList<>();
        try (var c = PostgresTestResource.current().connect(); var ps = c.prepareStatement(
                "SELECT kind, step FROM saga_timeline WHERE saga_id = ? ORDER BY id")) {
            ps.setObject(1, saga);
            try (var rs = ps.executeQuery()) {
                boolean succeededSinceLastSend = true; // the start counts as the step before the first
                while (rs.next()) {
                    switch (rs.getString(1)) {
                        case "STEP_SUCCEEDED" -> succeededSinceLastSend = true;
                        case "COMMAND_SENT" -> {
                            if (succeededSinceLastSend) {
                                sentAlone.add(rs.getString(2));
                            }
                            succeededSinceLastSend = false;
                        }
                        default -> {
                        }
                    }
                }
            }
        }
        return sentAlone;
    }
}
