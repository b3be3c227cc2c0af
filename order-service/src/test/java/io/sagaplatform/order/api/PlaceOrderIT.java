package io.sagaplatform.order.api;

import static io.restassured.RestAssured.given;
import static io.sagaplatform.testing.KafkaProbe.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.sagaplatform.testing.Tokens;
import io.sagaplatform.contracts.Headers;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.contracts.WireFormat;
import io.sagaplatform.contracts.order.OrderPlaced;
import io.sagaplatform.testing.KafkaProbe;
import io.sagaplatform.testing.PostgresTestResource;
import io.sagaplatform.testing.ServiceTestProfile;

/** POST /orders through the real stack: REST → Postgres (order + outbox) → Debezium → Kafka. */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class PlaceOrderIT {

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
    void placingAnOrderStoresItPendingAndPublishesExactlyOneOrderPlaced() {
        String customer = "alice-" + UUID.randomUUID().toString().substring(0, 8);
        var response = given().auth().oauth2(Tokens.customer(customer)).contentType(ContentType.JSON).body(OrderRequests.valid(customer))
                .when().post("/orders")
                .then().statusCode(201)
                .body("status", is("PENDING"))
                .body("totalAmount", equalTo(2.90f))
                .extract();
        String id = response.path("id");
        assertThat(response.header("Location")).endsWith("/orders/" + id);

        given().auth().oauth2(Tokens.operator("ops")).get("/orders/" + id).then().statusCode(200).body("status", is("PENDING"))
                .body("customerId", is(customer)).body("lines", hasSize(2));

        List<ConsumerRecord<String, byte[]>> placed = events.await(1, r -> id.equals(r.key()), AT_MOST);
        ConsumerRecord<String, byte[]> record = placed.get(0);
        assertThat(header(record, Headers.CE_TYPE)).isEqualTo(MessageTypes.ORDER_PLACED.name());
        assertThat(header(record, Headers.CE_SOURCE)).isEqualTo("/order-service");
        OrderPlaced event = WireFormat.decode(MessageTypes.ORDER_PLACED, record.value());
        assertThat(event.orderId()).isEqualTo(UUID.fromString(id));
        assertThat(event.totalAmount()).isEqualByComparingTo(new BigDecimal("2.90"));
        assertThat(event.lines()).hasSize(2);
        // and it stays exactly one
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> events.records(r -> id.equals(r.key())).size() == 1);
    }

    @Test
    void repeatingARequestWithItsIdempotencyKeyReturnsTheFirstOrder() {
        String key = "key-" + UUID.randomUUID();
        String body = OrderRequests.valid("bob");
        String first = given().auth().oauth2(Tokens.customer("bob")).contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .post("/orders").then().statusCode(201).header("Idempotent-Replayed", "false").extract().path("id");
        // the same request with other whitespace and key order is the same request
        String reordered = body.replace("\"currency\":\"EUR\",", "").replace("{\"customerId\"",
                "{ \"currency\" : \"EUR\", \"customerId\"").replace("0.40", "0.4");
        String second = given().auth().oauth2(Tokens.customer("bob")).contentType(ContentType.JSON).header("Idempotency-Key", key).body(reordered)
                .post("/orders").then().statusCode(201).header("Idempotent-Replayed", "true").extract().path("id");

        assertThat(second).isEqualTo(first);
        assertThat(orders("bob", first)).isEqualTo(1);
        assertThat(outboxRows(first)).isEqualTo(1);
    }

    @Test
    void reusingAnIdempotencyKeyWithAnotherBodyIsRefusedAndStoresNothing() {
        String key = "key-" + UUID.randomUUID();
        given().auth().oauth2(Tokens.customer("carol")).contentType(ContentType.JSON).header("Idempotency-Key", key).body(OrderRequests.valid("carol"))
                .post("/orders").then().statusCode(201);
        long ordersBefore = totalOrders();

        given().auth().oauth2(Tokens.customer("carol")).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(OrderRequests.valid("carol").replace("\"quantity\":2", "\"quantity\":3"))
                .post("/orders")
                .then().statusCode(422).contentType("application/problem+json")
                .body("status", is(422))
                .body("detail", org.hamcrest.Matchers.containsString(key));
        assertThat(totalOrders()).isEqualTo(ordersBefore);
    }

    @Test
    void anIdempotencyKeyIsTheCustomersOwnSoAnotherCustomerUsingItPlacesTheirOwnOrder() {
        String key = "key-" + UUID.randomUUID();
        String dave = "dave-" + UUID.randomUUID().toString().substring(0, 8);
        String gina = "gina-" + UUID.randomUUID().toString().substring(0, 8);
        String davesOrder = given().auth().oauth2(Tokens.customer(dave)).contentType(ContentType.JSON)
                .header("Idempotency-Key", key).body(OrderRequests.valid(dave))
                .post("/orders").then().statusCode(201).header("Idempotent-Replayed", "false").extract().path("id");

        // the same key from another customer tells them nothing about dave: it is a new order of theirs
        String ginasOrder = given().auth().oauth2(Tokens.customer(gina)).contentType(ContentType.JSON)
                .header("Idempotency-Key", key).body(OrderRequests.valid(gina))
                .post("/orders").then().statusCode(201).header("Idempotent-Replayed", "false")
                .body("customerId", is(gina)).extract().path("id");
        assertThat(ginasOrder).isNotEqualTo(davesOrder);
        assertThat(orders(gina, ginasOrder)).isEqualTo(1);
        assertThat(outboxRows(ginasOrder)).isEqualTo(1);

        // each customer's retry answers with their own first order
        given().auth().oauth2(Tokens.customer(dave)).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(OrderRequests.valid(dave)).post("/orders")
                .then().statusCode(201).header("Idempotent-Replayed", "true").body("id", is(davesOrder));
        given().auth().oauth2(Tokens.customer(gina)).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(OrderRequests.valid(gina)).post("/orders")
                .then().statusCode(201).header("Idempotent-Replayed", "true").body("id", is(ginasOrder));
        // and another body under a key the customer used is still refused
        given().auth().oauth2(Tokens.customer(dave)).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(OrderRequests.valid(dave).replace("\"quantity\":2", "\"quantity\":3")).post("/orders")
                .then().statusCode(422).contentType("application/problem+json");
        assertThat(PostgresTestResource.current().count(
                "SELECT count(*) FROM orders WHERE customer_id IN (?, ?)", dave, gina)).isEqualTo(2);
    }

    @Test
    void concurrentRequestsWithOneIdempotencyKeyPlaceOneOrder() throws Exception {
        String key = "key-" + UUID.randomUUID();
        String body = OrderRequests.valid("erin");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<String>> calls = IntStream.range(0, 6).<Callable<String>>mapToObj(i -> () -> given().auth().oauth2(Tokens.customer("erin"))
                    .contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                    .post("/orders").then().statusCode(201).extract().path("id")).toList();
            Set<String> ids = pool.invokeAll(calls).stream().map(PlaceOrderIT::result).collect(Collectors.toSet());
            assertThat(ids).hasSize(1);
            assertThat(outboxRows(ids.iterator().next())).isEqualTo(1);
            assertThat(PostgresTestResource.current().count(
                    "SELECT count(*) FROM orders WHERE customer_id = 'erin'")).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentFirstRequestsOfTwoCustomersWithOneIdempotencyKeyPlaceOneOrderEach() throws Exception {
        String key = "key-" + UUID.randomUUID();
        List<String> customers = List.of("hank-" + UUID.randomUUID().toString().substring(0, 8),
                "iris-" + UUID.randomUUID().toString().substring(0, 8));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<String>> calls = IntStream.range(0, 6).<Callable<String>>mapToObj(i -> () -> {
                String customer = customers.get(i % 2);
                String id = given().auth().oauth2(Tokens.customer(customer)).contentType(ContentType.JSON)
                        .header("Idempotency-Key", key).body(OrderRequests.valid(customer))
                        .post("/orders").then().statusCode(201).extract().path("id");
                return customer + "=" + id;
            }).toList();
            Set<String> answers = pool.invokeAll(calls).stream().map(PlaceOrderIT::result).collect(Collectors.toSet());
            assertThat(answers).as("one order per customer, each answered to all of that customer's requests")
                    .hasSize(2);
            for (String customer : customers) {
                assertThat(PostgresTestResource.current().count(
                        "SELECT count(*) FROM orders WHERE customer_id = ?", customer)).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void listsACustomersOrdersNewestFirst() {
        String customer = "frank-" + UUID.randomUUID().toString().substring(0, 8);
        String older = given().auth().oauth2(Tokens.customer(customer)).contentType(ContentType.JSON).body(OrderRequests.valid(customer)).post("/orders")
                .then().statusCode(201).extract().path("id");
        String newer = given().auth().oauth2(Tokens.customer(customer)).contentType(ContentType.JSON).body(OrderRequests.valid(customer)).post("/orders")
                .then().statusCode(201).extract().path("id");

        given().auth().oauth2(Tokens.customer(customer)).queryParam("customerId", customer).get("/orders")
                .then().statusCode(200).body("id", org.hamcrest.Matchers.contains(newer, older));
    }

    @Test
    void anUnknownOrderIsA404Problem() {
        given().auth().oauth2(Tokens.operator("ops")).get("/orders/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json").body("title", is("Not Found"));
        given().auth().oauth2(Tokens.operator("ops")).get("/orders/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void listingWithoutACustomerIsA400Problem() {
        given().auth().oauth2(Tokens.operator("ops")).get("/orders").then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", is("customerId"));
    }

    @Test
    void aQueryParameterThatIsNotANumberIsA400Problem() {
        given().auth().oauth2(Tokens.customer("alice")).queryParam("customerId", "alice").queryParam("limit", "many").get("/orders")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void servesItsOpenApiDocument() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/orders"));
    }

    private static String result(Future<String> f) {
        try {
            return f.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long orders(String customer, String id) {
        return PostgresTestResource.current().count("SELECT count(*) FROM orders WHERE customer_id = ? AND id = ?::uuid",
                customer, id);
    }

    private static long totalOrders() {
        return PostgresTestResource.current().count("SELECT count(*) FROM orders");
    }

    private static long outboxRows(String orderId) {
        return PostgresTestResource.current().count("SELECT count(*) FROM outbox WHERE aggregate_id = ?", orderId);
    }
}
