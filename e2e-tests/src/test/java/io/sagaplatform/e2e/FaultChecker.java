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
import io.sagaplatform.e2e.OrderMix.Cancellation;
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

    /** The reason a withdrawal is refused for once the shipment left: the cancellation's refusal names it. */
    private static final String DISPATCHED = "ALREADY_DISPATCHED";

    record Result(int sagas, int completed, int compensated, int timedOut, int injectedApplied, int cancelled,
            int cancelRefused, List<String> violations) {
    }

    /**
     * Place-order sagas whose definition version is known beforehand: those in flight when the orchestrator was
     * redeployed on another version (by saga id: they keep the one they started on) and the orders placed right after
     * (by order id: their sagas start on the new one).
     */
    record PinnedVersions(Map<UUID, Integer> bySaga, Map<UUID, Integer> byOrder) {
    }

    private final PlatformStack stack;

    FaultChecker(PlatformStack stack) {
        this.stack = stack;
    }

    /**
     * Quiet: the place-order sagas of {@code expectedOrders} orders and the cancel-order sagas of
     * {@code expectedCancellations} accepted cancellations exist, every saga ended, no order is PENDING or
     * CANCELLING, and every published message was consumed.
     */
    boolean settled(int expectedOrders, int expectedCancellations) {
        long sagas = count("orchestrator", "SELECT count(*) FROM saga_instance WHERE saga_type = 'place-order'");
        long cancelSagas = count("orchestrator", "SELECT count(*) FROM saga_instance WHERE saga_type = 'cancel-order'");
        long active = count("orchestrator",
                "SELECT count(*) FROM saga_instance WHERE status IN ('RUNNING', 'COMPENSATING')");
        long undecided = count("order-service",
                "SELECT count(*) FROM orders WHERE status IN ('PENDING', 'CANCELLING')");
        return sagas >= expectedOrders && cancelSagas >= expectedCancellations && active == 0 && undecided == 0
                && unconsumed().isEmpty();
    }

    /**
     * @param cancellations the accepted cancellations by order: {@link Cancellation#CANCEL} must end CANCELLED with
     *        money and stock back and the shipment withdrawn, {@link Cancellation#DISPATCHED_THEN_CANCEL} refused
     */
    Result check(Map<UUID, PlannedOrder> placed, int requested, Map<String, Long> stockBefore,
            Set<String> injectedFreshIds, Map<String, List<String>> deadLetters, Set<UUID> compensatedByOperator,
            Map<UUID, Cancellation> cancellations, PinnedVersions pinned) {
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
        Map<UUID, String[]> orders = new HashMap<>(); // status, reason, total, cancellation refused reason
        query("order-service", "SELECT id, status, coalesce(rejection_reason, ''), total_amount,"
                + " coalesce(cancellation_refused_reason, '') FROM orders",
                rs -> orders.put(rs.getObject(1, UUID.class), new String[] { rs.getString(2), rs.getString(3),
                        rs.getBigDecimal(4).toPlainString(), rs.getString(5) }));
        Map<UUID, List<String>> sagas = new HashMap<>();
        query("orchestrator", "SELECT correlation_key::uuid, status FROM saga_instance WHERE saga_type = 'place-order'",
                rs -> sagas.computeIfAbsent(rs.getObject(1, UUID.class), o -> new ArrayList<>()).add(rs.getString(2)));
        Map<UUID, List<String>> cancelSagas = new HashMap<>();
        query("orchestrator", "SELECT correlation_key::uuid, status FROM saga_instance WHERE saga_type = 'cancel-order'",
                rs -> cancelSagas.computeIfAbsent(rs.getObject(1, UUID.class), o -> new ArrayList<>())
                        .add(rs.getString(2)));
        int completed = 0;
        int compensated = 0;
        int timedOut = 0;
        int cancelled = 0;
        int cancelRefused = 0;
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
            Cancellation cancellation = cancellations.get(order);
            // a completed place-order saga's order is APPROVED, or CANCELLED once its customer's cancellation went through
            String expected = !saga.equals("COMPLETED") ? "REJECTED"
                    : cancellation == Cancellation.CANCEL ? "CANCELLED" : "APPROVED";
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
            } else if (!status.equals(cancellation == Cancellation.CANCEL ? "CANCELLED" : plan.path().status)
                    || (plan.path().reason != null && !row[1].contains(plan.path().reason))) {
                violations.add("order " + order + " (" + plan.path() + ") ended " + status + " '" + row[1]
                        + "', expected " + plan.path().status + (plan.path().reason == null ? "" : " " + plan.path().reason));
            }
            if (new BigDecimal(row[2]).compareTo(plan.total()) != 0) {
                violations.add("order " + order + " total " + row[2] + " but placed for " + plan.total());
            }
        }

        // --- cancellations: one cancel-order saga per accepted request, none for any other order -------------
        for (Map.Entry<UUID, String[]> e : orders.entrySet()) {
            UUID order = e.getKey();
            String status = e.getValue()[0];
            String refusal = e.getValue()[3];
            Cancellation cancellation = cancellations.get(order);
            List<String> cancelling = cancelSagas.getOrDefault(order, List.of());
            if (cancellation == null) {
                if (!cancelling.isEmpty()) {
                    violations.add("order " + order + " has cancel-order sagas " + cancelling
                            + " but nobody's cancellation was accepted");
                }
                if (!refusal.isEmpty()) {
                    violations.add("order " + order + " was never cancelled but has a refusal '" + refusal + "'");
                }
                continue;
            }
            if (cancelling.size() != 1) {
                violations.add("cancelled order " + order + " has " + cancelling.size() + " cancel-order sagas "
                        + cancelling);
                continue;
            }
            String saga = cancelling.get(0);
            if (cancellation == Cancellation.CANCEL) {
                if (saga.equals("COMPLETED") && status.equals("CANCELLED") && refusal.isEmpty()) {
                    cancelled++;
                } else {
                    violations.add("order " + order + " cancelled before dispatch: cancel-order saga " + saga
                            + ", order " + status + (refusal.isEmpty() ? "" : " refused '" + refusal + "'")
                            + "; expected COMPLETED and CANCELLED");
                }
            } else if (saga.equals("COMPENSATED") && status.equals("APPROVED") && refusal.contains(DISPATCHED)) {
                cancelRefused++;
            } else {
                violations.add("order " + order + " cancelled after dispatch: cancel-order saga " + saga + ", order "
                        + status + " refused '" + refusal + "'; expected COMPENSATED, APPROVED and " + DISPATCHED);
            }
        }

        // --- definition versions: a saga keeps the one it started on; orders placed after a change take the new one
        Map<UUID, Integer> versionBySaga = new HashMap<>();
        Map<UUID, Integer> versionByOrder = new HashMap<>();
        query("orchestrator", "SELECT id, correlation_key::uuid, definition_version FROM saga_instance"
                + " WHERE saga_type = 'place-order'", rs -> {
                    versionBySaga.put(rs.getObject(1, UUID.class), rs.getInt(3));
                    versionByOrder.put(rs.getObject(2, UUID.class), rs.getInt(3));
                });
        pinned.bySaga().forEach((saga, version) -> {
            if (!version.equals(versionBySaga.get(saga))) {
                violations.add("saga " + saga + " was in flight on place-order v" + version
                        + " when the orchestrator was redeployed, but ended on v" + versionBySaga.get(saga));
            }
        });
        pinned.byOrder().forEach((order, version) -> {
            if (!version.equals(versionByOrder.get(order))) {
                violations.add("order " + order + " was placed after the switch to place-order v" + version
                        + " but its saga runs v" + versionByOrder.get(order));
            }
        });

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
                        + " (refunded ones released) amount to " + expected);
            }
            if (held.compareTo(rs.getBigDecimal(3)) > 0) {
                violations.add("customer " + rs.getString(1) + " holds " + held + " over the limit " + rs.getBigDecimal(3));
            }
        });
        // money across customers: what every refund gave back is exactly what the cancelled orders had cost
        BigDecimal refunded = authorizations.values().stream().filter(a -> a[0].equals("REFUNDED"))
                .map(a -> new BigDecimal(a[1])).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal cancelledTotal = orders.values().stream().filter(o -> o[0].equals("CANCELLED"))
                .map(o -> new BigDecimal(o[2])).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (refunded.compareTo(cancelledTotal) != 0) {
            violations.add("refunds amount to " + refunded + " but the cancelled orders to " + cancelledTotal);
        }
        Map<UUID, String> shipments = new HashMap<>();
        query("shipping-service", "SELECT order_id, status FROM shipments",
                rs -> shipments.put(rs.getObject(1, UUID.class), rs.getString(2)));

        for (Map.Entry<UUID, String[]> e : orders.entrySet()) {
            UUID order = e.getKey();
            String status = e.getValue()[0];
            Cancellation cancellation = cancellations.get(order);
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
                String shipped = cancellation == Cancellation.DISPATCHED_THEN_CANCEL ? "DISPATCHED" : "SCHEDULED";
                if (!shipment.equals(shipped)) {
                    violations.add("approved order " + order + ": shipment " + shipment + ", expected " + shipped);
                }
            } else if (status.equals("CANCELLED")) {
                // its units back to available once (reserved no more: the per-SKU totals above would show a second
                // restock), its captured amount refunded once (no longer held: the customers' held above would show a
                // second refund), its shipment withdrawn before it left
                if (!reservation.equals("RESTOCKED")) {
                    violations.add("cancelled order " + order + ": reservation " + reservation);
                } else if (plan != null && reservedUnits.getOrDefault(order, 0L) != plan.quantity()) {
                    violations.add("cancelled order " + order + ": " + reservedUnits.get(order)
                            + " units restocked, ordered " + plan.quantity());
                }
                if (!authStatus.equals("REFUNDED")) {
                    violations.add("cancelled order " + order + ": payment " + authStatus);
                } else if (new BigDecimal(auth[1]).compareTo(new BigDecimal(e.getValue()[2])) != 0) {
                    violations.add("cancelled order " + order + ": refunded " + auth[1] + " of " + e.getValue()[2]);
                }
                if (!shipment.equals("WITHDRAWN")) {
                    violations.add("cancelled order " + order + ": shipment " + shipment);
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

        return new Result(placed.size(), completed, compensated, timedOut, injectedApplied, cancelled, cancelRefused,
                violations);
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
