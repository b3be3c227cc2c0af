package io.sagaplatform.order.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.sagaplatform.testing.ServiceTestProfile;
import io.sagaplatform.testing.Tokens;

/**
 * Every pooled connection busy (a lock held under a burst of orders, a slow database): a request that cannot get
 * one within the pool's acquisition timeout is answered 503 problem+json with {@code Retry-After} — a client's cue
 * to send it again — not a 500, and the same request sent again once a connection is free places the order once.
 */
@QuarkusTest
@TestProfile(PoolExhaustedIT.SmallPool.class)
class PoolExhaustedIT {

    /** A pool small enough to drain from the test, and a short wait for a connection. */
    public static class SmallPool extends ServiceTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("quarkus.datasource.jdbc.max-size", "4");
            config.put("quarkus.datasource.jdbc.acquisition-timeout", "1s");
            return config;
        }
    }

    @Inject
    AgroalDataSource pool;

    @Test
    void anOrderThatGetsNoConnectionIsA503WithRetryAfterAndIsPlacedOnceWhenSentAgain() throws SQLException {
        String customer = "pool-" + UUID.randomUUID().toString().substring(0, 8);
        String key = "pool-" + customer;
        List<Connection> taken = drain();
        try {
            assertThat(taken).as("the pool's connections, all taken by the test").isNotEmpty();

            post(customer, key).then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "2")
                    .body("status", is(503))
                    .body("type", containsString("database-unavailable"))
                    .body("detail", containsString("Retry-After"));
        } finally {
            for (Connection c : taken) {
                c.close();
            }
        }

        String id = post(customer, key).then().statusCode(201).extract().path("id");
        String again = post(customer, key).then().statusCode(201).extract().path("id");
        assertThat(again).as("the key holds one order").isEqualTo(id);
        given().auth().oauth2(Tokens.customer(customer)).get("/orders?customerId=" + customer).then()
                .statusCode(200).body("size()", is(1));
    }

    /** Takes connections until the pool has none left to give (some may be held by the service's own work). */
    private List<Connection> drain() {
        List<Connection> taken = new ArrayList<>();
        while (true) {
            try {
                taken.add(pool.getConnection());
            } catch (SQLException exhausted) {
                return taken;
            }
        }
    }

    private static Response post(String customer, String idempotencyKey) {
        return given().auth().oauth2(Tokens.customer(customer)).contentType(ContentType.JSON)
                .header("Idempotency-Key", idempotencyKey).body(OrderRequests.valid(customer)).post("/orders");
    }
}
