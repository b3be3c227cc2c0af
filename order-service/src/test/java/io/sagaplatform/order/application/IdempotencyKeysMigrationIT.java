package io.sagaplatform.order.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import io.sagaplatform.testing.TestDatabase;

/**
 * The migration that makes Idempotency-Keys per customer, run over keys stored before it: each keeps its order and
 * gets that order's customer, and afterwards another customer may hold the same key while one customer may not
 * hold it twice.
 */
class IdempotencyKeysMigrationIT {

    @Test
    void keysStoredBeforeTheMigrationBelongToTheirOrdersCustomer() throws SQLException {
        try (TestDatabase db = TestDatabase.create()) {
            migrate(db, "2");
            UUID alicesOrder = UUID.randomUUID();
            UUID bobsOrder = UUID.randomUUID();
            try (Connection c = db.connect()) {
                insertOrder(c, alicesOrder, "alice");
                insertOrder(c, bobsOrder, "bob");
                insertKey(c, "INSERT INTO idempotency_keys (idempotency_key, request_hash, order_id, created_at)"
                        + " VALUES (?, ?, CAST(? AS uuid), now())", "key-1", alicesOrder);
                insertKey(c, "INSERT INTO idempotency_keys (idempotency_key, request_hash, order_id, created_at)"
                        + " VALUES (?, ?, CAST(? AS uuid), now())", "key-2", bobsOrder);
            }

            migrate(db, "latest");

            assertThat(db.count("SELECT count(*) FROM idempotency_keys WHERE idempotency_key = 'key-1'"
                    + " AND customer_id = 'alice' AND order_id = CAST(? AS uuid)", alicesOrder.toString())).isEqualTo(1);
            assertThat(db.count("SELECT count(*) FROM idempotency_keys WHERE idempotency_key = 'key-2'"
                    + " AND customer_id = 'bob' AND order_id = CAST(? AS uuid)", bobsOrder.toString())).isEqualTo(1);
            try (Connection c = db.connect()) {
                UUID bobsSecond = UUID.randomUUID();
                insertOrder(c, bobsSecond, "bob");
                String insert = "INSERT INTO idempotency_keys (customer_id, idempotency_key, request_hash, order_id,"
                        + " created_at) VALUES ('bob', ?, ?, CAST(? AS uuid), now())";
                insertKey(c, insert, "key-1", bobsSecond); // alice's key, now bob's too
                assertThatThrownBy(() -> insertKey(c, insert, "key-2", bobsSecond))
                        .as("one customer, one order per key").isInstanceOf(SQLException.class)
                        .hasMessageContaining("idempotency_keys_pkey");
            }
        }
    }

    private static void migrate(TestDatabase db, String target) {
        Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).locations("classpath:db/migration")
                .target(target).load().migrate();
    }

    private static void insertOrder(Connection c, UUID id, String customer) throws SQLException {
        try (var ps = c.prepareStatement("""
                INSERT INTO orders (id, customer_id, status, currency, total_amount, ship_recipient, ship_street,
                    ship_city, ship_postal_code, ship_country, placed_at, version)
                VALUES (CAST(? AS uuid), ?, 'PENDING', 'EUR', 1.00, 'R', '1 Main St', 'Lyon', '69001', 'FR', now(), 0)""")) {
            ps.setString(1, id.toString());
            ps.setString(2, customer);
            ps.executeUpdate();
        }
    }

    private static void insertKey(Connection c, String sql, String key, UUID order) throws SQLException {
        try (var ps = c.prepareStatement(sql)) {
            ps.setString(1, key);
            ps.setString(2, "0".repeat(64));
            ps.setString(3, order.toString());
            ps.executeUpdate();
        }
    }
}
