package io.sagaplatform.order.api;

import static io.restassured.RestAssured.given;
import static io.sagaplatform.testing.KafkaProbe.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.sagaplatform.contracts.Headers;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.contracts.WireFormat;
import io.sagaplatform.contracts.order.ApproveOrder;
import io.sagaplatform.contracts.order.OrderCancellationRequested;
import io.sagaplatform.contracts.order.RejectOrder;
import io.sagaplatform.testing.KafkaProbe;
import io.sagaplatform.testing.PostgresTestResource;
import io.sagaplatform.testing.ServiceTestProfile;
import io.sagaplatform.testing.TestMessages;
import io.sagaplatform.testing.Tokens;

/**
 * POST /orders/{id}/cancel through the real stack: who may cancel what, the 409 for an order that is not APPROVED,
 * Idempotency-Keys, bad input, and the OrderCancellationRequested that leaves through the outbox.
 */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class CancelOrderIT {

    private static final Duration AT_MOST = Duration.ofSeconds(60);
    private static KafkaProbe events;

    @BeforeAll
    static void readOrderEvents() {
        events = KafkaProbe.reading(Topics.ORDER_EVENTS);
    }

    @AfterAll
    static void close() {
        events.close();
    }

    @Test
    void aCustomerCancelsTheirApprovedOrderWhichBecomesCancellingAndAsksForACancelOrderSaga() {
        String customer = customer("alice");
        String id = approvedOrder(customer);

        given().auth().oauth2(Tokens.customer(customer)).contentType(ContentType.JSON)
                .body("{\"reason\":\"ordered the wrong size\"}")
                .post("/orders/" + id + "/cancel")
                .then().statusCode(202)
                .header("Location", endsWith("/orders/" + id))
                .header("Idempotent-Replayed", "false")
                .body("status", is("CANCELLING"))
                .body("cancellationRequestedBy", is(customer))
                .body("cancellationReason", is("ordered the wrong size"));

        ConsumerRecord<String, byte[]> record = events.await(1, r -> id.equals(r.key())
                && MessageTypes.ORDER_CANCELLATION_REQUESTED.name().equals(header(r, Headers.CE_TYPE)), AT_MOST).get(0);
        OrderCancellationRequested event = WireFormat.decode(MessageTypes.ORDER_CANCELLATION_REQUESTED, record.value());
        assertThat(event.orderId()).isEqualTo(UUID.fromString(id));
        assertThat(event.customerId()).isEqualTo(customer);
        assertThat(event.requestedBy()).isEqualTo(customer);
        assertThat(event.reason()).isEqualTo("ordered the wrong size");
        given().auth().oauth2(Tokens.customer(customer)).get("/orders/" + id).then().statusCode(200)
                .body("status", is("CANCELLING"));
    }

    @Test
    void anOperatorCancelsAnyOrderWithoutABody() {
        String id = approvedOrder(customer("bob"));

        given().auth().oauth2(Tokens.operator("anna")).post("/orders/" + id + "/cancel")
                .then().statusCode(202).body("status", is("CANCELLING")).body("cancellationRequestedBy", is("anna"));

        assertThat(cancellationEvents(id)).isEqualTo(1);
    }

    @Test
    void aCustomerCannotCancelAnotherCustomersOrderWhichIsAnsweredLikeAMissingOne() {
        String id = approvedOrder(customer("carol"));

        given().auth().oauth2(Tokens.customer(customer("mallory"))).post("/orders/" + id + "/cancel")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.operator("ops")).get("/orders/" + id).then().body("status", is("APPROVED"));
        assertThat(cancellationEvents(id)).isZero();
    }

    @Test
    void anUnknownOrderOrAnIdThatIsNotAUuidIsA404Problem() {
        given().auth().oauth2(Tokens.operator("ops")).post("/orders/" + UUID.randomUUID() + "/cancel")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.operator("ops")).post("/orders/not-a-uuid/cancel")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void onlyAnApprovedOrderCanBeCancelledOthersAre409ProblemsThatChangeNothing() {
        String customer = customer("dave");
        String pending = placeOrder(customer);
        given().auth().oauth2(Tokens.customer(customer)).post("/orders/" + pending + "/cancel")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", endsWith("/not-cancellable"))
                .body("detail", containsString("it is PENDING"));

        String rejected = placeOrder(customer);
        KafkaProbe.send(TestMessages.saga(Topics.ORDER_COMMANDS, MessageTypes.REJECT_ORDER,
                new RejectOrder(UUID.fromString(rejected), "declined"), UUID.randomUUID(), "reject-order", 1,
                TestMessages.newId()));
        await().atMost(AT_MOST).untilAsserted(() -> given().auth().oauth2(Tokens.customer(customer))
                .get("/orders/" + rejected).then().body("status", is("REJECTED")));
        given().auth().oauth2(Tokens.customer(customer)).post("/orders/" + rejected + "/cancel")
                .then().statusCode(409).body("detail", containsString("REJECTED"));

        String cancelling = approvedOrder(customer);
        given().auth().oauth2(Tokens.customer(customer)).post("/orders/" + cancelling + "/cancel")
                .then().statusCode(202);
        given().auth().oauth2(Tokens.customer(customer)).post("/orders/" + cancelling + "/cancel")
                .then().statusCode(409).body("detail", containsString("CANCELLING already"));

        given().auth().oauth2(Tokens.operator("ops")).get("/orders/" + pending).then().body("status", is("PENDING"));
        assertThat(cancellationEvents(pending) + cancellationEvents(rejected)).isZero();
        assertThat(cancellationEvents(cancelling)).isEqualTo(1);
    }

    @Test
    void repeatingACancellationWithItsIdempotencyKeyAnswersTheSameAndRequestsOnce() {
        String customer = customer("erin");
        String id = approvedOrder(customer);
        String key = "cancel-" + UUID.randomUUID();

        String requestedAt = given().auth().oauth2(Tokens.customer(customer)).header("Idempotency-Key", key)
                .post("/orders/" + id + "/cancel")
                .then().statusCode(202).header("Idempotent-Replayed", "false").body("status", is("CANCELLING"))
                .extract().path("cancellationRequestedAt");
        given().auth().oauth2(Tokens.customer(customer)).header("Idempotency-Key", key).post("/orders/" + id + "/cancel")
                .then().statusCode(202).header("Idempotent-Replayed", "true").body("id", is(id))
                .body("status", is("CANCELLING")).body("cancellationRequestedAt", is(requestedAt));
        // the same key for another request of this customer is refused
        given().auth().oauth2(Tokens.customer(customer)).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body("{\"reason\":\"changed my mind\"}").post("/orders/" + id + "/cancel")
                .then().statusCode(422).contentType("application/problem+json").body("detail", containsString(key));

        assertThat(cancellationEvents(id)).isEqualTo(1);
    }

    @Test
    void concurrentCancellationsWithOneIdempotencyKeyAreAllAcceptedAndRequestOnce() throws Exception {
        String customer = customer("frank");
        String id = approvedOrder(customer);
        String key = "cancel-" + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> calls = IntStream.range(0, 4).<Callable<Integer>>mapToObj(i -> () -> given()
                    .auth().oauth2(Tokens.customer(customer)).header("Idempotency-Key", key)
                    .post("/orders/" + id + "/cancel").then().extract().statusCode()).toList();
            Set<Integer> statuses = pool.invokeAll(calls).stream().map(f -> {
                try {
                    return f.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).collect(Collectors.toSet());
            assertThat(statuses).containsExactly(202);
            assertThat(cancellationEvents(id)).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentCancellationsWithoutAKeyAcceptOneAndRefuseTheOthersWith409() throws Exception {
        String customer = customer("hank");
        String id = approvedOrder(customer);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> calls = IntStream.range(0, 4).<Callable<Integer>>mapToObj(i -> () -> given()
                    .auth().oauth2(Tokens.customer(customer)).post("/orders/" + id + "/cancel").then().extract()
                    .statusCode()).toList();
            List<Integer> statuses = pool.invokeAll(calls).stream().map(f -> {
                try {
                    return f.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
            assertThat(statuses).containsOnly(202, 409).containsOnlyOnce(202);
            assertThat(cancellationEvents(id)).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badInputIsA4xxProblemAndChangesNothing() {
        String customer = customer("gina");
        String id = approvedOrder(customer);

        given().auth().oauth2(Tokens.customer(customer)).contentType(ContentType.JSON)
                .body("{\"reason\":\"" + "x".repeat(501) + "\"}").post("/orders/" + id + "/cancel")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(Tokens.customer(customer)).contentType(ContentType.JSON)
                .body("{\"reason\":\"\"}").post("/orders/" + id + "/cancel")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(Tokens.customer(customer)).contentType(ContentType.JSON)
                .body("{\"reason\":\"a\\u0000b\"}").post("/orders/" + id + "/cancel")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(Tokens.customer(customer)).contentType(ContentType.JSON)
                .body("{\"reason\":").post("/orders/" + id + "/cancel")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(Tokens.customer(customer)).contentType(ContentType.JSON)
                .body("{\"why\":\"no\"}").post("/orders/" + id + "/cancel")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(Tokens.customer(customer)).header("Idempotency-Key", "")
                .post("/orders/" + id + "/cancel")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(Tokens.customer(customer)).header("Idempotency-Key", "with space")
                .post("/orders/" + id + "/cancel")
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.TEXT).body("please").auth().oauth2(Tokens.customer(customer))
                .post("/orders/" + id + "/cancel")
                .then().statusCode(415).contentType("application/problem+json");
        given().post("/orders/" + id + "/cancel").then().statusCode(401).contentType("application/problem+json");

        given().auth().oauth2(Tokens.customer(customer)).get("/orders/" + id).then().body("status", is("APPROVED"));
        assertThat(cancellationEvents(id)).isZero();
    }

    private static String customer(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String placeOrder(String customer) {
        return given().auth().oauth2(Tokens.customer(customer)).contentType(ContentType.JSON)
                .body(OrderRequests.valid(customer)).post("/orders").then().statusCode(201).extract().path("id");
    }

    /** An order placed and approved by its saga's ApproveOrder, sent on Kafka as the orchestrator sends it. */
    static String approvedOrder(String customer) {
        String id = placeOrder(customer);
        KafkaProbe.send(TestMessages.saga(Topics.ORDER_COMMANDS, MessageTypes.APPROVE_ORDER,
                new ApproveOrder(UUID.fromString(id)), UUID.randomUUID(), "approve-order", 1, TestMessages.newId()));
        await().atMost(AT_MOST).untilAsserted(() -> given().auth().oauth2(Tokens.operator("ops"))
                .get("/orders/" + id).then().body("status", is("APPROVED")));
        return id;
    }

    private static long cancellationEvents(String orderId) {
        return PostgresTestResource.current().count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND type = ?",
                orderId, MessageTypes.ORDER_CANCELLATION_REQUESTED.name());
    }
}
