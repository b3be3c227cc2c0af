package io.sagaplatform.orchestrator.dashboard;

import static io.restassured.RestAssured.given;
import static io.sagaplatform.testing.KafkaProbe.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.sagaplatform.testing.Tokens;
import io.sagaplatform.contracts.Headers;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.inventory.InventoryFailureReason;
import io.sagaplatform.contracts.inventory.InventoryReleased;
import io.sagaplatform.contracts.inventory.InventoryReserved;
import io.sagaplatform.contracts.order.OrderApproved;
import io.sagaplatform.contracts.order.OrderRejected;
import io.sagaplatform.contracts.payment.PaymentAuthorizationVoided;
import io.sagaplatform.contracts.payment.PaymentCaptured;
import io.sagaplatform.contracts.shipping.ShipmentCancelled;
import io.sagaplatform.orchestrator.triggers.Participants;
import io.sagaplatform.testing.ServiceTestProfile;

/**
 * The dashboard API over sagas driven into every status through the real broker: list and filters,
 * detail with steps and timeline, stats, the live stream, and operator actions with their 409s.
 */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class SagaDashboardIT {

    private static Participants participants;

    @BeforeAll
    static void start() {
        participants = new Participants();
    }

    @AfterAll
    static void stop() {
        participants.close();
    }

    @Test
    void listsFiltersAndDetailsSagasInEveryStatus() {
        UUID running = sagaOf(participants.placeOrder());
        expectListed("RUNNING", running); // nobody answers it: within seconds its step times out
        UUID compensating = compensatingSaga();
        expectListed("COMPENSATING", compensating); // nobody confirms its RejectOrder yet
        UUID completed = completedSaga();
        UUID compensated = compensatedSaga();
        UUID failed = failedAtThePivot();
        UUID aborted = sagaOf(participants.placeOrder());
        given().auth().oauth2(Tokens.operator("ops-anna")).contentType(ContentType.JSON).body("{\"reason\":\"duplicate order\"}")
                .post("/sagas/" + aborted + "/abort").then().statusCode(200).body("status", is("ABORTED"));

        expectListed("COMPLETED", completed);
        expectListed("COMPENSATED", compensated);
        expectListed("FAILED", failed);
        expectListed("ABORTED", aborted);

        given().auth().oauth2(Tokens.admin()).get("/sagas/" + completed).then().statusCode(200)
                .body("saga.status", is("COMPLETED"))
                .body("saga.durationMs", org.hamcrest.Matchers.greaterThanOrEqualTo(0))
                .body("steps.name", org.hamcrest.Matchers.contains("reject-order", "reserve-inventory",
                        "authorize-payment", "schedule-shipment", "approve-order", "capture-payment"))
                .body("steps.findAll { it.name != 'reject-order' }.status", everyItem(is("SUCCEEDED")))
                .body("steps.find { it.name == 'reserve-inventory' }.commandType", is("inventory.ReserveInventory"))
                .body("steps.find { it.name == 'reserve-inventory' }.replyType", is("inventory.InventoryReserved"))
                .body("steps.find { it.name == 'reserve-inventory' }.commandMessageId", org.hamcrest.Matchers.notNullValue())
                .body("timeline.kind", hasItem("SAGA_COMPLETED"))
                .body("allowedActions", org.hamcrest.Matchers.empty());

        given().auth().oauth2(Tokens.admin()).get("/sagas/" + failed).then().statusCode(200)
                .body("allowedActions", org.hamcrest.Matchers.contains("retry", "abort"))
                .body("compensationsIfForced", org.hamcrest.Matchers.empty())
                .body("waitingFor", is("an operator"))
                .body("steps.find { it.name == 'approve-order' }.stage", is(3))
                .body("steps.find { it.name == 'capture-payment' }.stage", is(3))
                .body("actions.action", org.hamcrest.Matchers.contains("retry", "abort"))
                // what its pivot stage still waits for: the approval, and the capture nobody answered either
                .body("actions.find { it.action == 'retry' }.sends.messageType",
                        org.hamcrest.Matchers.contains("order.ApproveOrder", "payment.CapturePayment"))
                .body("actions.find { it.action == 'abort' }.sends", org.hamcrest.Matchers.empty());

        given().auth().oauth2(Tokens.admin()).get("/sagas/" + aborted).then().body("timeline.detail", hasItem(containsString("ops-anna")));

        given().auth().oauth2(Tokens.admin()).queryParam("orderId", orderOf(completed)).get("/sagas").then().statusCode(200)
                .body("total", is(1)).body("items[0].id", is(completed.toString()));
        // orderId is kept as another name for the correlation key; each saga says its type, version and key
        given().auth().oauth2(Tokens.admin()).queryParam("key", orderOf(completed)).queryParam("type", "place-order")
                .get("/sagas").then().statusCode(200)
                .body("total", is(1)).body("items[0].id", is(completed.toString()))
                .body("items[0].type", is("place-order")).body("items[0].version", is(2))
                .body("items[0].keyName", is("orderId")).body("items[0].key", is(orderOf(completed).toString()));
        given().auth().oauth2(Tokens.admin()).queryParam("key", orderOf(completed)).queryParam("type", "no-such-saga")
                .get("/sagas").then().statusCode(200).body("total", is(0));
        given().auth().oauth2(Tokens.admin()).queryParam("version", "two").get("/sagas").then().statusCode(400);
        given().auth().oauth2(Tokens.admin()).queryParam("key", "a\u0000b").get("/sagas").then().statusCode(400);
        given().auth().oauth2(Tokens.admin()).queryParam("orderId", "not-a-uuid").get("/sagas").then().statusCode(400);
        given().auth().oauth2(Tokens.admin()).queryParam("orderId", orderOf(completed)).queryParam("key", "other")
                .get("/sagas").then().statusCode(400);
        given().auth().oauth2(Tokens.admin()).queryParam("stuckFor", "PT0S").queryParam("size", 200).get("/sagas").then().statusCode(200)
                .body("items.id", hasItem(failed.toString()));

        // the stats are cached (2 s in tests): an answer computed before these sagas ended is replaced soon
        await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(Tokens.admin())
                .queryParam("window", "PT1H").get("/sagas/stats").then().statusCode(200)
                .body("countsByStatus.COMPLETED", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("countsByStatus.FAILED", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("durationMs.p50", org.hamcrest.Matchers.notNullValue())
                .body("durationMs.p90", org.hamcrest.Matchers.notNullValue())
                .body("durationMs.p99", org.hamcrest.Matchers.notNullValue()));
    }

    @Test
    void aSagaResendingACommandNobodyAnswersIsStuckAtOnce() {
        UUID saga = sagaOf(participants.placeOrder()); // nobody answers: its command is sent again
        await().atMost(Participants.AT_MOST).pollInterval(java.time.Duration.ofMillis(100)).until(() -> {
            List<java.util.Map<String, Object>> stuck = given().auth().oauth2(Tokens.admin()).queryParam("stuckFor", "PT1H").queryParam("size", 200)
                    .get("/sagas").then().statusCode(200).extract().path("items");
            return stuck.stream().anyMatch(s -> s.get("id").equals(saga.toString())
                    && List.of("RUNNING", "COMPENSATING").contains(s.get("status")) && (Integer) s.get("attempt") > 1);
        });
        await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(Tokens.admin())
                .queryParam("stuckFor", "PT1H").get("/sagas/stats").then().statusCode(200)
                .body("stuck", org.hamcrest.Matchers.greaterThanOrEqualTo(1)));
    }

    @Test
    void anOperatorRetriesTheStuckStepOfAFailedSagaUnderANewMessageId() {
        UUID saga = failedAtThePivot();
        String stuckId = header(participants.commandsOf(saga, MessageTypes.APPROVE_ORDER).get(0), Headers.CE_ID);

        given().auth().oauth2(Tokens.operator("ops-ben")).post("/sagas/" + saga + "/retry").then().statusCode(200)
                .body("status", is("RUNNING"));
        await().atMost(java.time.Duration.ofSeconds(60)).until(() -> participants.commandsOf(saga, MessageTypes.APPROVE_ORDER)
                .stream().anyMatch(r -> !stuckId.equals(header(r, Headers.CE_ID))));
        participants.reply(saga, "approve-order", MessageTypes.ORDER_APPROVED, new OrderApproved(orderOf(saga)));
        participants.awaitCommand(orderOf(saga), MessageTypes.CAPTURE_PAYMENT, 1);
        given().auth().oauth2(Tokens.admin()).get("/sagas/" + saga).then().body("timeline.kind", hasItem("OPERATOR_RETRY"));
    }

    @Test
    void aSagaAtItsPivotCannotBeCompensatedAndALateApprovalCompletesIt() {
        UUID saga = failedAtThePivot();
        UUID order = orderOf(saga);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"reason\":\"customer called\"}")
                .post("/sagas/" + saga + "/compensate").then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("at or past its pivot"));
        assertThat(participants.commandsOf(saga, MessageTypes.CANCEL_SHIPMENT)).isEmpty();

        // order-service approves after all: the FAILED saga takes the late reply and finishes
        participants.reply(saga, "approve-order", MessageTypes.ORDER_APPROVED, new OrderApproved(order));
        participants.reply(saga, "capture-payment", MessageTypes.PAYMENT_CAPTURED, new PaymentCaptured(order));
        await().atMost(Participants.AT_MOST).until(() -> Participants.status(saga).equals("COMPLETED"));
    }

    @Test
    void anOperatorForcesCompensationOfASagaWaitingOnShippingAndWhatIsAnnouncedIsWhatLeaves() {
        UUID order = participants.placeOrder();
        UUID saga = sagaOf(order);
        participants.passFirstStage(saga, order);
        participants.awaitCommand(order, MessageTypes.SCHEDULE_SHIPMENT, 1);
        // what the dashboard's confirmation announces...
        List<String> announced = given().auth().oauth2(Tokens.admin()).get("/sagas/" + saga).then().statusCode(200)
                .body("actions.find { it.action == 'compensate' }.sends.step", org.hamcrest.Matchers.contains(
                        "schedule-shipment", "reserve-inventory", "authorize-payment", "reject-order"))
                .body("actions.find { it.action == 'compensate' }.sends.compensation", everyItem(is(true)))
                .extract().path("actions.find { it.action == 'compensate' }.sends.messageType");
        assertThat(announced).containsExactly("shipping.CancelShipment", "inventory.ReleaseInventory",
                "payment.VoidPaymentAuthorization", "order.RejectOrder");

        // ...is what leaves, in that order: the shipment in flight first, then the first stage's two together
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"reason\":\"shipment lost\"}").post("/sagas/" + saga + "/compensate")
                .then().statusCode(200).body("status", is("COMPENSATING"));
        participants.awaitCommand(order, MessageTypes.CANCEL_SHIPMENT, 1);
        assertThat(participants.commandsOf(saga, MessageTypes.RELEASE_INVENTORY)).isEmpty();
        participants.reply(saga, "schedule-shipment", MessageTypes.SHIPMENT_CANCELLED, new ShipmentCancelled(order, false));
        participants.awaitCommand(order, MessageTypes.RELEASE_INVENTORY, 1);
        participants.awaitCommand(order, MessageTypes.VOID_PAYMENT_AUTHORIZATION, 1);
        participants.reply(saga, "authorize-payment", MessageTypes.PAYMENT_AUTHORIZATION_VOIDED,
                new PaymentAuthorizationVoided(order, false));
        participants.reply(saga, "reserve-inventory", MessageTypes.INVENTORY_RELEASED, new InventoryReleased(order, false));
        participants.awaitCommand(order, MessageTypes.REJECT_ORDER, 1);
    }

    @Test
    void actionsTheSagaStateDoesNotAllowAre409Problems() {
        UUID completed = completedSaga();
        given().auth().oauth2(Tokens.admin()).post("/sagas/" + completed + "/retry").then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("Only a FAILED saga can be retried"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{}").post("/sagas/" + completed + "/abort").then().statusCode(409);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{}").post("/sagas/" + completed + "/compensate").then().statusCode(409);
        given().auth().oauth2(Tokens.admin()).post("/sagas/" + UUID.randomUUID() + "/retry").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void theDoorPanelSaysSoWhenOrderServiceCannotBeAsked() {
        // no order-service runs beside this test: the answer says why instead of failing the page
        given().auth().oauth2(Tokens.operator("ops-door")).get("/sagas/admission").then().statusCode(200)
                .body("reachable", is(false))
                .body("detail", containsString("/admission"));
        given().auth().oauth2(Tokens.customer("alice")).get("/sagas/admission").then().statusCode(403);
    }

    @Test
    void badQueriesAre400Problems() {
        given().auth().oauth2(Tokens.admin()).queryParam("status", "HAPPY").get("/sagas").then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", is("status"));
        given().auth().oauth2(Tokens.admin()).queryParam("from", "yesterday").get("/sagas").then().statusCode(400);
        given().auth().oauth2(Tokens.admin()).queryParam("stuckFor", "5 minutes").get("/sagas").then().statusCode(400);
        given().auth().oauth2(Tokens.admin()).queryParam("size", 0).get("/sagas").then().statusCode(400);
        given().auth().oauth2(Tokens.admin()).queryParam("window", "PT0S").get("/sagas/stats").then().statusCode(400);
        // present but blank: a 400 problem, not the 500 of an empty Optional
        given().auth().oauth2(Tokens.admin()).queryParam("window", " ").get("/sagas/stats").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).get("/sagas/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).get("/sagas/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void theLiveStreamCarriesStateChangesAsTheyCommit() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<java.util.stream.Stream<String>> lines = client.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/sagas/stream")).header("Accept", "text/event-stream")
                        .header("Authorization", "Bearer " + Tokens.operator("ops-watcher")).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(lines.statusCode()).isEqualTo(200);
        Thread reader = new Thread(() -> {
            try (var stream = lines.body()) {
                stream.forEach(received::add);
            } catch (java.io.UncheckedIOException closed) {
                // the server ends the stream when the application stops; nothing to assert then
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
        UUID order = participants.placeOrder();
        await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> received.stream().anyMatch(l -> l.startsWith("data:") && l.contains(order.toString())
                        && l.contains("RUNNING")));
    }

    private void expectListed(String status, UUID saga) {
        given().auth().oauth2(Tokens.admin()).queryParam("status", status).queryParam("size", 200).get("/sagas").then().statusCode(200)
                .body("items.id", hasItem(saga.toString()))
                .body("items.status", everyItem(is(status)));
    }

    private UUID sagaOf(UUID orderId) {
        return Participants.sagaOf(participants.awaitCommand(orderId, MessageTypes.RESERVE_INVENTORY, 1));
    }

    private static UUID orderOf(UUID saga) {
        String id = given().auth().oauth2(Tokens.admin()).get("/sagas/" + saga).then().statusCode(200).extract().path("saga.key");
        return UUID.fromString(id);
    }

    private UUID completedSaga() {
        UUID order = participants.placeOrder();
        UUID saga = sagaOf(order);
        participants.passFirstStage(saga, order);
        participants.passSchedule(saga, order);
        participants.awaitCommand(order, MessageTypes.APPROVE_ORDER, 1);
        participants.reply(saga, "approve-order", MessageTypes.ORDER_APPROVED, new OrderApproved(order));
        participants.awaitCommand(order, MessageTypes.CAPTURE_PAYMENT, 1);
        participants.reply(saga, "capture-payment", MessageTypes.PAYMENT_CAPTURED, new PaymentCaptured(order));
        await().atMost(Participants.AT_MOST).until(() -> Participants.status(saga).equals("COMPLETED"));
        return saga;
    }

    private UUID compensatedSaga() {
        UUID order = participants.placeOrder();
        UUID saga = sagaOf(order);
        participants.failFirstStage(saga, order, InventoryFailureReason.UNKNOWN_SKU, "SKU-NOPE");
        participants.awaitCommand(order, MessageTypes.REJECT_ORDER, 1);
        participants.reply(saga, "reject-order", MessageTypes.ORDER_REJECTED, new OrderRejected(order, "x"));
        await().atMost(Participants.AT_MOST).until(() -> Participants.status(saga).equals("COMPENSATED"));
        return saga;
    }

    private UUID compensatingSaga() {
        UUID order = participants.placeOrder();
        UUID saga = sagaOf(order);
        participants.failFirstStage(saga, order, InventoryFailureReason.OUT_OF_STOCK, "SKU-APPLE");
        participants.awaitCommand(order, MessageTypes.REJECT_ORDER, 1);
        return saga;
    }

    /** Every step answered except approve-order: after its attempts the outcome is unknown past the point of no return. */
    private UUID failedAtThePivot() {
        UUID order = participants.placeOrder();
        UUID saga = sagaOf(order);
        participants.passFirstStage(saga, order);
        participants.passSchedule(saga, order);
        await().atMost(Participants.AT_MOST).until(() -> Participants.status(saga).equals("FAILED"));
        return saga;
    }
}
