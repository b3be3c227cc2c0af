package io.sagaplatform.order.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.sagaplatform.testing.ServiceTestProfile;
import io.sagaplatform.testing.Tokens;

/**
 * A request that met a database it could not have for a while is answered 503 problem+json with
 * {@code Retry-After} — a client's cue to send it again — not a 500, and the same request sent again once the
 * database can be had places the order once. Two ways to meet it: every pooled connection busy (a lock held under a
 * burst of orders, a slow database) past the pool's acquisition timeout; and a transaction that outlives the
 * transaction timeout while it waits for a lock (an operator's long transaction, a migration), which the transaction
 * manager ends — its statement cancelled or, when it was rolled back between statements, its commit finding it gone
 * ({@code RollbackException}; messaging's {@code TransientFailuresTest} has that shape).
 */
@QuarkusTest
@TestProfile(DatabaseUnavailableIT.ShortWaits.class)
class DatabaseUnavailableIT {

    /** A pool small enough to drain from the test, a short wait for a connection, a short transaction timeout. */
    public static class ShortWaits extends ServiceTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("quarkus.datasource.jdbc.max-size", "4");
            config.put("quarkus.datasource.jdbc.acquisition-timeout", "1s");
            config.put("quarkus.transaction-manager.default-transaction-timeout", "5s");
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
            assertDatabaseUnavailable(post(customer, key));
        } finally {
            for (Connection c : taken) {
                c.close();
            }
        }
        assertPlacedOnceWhenSentAgain(customer, key);
    }

    @Test
    void anOrderWhoseTransactionTimedOutBehindALockIsA503AndIsPlacedOnceWhenSentAgain() throws Exception {
        String customer = "timeout-" + UUID.randomUUID().toString().substring(0, 8);
        String key = "timeout-" + customer;
        try (Connection holder = pool.getConnection()) {
            holder.setAutoCommit(false);
            try (Statement st = holder.createStatement()) {
                st.execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE");
            }
            CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(() -> post(customer, key));
            Awaitility.await("a request waiting for the lock").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100)).until(() -> requestsWaitingForALock() > 0);
            // answered while the lock is still held: the transaction manager ended the transaction at its timeout
            Awaitility.await("the waiting request answered").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100)).until(waiting::isDone);
            assertDatabaseUnavailable(waiting.get());
            holder.commit();
        }
        assertPlacedOnceWhenSentAgain(customer, key);
    }

    private static void assertDatabaseUnavailable(Response response) {
        response.then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "2")
                .body("status", is(503))
                .body("type", containsString("database-unavailable"))
                .body("detail", containsString("Retry-After"));
    }

    private static void assertPlacedOnceWhenSentAgain(String customer, String key) {
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

    private long requestsWaitingForALock() throws SQLException {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND wait_event_type = 'Lock'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Response post(String customer, String idempotencyKey) {
        return given().auth().oauth2(Tokens.customer(customer)).contentType(ContentType.JSON)
                .header("Idempotency-Key", idempotencyKey).body(OrderRequests.valid(customer)).post("/orders");
    }
}
