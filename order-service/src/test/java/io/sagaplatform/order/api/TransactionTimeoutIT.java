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
import java.util.HashMap;
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
 * A request whose transaction outlives the transaction timeout while it waits for a lock (an operator's long
 * transaction, a migration) is ended by the transaction manager: its statement is cancelled, or — when the
 * transaction was rolled back between statements — its commit finds it gone ({@code RollbackException}, "the
 * transaction is not active"; messaging's {@code TransientFailuresTest} has that shape). Either way the database
 * was unavailable for a while, not a defect: 503 problem+json with {@code Retry-After}, and the same request sent
 * again once the lock is released places the order once.
 */
@QuarkusTest
@TestProfile(TransactionTimeoutIT.ShortTransactions.class)
class TransactionTimeoutIT {

    /** A transaction timeout short enough to pass while the test holds the lock. */
    public static class ShortTransactions extends ServiceTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("quarkus.transaction-manager.default-transaction-timeout", "5s");
            return config;
        }
    }

    @Inject
    AgroalDataSource pool;

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
            waiting.get().then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "2")
                    .body("type", containsString("database-unavailable"));
            holder.commit();
        }

        String id = post(customer, key).then().statusCode(201).extract().path("id");
        assertThat(post(customer, key).then().statusCode(201).extract().<String>path("id"))
                .as("the key holds one order").isEqualTo(id);
        given().auth().oauth2(Tokens.customer(customer)).get("/orders?customerId=" + customer).then()
                .statusCode(200).body("size()", is(1));
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
