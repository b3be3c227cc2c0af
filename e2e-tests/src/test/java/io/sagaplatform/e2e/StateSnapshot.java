package io.sagaplatform.e2e;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import io.sagaplatform.testing.PlatformStack;

/**
 * Every business table of every service — and each service's outbox and inbox — as a row count and an md5 of
 * all its rows, so that "nothing changed" is one equality. Rows a test changes on purpose are left out by a
 * filter on their table, naming exactly which rows (e.g. the marker rows of a compensation the test sent).
 */
record StateSnapshot(Map<String, String> tables) {

    /** service → its tables, each with the columns that order its rows. */
    private static final Map<String, List<String>> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("order-service", List.of("orders", "order_lines", "idempotency_keys", "outbox", "inbox"));
        TABLES.put("inventory-service", List.of("stock_items", "reservations", "reservation_lines", "outbox", "inbox"));
        TABLES.put("payment-service", List.of("customers", "authorizations", "outbox", "inbox"));
        TABLES.put("shipping-service", List.of("shipments", "shipment_lines", "unserviceable_destinations", "outbox",
                "inbox"));
        TABLES.put("orchestrator", List.of("saga_instance", "saga_timeline", "outbox", "inbox"));
    }

    /** Every table in full. */
    static StateSnapshot of(PlatformStack stack) {
        return of(stack, Map.of());
    }

    /**
     * Every table; {@code excluded} maps {@code service.table} to an SQL condition on the table's row {@code t}
     * selecting the rows to leave out.
     */
    static StateSnapshot of(PlatformStack stack, Map<String, String> excluded) {
        Map<String, String> tables = new LinkedHashMap<>();
        TABLES.forEach((service, names) -> {
            try (Connection c = stack.database(service).connect(); Statement st = c.createStatement()) {
                for (String table : names) {
                    String key = service + "." + table;
                    String where = excluded.containsKey(key) ? "NOT (" + excluded.get(key) + ")" : "true";
                    try (ResultSet rs = st.executeQuery("SELECT count(*), coalesce(md5(string_agg(t::text, ','"
                            + " ORDER BY t::text)), '-') FROM " + table + " t WHERE " + where)) {
                        rs.next();
                        tables.put(key, rs.getLong(1) + " rows, md5 " + rs.getString(2));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(service + ": " + e.getMessage(), e);
            }
        });
        return new StateSnapshot(tables);
    }

    /** Rows that tests change on purpose, by {@code service.table}. */
    static final class Exclusions {

        /** The scratch SKU and customer the REST suite sends valid admin requests to. */
        static final Map<String, String> SCRATCH = Map.of(
                "inventory-service.stock_items", "t.sku = '" + BadInputs.SCRATCH_SKU + "'",
                "payment-service.customers", "t.customer_id = '" + BadInputs.SCRATCH_CUSTOMER + "'");

        private Exclusions() {
        }
    }

    /**
     * The state once the platform is quiet: no saga moving and two snapshots a second apart equal (a reply in
     * flight would otherwise land between "before" and "after").
     */
    static StateSnapshot settled(PlatformStack stack, Map<String, String> excluded) {
        AtomicReference<StateSnapshot> last = new AtomicReference<>(of(stack, excluded));
        await("the platform to be quiet").atMost(Duration.ofSeconds(90)).pollDelay(Duration.ofSeconds(1))
                .pollInterval(Duration.ofSeconds(1)).until(() -> {
                    StateSnapshot now = of(stack, excluded);
                    boolean stable = Invariants.activeSagas(stack) == 0 && now.equals(last.get());
                    last.set(now);
                    return stable;
                });
        return last.get();
    }

    /** The tables whose content differs from {@code before}, each with both states; empty when equal. */
    List<String> changesSince(StateSnapshot before) {
        List<String> changes = new ArrayList<>();
        tables.forEach((table, now) -> {
            if (!Objects.equals(before.tables.get(table), now)) {
                changes.add(table + ": " + before.tables.get(table) + " -> " + now);
            }
        });
        return changes;
    }
}
