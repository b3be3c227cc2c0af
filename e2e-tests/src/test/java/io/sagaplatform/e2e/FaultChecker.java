package io.sagaplatform.e2e;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.sagaplatform.contracts.Topics;
import io.sagaplatform.e2e.OrderMix.PlannedOrder;
import io.sagaplatform.testing.PlatformStack;

/**
 * What must hold once a platform that went through faults has healed, read straight from each service's
 * database. Every finding is collected (not thrown), so that one run reports all of them.
 */
final class FaultChecker {

    /** Which service consumes each topic the services publish through their outboxes. */
    static final Map<String, String> CONSUMER_OF = Map.of(
            Topics.ORDER_EVENTS, "orchestrator",
            Topics.SAGA_REPLIES, "orchestrator",
            Topics.ORDER_COMMANDS, "order-service",
            Topics.INVENTORY_COMMANDS, "inventory-service",
            Topics.PAYMENT_COMMANDS, "payment-service",
            Topics.SHIPPING_COMMANDS, "shipping-service");

    /** Rejection reasons of a saga whose step got no reply in time: consistent, but not the path's own outcome. */
    private static final List<String> TIMEOUT_REASONS = List.of("no reply after", "saga deadline");

    /** The rejection reason of a saga whose compensation an operator forced. */
    private static final String OPERATOR_COMPENSATION = "compensation forced by";

    record Result(int sagas, int completed, int compensated, int timedOut, int injectedApplied,
            List<String> violations) {
    }

    private final PlatformStack stack;

    FaultChecker(PlatformStack stack) {
        this.stack = stack;
    }

    /** Quiet: every saga of {@code expectedOrders} orders ended and every published message was consumed. */
    boolean settled(int expectedOrders) {
        long sagas = count("orchestrator", "SELECT count(*) FROM saga_instance");
        long active = count("orchestrator",
                "SELECT count(*) FROM saga_instance WHERE status IN ('RUNNING', 'COMPENSATING')");
        long pending = count("order-service", "SELECT count(*) FROM orders WHERE status = 'PENDING'");
        return sagas >= expectedOrders && active == 0 && pending == 0 && unconsumed().isEmpty();
    }

    Result check(Map<UUID, PlannedOrder> placed, int requested, Map<String, Long> stockBefore,
            Set<String> injectedFreshIds, Map<String, List<String>> deadLetters, Set<UUID> compensatedByOperator) {
        List<String> violations = new ArrayList<>();

        // --- idempotency: each key the clients sent holds exactly the order they were answered with ---------
        Map<String, UUID> keys = new HashMap<>();
        query("order-service", "SELECT idempotency_key, order_id FROM idempotency_keys",
                rs -> keys.put(rs.getString(1), rs.getObject(2, UUID.class)));
        if (placed.size() != requested) {
            violations.add(requested + " orders requested but " + placed.size() + " distinct orders answered");
        }
        placed.forEach((order, plan) -> {
            if (!order.equals(keys.get(plan.key()))) {
                violations.add("Idempotency-Key " + plan.key() + " was answered with order " + order
                        + " but holds " + keys.get(plan.key()));
            }
        });
        if (new HashSet<>(keys.values()).size() != keys.size()) {
            violations.add("one order is stored under several Idempotency-Keys");
        }

        // --- orders and sagas --------------------------------------------------------------------------
        Map<UUID, String[]> orders = new HashMap<>(); // status, reason, total
        query("order-service", "SELECT id, status, coalesce(rejection_reason, ''), total_amount FROM orders",
                rs -> orders.put(rs.getObject(1, UUID.class),
                        new String[] { rs.getString(2), rs.getString(3), rs.getBigDecimal(4).toPlainString() }));
        Map<UUID, List<String>> sagas = new HashMap<>();
        query("orchestrator", "SELECT correlation_key::uuid, status FROM saga_instance WHERE saga_type = 'place-order'",
                rs -> sagas.computeIfAbsent(rs.getObject(1, UUID.class), o -> new ArrayList<>()).add(rs.getString(2)));
        int completed = 0;
        int compensated = 0;
        int timedOut = 0;
        for (UUID order : orders.keySet()) {
            if (!placed.containsKey(order)) {
                violations.add("order " + order + " exists but no client placed it (an Idempotency-Key placed twice?)");
            }
        }
        for (Map.Entry<UUID, PlannedOrder> e : placed.entrySet()) {
            UUID order = e.getKey();
            PlannedOrder plan = e.getValue();
            String[] row = orders.get(order);
            List<String> sagaStatuses = sagas.getOrDefault(order, List.of());
            if (row == null) {
                violations.add("order " + order + " (" + plan.key() + ") was accepted but is not stored");
                continue;
            }
            if (sagaStatuses.size() != 1) {
                violations.add("order " + order + " has " + sagaStatuses.size() + " sagas " + sagaStatuses);
                continue;
            }
            String status = row[0];
            String saga = sagaStatuses.get(0);
            if (saga.equals("COMPLETED")) {
                completed++;
            } else if (saga.equals("COMPENSATED")) {
                compensated++;
            }
            if (!List.of("COMPLETED", "COMPENSATED").contains(saga)) {
                violations.add("saga of order " + order + " (" + plan.path() + ") ended " + saga + ", order " + status);
                continue;
            }
            String expected = saga.equals("COMPLETED") ? "APPROVED" : "REJECTED";
            if (!status.equals(expected)) {
                violations.add("order " + order + " is " + status + " but its saga " + saga);
                continue;
            }
            boolean timeout = status.equals("REJECTED") && TIMEOUT_REASONS.stream().anyMatch(row[1]::contains);
            if (compensatedByOperator.contains(order)) {
                // the operator's forced compensation was accepted: it decides, whatever the path would have
                if (!status.equals("REJECTED") || !row[1].contains(OPERATOR_COMPENSATION)) {
                    violations.add("order " + order + " was compensated by an operator but ended " + status + " '"
                            + row[1] + "'");
                }
            } else if (timeout) {
                timedOut++;
            } else if (!status.equals(plan.path().status)
                    || (plan.path().reason != null && !row[1].contains(plan.path().reason))) {
                violations.add("order " + order + " (" + plan.path() + ") ended " + status + " '" + row[1]
                        + "', expected " + plan.path().status + (plan.path().reason == null ? "" : " " + plan.path().reason));
            }
            if (new BigDecimal(row[2]).compareTo(plan.total()) != 0) {
                violations.add("order " + order + " total " + row[2] + " but placed for " + plan.total());
            }
        }

        // --- stock: conserved per SKU, reserved only for approved orders -------------------------------------
        Map<String, Long> totals = new HashMap<>();
        Map<String, Long> reserved = new HashMap<>();
        query("inventory-service", "SELECT sku, available + reserved, reserved FROM stock_items", rs -> {
            totals.put(rs.getString(1), rs.getLong(2));
            reserved.put(rs.getString(1), rs.getLong(3));
        });
        Map<String, Long> reservedByLines = new HashMap<>();
        query("inventory-service", """
                SELECT l.sku, sum(l.quantity) FROM reservation_lines l
                JOIN reservations r ON r.order_id = l.order_id AND r.status = 'RESERVED' GROUP BY l.sku""",
                rs -> reservedByLines.put(rs.getString(1), rs.getLong(2)));
        stockBefore.forEach((sku, before) -> {
            if (!before.equals(totals.get(sku))) {
                violations.add("stock of " + sku + ": available + reserved = " + totals.get(sku) + ", was " + before);
            }
        });
        reserved.forEach((sku, units) -> {
            if (units.longValue() != reservedByLines.getOrDefault(sku, 0L)) {
                violations.add("stock of " + sku + ": reserved " + units + " but live reservations hold "
                        + reservedByLines.getOrDefault(sku, 0L));
            }
        });
        Map<UUID, String> reservations = new HashMap<>();
        query("inventory-service", "SELECT order_id, status FROM reservations",
                rs -> reservations.put(rs.getObject(1, UUID.class), rs.getString(2)));
        Map<UUID, Long> reservedUnits = new HashMap<>();
        query("inventory-service", "SELECT order_id, sum(quantity) FROM reservation_lines GROUP BY order_id",
                rs -> reservedUnits.put(rs.getObject(1, UUID.class), rs.getLong(2)));

        // --- money: one authorization per order, none left open, held = open + captured -----------------------
        Map<UUID, String[]> authorizations = new HashMap<>(); // status, amount
        query("payment-service", "SELECT order_id, status, amount FROM authorizations",
                rs -> authorizations.put(rs.getObject(1, UUID.class), new String[] { rs.getString(2),
                        rs.getBigDecimal(3) == null ? null : rs.getBigDecimal(3).toPlainString() }));
        Map<String, BigDecimal> holding = new HashMap<>();
        query("payment-service", """
                SELECT customer_id, sum(amount) FROM authorizations
                WHERE status IN ('AUTHORIZED', 'CAPTURED') GROUP BY customer_id""",
                rs -> holding.put(rs.getString(1), rs.getBigDecimal(2)));
        query("payment-service", "SELECT customer_id, held, credit_limit FROM customers", rs -> {
            BigDecimal held = rs.getBigDecimal(2);
            BigDecimal expected = holding.getOrDefault(rs.getString(1), BigDecimal.ZERO);
            if (held.compareTo(expected) != 0) {
                violations.add("customer " + rs.getString(1) + " holds " + held + " but open + captured authorizations"
                        + " amount to " + expected);
            }
            if (held.compareTo(rs.getBigDecimal(3)) > 0) {
                violations.add("customer " + rs.getString(1) + " holds " + held + " over the limit " + rs.getBigDecimal(3));
            }
        });
        Map<UUID, String> shipments = new HashMap<>();
        query("shipping-service", "SELECT order_id, status FROM shipments",
                rs -> shipments.put(rs.getObject(1, UUID.class), rs.getString(2)));

        for (Map.Entry<UUID, String[]> e : orders.entrySet()) {
            UUID order = e.getKey();
            String status = e.getValue()[0];
            String reservation = reservations.getOrDefault(order, "NONE");
            String[] auth = authorizations.get(order);
            String authStatus = auth == null ? "NONE" : auth[0];
            String shipment = shipments.getOrDefault(order, "NONE");
            PlannedOrder plan = placed.get(order);
            if (status.equals("APPROVED")) {
                if (!reservation.equals("RESERVED")) {
                    violations.add("approved order " + order + ": reservation " + reservation);
                } else if (plan != null && reservedUnits.getOrDefault(order, 0L) != plan.quantity()) {
                    violations.add("approved order " + order + ": " + reservedUnits.get(order) + " units reserved, ordered "
                            + plan.quantity());
                }
                if (!authStatus.equals("CAPTURED")) {
                    violations.add("approved order " + order + ": payment " + authStatus);
                } else if (new BigDecimal(auth[1]).compareTo(new BigDecimal(e.getValue()[2])) != 0) {
                    violations.add("approved order " + order + ": captured " + auth[1] + " of " + e.getValue()[2]);
                }
                if (!shipment.equals("SCHEDULED")) {
                    violations.add("approved order " + order + ": shipment " + shipment);
                }
            } else if (status.equals("REJECTED")) {
                if (reservation.equals("RESERVED")) {
                    violations.add("rejected order " + order + ": stock left reserved");
                }
                if (!List.of("NONE", "VOIDED", "CANCELLED").contains(authStatus)) {
                    violations.add("rejected order " + order + ": authorization left " + authStatus);
                }
                if (!List.of("NONE", "CANCELLED").contains(shipment)) {
                    violations.add("rejected order " + order + ": shipment left " + shipment);
                }
            } else {
                violations.add("order " + order + " still " + status);
            }
        }

        // --- exactly once: every published message applied by its consumer; nothing applied that no one sent ---
        unconsumed().forEach(missing -> violations.add("never applied: " + missing));
        int injectedApplied = 0;
        Map<String, Set<String>> published = publishedByConsumer();
        for (String consumer : new HashSet<>(CONSUMER_OF.values())) {
            Set<String> sent = published.getOrDefault(consumer, Set.of());
            for (String id : inbox(consumer)) {
                if (sent.contains(id)) {
                    continue;
                }
                if (injectedFreshIds.contains(id)) {
                    injectedApplied++;
                } else {
                    violations.add(consumer + " applied message " + id + " that no outbox published");
                }
            }
        }
        deadLetters.forEach((topic, records) -> records
                .forEach(r -> violations.add("dead-lettered on " + topic + ": " + r)));

        return new Result(placed.size(), completed, compensated, timedOut, injectedApplied, violations);
    }

    /** Published messages (outbox message ids) their consumer has not applied (no inbox row), as text. */
    List<String> unconsumed() {
        List<String> missing = new ArrayList<>();
        publishedByConsumer().forEach((consumer, ids) -> {
            Set<String> applied = inbox(consumer);
            ids.stream().filter(id -> !applied.contains(id)).sorted().limit(50)
                    .forEach(id -> missing.add(id + " by " + consumer));
        });
        return missing;
    }

    private Map<String, Set<String>> publishedByConsumer() {
        Map<String, Set<String>> published = new HashMap<>();
        for (String producer : PlatformStack.SERVICES) {
            query(producer, "SELECT DISTINCT message_id, topic FROM outbox", rs -> {
                String consumer = CONSUMER_OF.get(rs.getString(2));
                if (consumer != null) {
                    published.computeIfAbsent(consumer, c -> new HashSet<>()).add(rs.getString(1));
                }
            });
        }
        return published;
    }

    private Set<String> inbox(String consumer) {
        Set<String> ids = new HashSet<>();
        query(consumer, "SELECT message_id FROM inbox WHERE consumer = '" + consumer + "'",
                rs -> ids.add(rs.getString(1)));
        return ids;
    }

    private long count(String service, String sql) {
        return stack.database(service).count(sql);
    }

    @FunctionalInterface
    private interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    private void query(String service, String sql, Row row) {
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
