package io.sagaplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

import io.sagaplatform.testing.PlatformStack;

/**
 * What must hold whenever the platform is quiet, checked straight in each service's database:
 * stock is conserved and matches the live reservations; money held matches the open authorizations;
 * every order is decided and its saga ended the matching way.
 */
final class Invariants {

    private Invariants() {
    }

    static void check(PlatformStack stack) {
        stockIsConserved(stack);
        moneyIsConserved(stack);
        everyOrderHasOneTerminalStateMatchingItsSaga(stack);
    }

    /** Sagas still moving; the invariants are only meaningful once there are none. */
    static long activeSagas(PlatformStack stack) {
        return stack.database("orchestrator").count(
                "SELECT count(*) FROM saga_instance WHERE status IN ('RUNNING', 'COMPENSATING')");
    }

    static void stockIsConserved(PlatformStack stack) {
        Map<String, Long> reservedByLines = new HashMap<>();
        query(stack, "inventory-service", """
                SELECT l.sku, sum(l.quantity) FROM reservation_lines l
                JOIN reservations r ON r.order_id = l.order_id AND r.status = 'RESERVED' GROUP BY l.sku""",
                rs -> reservedByLines.put(rs.getString(1), rs.getLong(2)));
        query(stack, "inventory-service", "SELECT sku, available, reserved FROM stock_items", rs -> {
            String sku = rs.getString(1);
            long available = rs.getLong(2);
            long reserved = rs.getLong(3);
            if (Shop.seededStock().containsKey(sku)) {
                assertThat(available + reserved).as("stock of %s: available + reserved = seeded", sku)
                        .isEqualTo(Shop.seededStock().get(sku));
            }
            assertThat(reserved).as("reserved %s = lines of live reservations", sku)
                    .isEqualTo(reservedByLines.getOrDefault(sku, 0L));
        });
    }

    static void moneyIsConserved(PlatformStack stack) {
        Map<String, BigDecimal> open = new HashMap<>();
        query(stack, "payment-service", """
                SELECT customer_id, sum(amount) FROM authorizations
                WHERE status IN ('AUTHORIZED', 'CAPTURED') GROUP BY customer_id""",
                rs -> open.put(rs.getString(1), rs.getBigDecimal(2)));
        query(stack, "payment-service", "SELECT customer_id, held, credit_limit FROM customers", rs -> {
            BigDecimal held = rs.getBigDecimal(2);
            assertThat(held).as("held by %s = open + captured authorizations", rs.getString(1))
                    .isEqualByComparingTo(open.getOrDefault(rs.getString(1), BigDecimal.ZERO));
            assertThat(held).isLessThanOrEqualTo(rs.getBigDecimal(3));
        });
    }

    static void everyOrderHasOneTerminalStateMatchingItsSaga(PlatformStack stack) {
        Map<String, String> orders = new HashMap<>();
        query(stack, "order-service", "SELECT id::text, status FROM orders", rs -> orders.put(rs.getString(1), rs.getString(2)));
        Map<String, String> refusedCancellations = new HashMap<>();
        query(stack, "order-service", "SELECT id::text, cancellation_refused_reason FROM orders"
                + " WHERE cancellation_refused_reason IS NOT NULL",
                rs -> refusedCancellations.put(rs.getString(1), rs.getString(2)));
        Map<String, String> sagas = new HashMap<>();
        query(stack, "orchestrator", "SELECT correlation_key, status FROM saga_instance WHERE saga_type = 'place-order'",
                rs -> assertThat(sagas.put(rs.getString(1), rs.getString(2))).as("one saga per order").isNull());
        Map<String, String> cancelSagas = new HashMap<>();
        query(stack, "orchestrator", "SELECT correlation_key, status FROM saga_instance WHERE saga_type = 'cancel-order'",
                rs -> assertThat(cancelSagas.put(rs.getString(1), rs.getString(2)))
                        .as("one cancel-order saga per order").isNull());
        orders.forEach((order, status) -> {
            assertThat(status).as("order %s decided", order).isIn("APPROVED", "REJECTED", "CANCELLED");
            String expected = status.equals("REJECTED") ? "COMPENSATED" : "COMPLETED";
            assertThat(sagas.get(order)).as("place-order saga of %s order %s", status, order).isEqualTo(expected);
            // cancelled: its cancel-order saga completed; approved: none, or one that refused (compensated)
            String cancel = cancelSagas.get(order);
            if (status.equals("CANCELLED")) {
                assertThat(cancel).as("cancel-order saga of cancelled order %s", order).isEqualTo("COMPLETED");
            } else if (refusedCancellations.containsKey(order)) {
                assertThat(cancel).as("cancel-order saga of order %s, cancellation refused", order)
                        .isEqualTo("COMPENSATED");
            } else {
                assertThat(cancel).as("cancel-order saga of %s order %s", status, order).isNull();
            }
        });
        // an approved order's reservation, authorization and shipment are live; a rejected one's are not
        Map<String, String> reservations = new HashMap<>();
        query(stack, "inventory-service", "SELECT order_id::text, status FROM reservations",
                rs -> reservations.put(rs.getString(1), rs.getString(2)));
        Map<String, String> authorizations = new HashMap<>();
        query(stack, "payment-service", "SELECT order_id::text, status FROM authorizations",
                rs -> authorizations.put(rs.getString(1), rs.getString(2)));
        Map<String, String> shipments = new HashMap<>();
        query(stack, "shipping-service", "SELECT order_id::text, status FROM shipments",
                rs -> shipments.put(rs.getString(1), rs.getString(2)));
        orders.forEach((order, status) -> {
            if (status.equals("CANCELLED")) {
                // stock back to available, money back on the credit line, the shipment withdrawn: each once
                assertThat(reservations.get(order)).as("reservation of cancelled %s", order).isEqualTo("RESTOCKED");
                assertThat(authorizations.get(order)).as("payment of cancelled %s", order).isEqualTo("REFUNDED");
                assertThat(shipments.get(order)).as("shipment of cancelled %s", order).isEqualTo("WITHDRAWN");
            } else if (status.equals("APPROVED")) {
                assertThat(reservations.get(order)).as("reservation of approved %s", order).isEqualTo("RESERVED");
                assertThat(authorizations.get(order)).as("payment of approved %s", order).isEqualTo("CAPTURED");
            } else {
                assertThat(reservations.getOrDefault(order, "NONE")).as("reservation of rejected %s", order)
                        .isNotEqualTo("RESERVED");
                assertThat(authorizations.getOrDefault(order, "NONE")).as("payment of rejected %s", order)
                        .isIn("NONE", "VOIDED", "CANCELLED");
            }
        });
    }

    @FunctionalInterface
    interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    private static void query(PlatformStack stack, String service, String sql, Row row) {
        try (Connection c = stack.database(service).connect(); var st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                row.accept(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(service + ": " + sql + ": " + e.getMessage(), e);
        }
    }
}
