package io.sagaplatform.order.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.contracts.order.RejectOrder;
import io.sagaplatform.testing.KafkaProbe;
import io.sagaplatform.testing.ServiceTestProfile;
import io.sagaplatform.testing.TestMessages;
import io.sagaplatform.testing.Scrape;
import io.sagaplatform.testing.Tokens;

/** The door of POST /orders: beyond the in-flight limit an order is refused with 429 before anything is stored. */
@QuarkusTest
@TestProfile(AdmissionIT.ThreeInFlight.class)
class AdmissionIT {

    /** A limit small enough to reach with a few requests; the count is re-read every 100 ms. */
    public static class ThreeInFlight extends ServiceTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("saga.order.admission.max-in-flight", "3");
            config.put("saga.order.admission.refresh-every", "100ms");
            config.put("saga.order.admission.retry-after", "2s");
            return config;
        }
    }

    private static final Duration AT_MOST = Duration.ofSeconds(60);

    @Inject
    EntityManager em;

    @Test
    void refusesOrdersBeyondTheInFlightLimitWithoutStoringThemAndTakesThemAgainOnceOneIsDecided() {
        String customer = "adm-" + UUID.randomUUID().toString().substring(0, 8);
        // the door counts a request from the moment it lets it through; once answered, an invalid one holds no room
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(Tokens.customer(customer)).contentType(ContentType.JSON).body("{}").post("/orders")
                    .then().statusCode(400);
        }
        List<String> placed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            placed.add(post(customer, "adm-" + customer + "-" + i).then().statusCode(201).extract().path("id"));
        }
        long ordersBefore = orders();
        long outboxBefore = outboxRows();

        ExtractableResponse<Response> refused = post(customer, "adm-" + customer + "-3").then()
                .statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", "2")
                .body("status", is(429))
                .body("type", containsString("overloaded"))
                .body("detail", containsString("3 orders in flight (limit 3)"))
                .extract();
        assertThat(refused.time()).as("a refusal is answered at once").isLessThan(5_000);
        assertThat(orders()).as("no order stored").isEqualTo(ordersBefore);
        assertThat(outboxRows()).as("no OrderPlaced written").isEqualTo(outboxBefore);
        Scrape door = Scrape.metrics();
        assertThat(door.value("saga_orders_rejected_total", Map.of("reason", "overloaded"))).isGreaterThanOrEqualTo(1);
        assertThat(door.value("saga_orders_in_flight_limit", Map.of())).isEqualTo(3);
        door.writeNames(); // the names deploy-tests holds the Grafana dashboard's queries to
        // what an operator (and the dashboard) sees of the door
        given().auth().oauth2(Tokens.operator("ops-door")).get("/admission").then().statusCode(200)
                .body("accepting", is(false)).body("inFlight", is(3)).body("limit", is(3))
                .body("rejectedLastMinute", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("rejectedTotal", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        given().auth().oauth2(Tokens.customer(customer)).get("/admission").then().statusCode(403)
                .contentType("application/problem+json");

        // one saga decides its order: there is room again
        KafkaProbe.send(TestMessages.saga(Topics.ORDER_COMMANDS, MessageTypes.REJECT_ORDER,
                new RejectOrder(UUID.fromString(placed.get(0)), "OUT_OF_STOCK: SKU-APPLE"), UUID.randomUUID(),
                "reject-order", 1, UUID.randomUUID().toString()));
        await().atMost(AT_MOST).untilAsserted(() -> post(customer, "adm-" + customer + "-3").then().statusCode(201));
        assertThat(orders()).isEqualTo(ordersBefore + 1);
    }

    private static Response post(String customer, String idempotencyKey) {
        return given().auth().oauth2(Tokens.customer(customer)).contentType(ContentType.JSON)
                .header("Idempotency-Key", idempotencyKey).body(OrderRequests.valid(customer)).post("/orders");
    }

    private long orders() {
        return count("SELECT count(*) FROM orders");
    }

    private long outboxRows() {
        return count("SELECT count(*) FROM outbox");
    }

    private long count(String sql) {
        return QuarkusTransaction.requiringNew()
                .call(() -> ((Number) em.createNativeQuery(sql).getSingleResult()).longValue());
    }
}
