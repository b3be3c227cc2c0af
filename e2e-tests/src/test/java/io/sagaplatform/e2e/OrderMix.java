package io.sagaplatform.e2e;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded mix of orders over every path of the place-order saga, driven by the seed data's deterministic
 * rules (README, "Driving every path"): the same seed gives the same orders in the same order.
 */
final class OrderMix {

    /** The paths, each with its share of the load and the outcome the seed data decides. */
    enum SagaPath {
        HAPPY(55, "APPROVED", null),
        OUT_OF_STOCK(15, "REJECTED", "OUT_OF_STOCK"),
        PAYMENT_DECLINED(15, "REJECTED", "INSUFFICIENT_CREDIT"),
        UNSERVICEABLE(15, "REJECTED", "UNSERVICEABLE_DESTINATION");

        final int weight;
        final String status;
        final String reason;

        SagaPath(int weight, String status, String reason) {
            this.weight = weight;
            this.status = status;
            this.reason = reason;
        }
    }

    /**
     * What the customer does once a happy order is APPROVED: nothing, cancel it, or cancel it after an operator
     * dispatched its shipment (then the cancellation must be refused and the order stay APPROVED).
     */
    enum Cancellation {
        NONE(0),
        CANCEL(15),
        DISPATCHED_THEN_CANCEL(5);

        /** Percent of the load's happy orders. */
        final int percent;

        Cancellation(int percent) {
            this.percent = percent;
        }
    }

    /**
     * One order of the load: its path, the Idempotency-Key it is placed under, its JSON body, and whether its
     * customer cancels it once approved.
     */
    record PlannedOrder(int index, SagaPath path, String key, String customer, String sku, int quantity,
            BigDecimal unitPrice, String country, Cancellation cancellation) {

        PlannedOrder(int index, SagaPath path, String key, String customer, String sku, int quantity,
                BigDecimal unitPrice, String country) {
            this(index, path, key, customer, sku, quantity, unitPrice, country, Cancellation.NONE);
        }

        /** The Idempotency-Key its cancellation is requested under (the customer's own, like the order's). */
        String cancellationKey() {
            return key + "-cancel";
        }

        String body() {
            return """
                    {"customerId":"%s","currency":"EUR","lines":[{"sku":"%s","quantity":%d,"unitPrice":%s}],
                     "shippingAddress":{"recipient":"Fault %d","street":"1 Main St","city":"Lyon","postalCode":"69001","country":"%s"}}
                    """.formatted(customer, sku, quantity, unitPrice.toPlainString(), index, country);
        }

        BigDecimal total() {
            return unitPrice.multiply(BigDecimal.valueOf(quantity));
        }

        PlannedOrder cancelled(Cancellation how) {
            return new PlannedOrder(index, path, key, customer, sku, quantity, unitPrice, country, how);
        }
    }

    private static final List<String> IN_STOCK = List.of("SKU-APPLE", "SKU-PEAR", "SKU-BANANA");

    private OrderMix() {
    }

    /**
     * {@code count} orders: quantities 1–2, prices 0.05–0.50 EUR, the SKUs in stock picked evenly; of the happy ones
     * {@link Cancellation#CANCEL} and {@link Cancellation#DISPATCHED_THEN_CANCEL} their share each. Cancellations are
     * drawn from a random of their own, so that a seed places the same orders it did before they existed.
     */
    static List<PlannedOrder> of(long seed, int count, String keyPrefix) {
        Random random = new Random(seed);
        Random cancels = new Random(seed ^ 0x5DEECE66DL);
        int totalWeight = 0;
        for (SagaPath p : SagaPath.values()) {
            totalWeight += p.weight;
        }
        List<PlannedOrder> orders = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int pick = random.nextInt(totalWeight);
            SagaPath path = SagaPath.HAPPY;
            for (SagaPath p : SagaPath.values()) {
                if (pick < p.weight) {
                    path = p;
                    break;
                }
                pick -= p.weight;
            }
            PlannedOrder order = order(i, path, random, keyPrefix);
            orders.add(path == SagaPath.HAPPY ? order.cancelled(cancellation(cancels)) : order);
        }
        return orders;
    }

    /** A happy-path order used to see that the platform makes progress again after a fault. */
    static PlannedOrder probe(int index, String keyPrefix) {
        return new PlannedOrder(index, SagaPath.HAPPY, keyPrefix + "-probe-" + index, "alice", "SKU-APPLE", 1,
                new BigDecimal("0.01"), "FR");
    }

    /**
     * A happy-path order a fault places itself, under {@code key}, to have work in flight while it holds the
     * platform back (a burst against an exhausted pool, the saga an operator races).
     */
    static PlannedOrder happy(int index, String key) {
        return new PlannedOrder(index, SagaPath.HAPPY, key, "alice", "SKU-PEAR", 1, new BigDecimal("0.02"), "FR");
    }

    private static Cancellation cancellation(Random cancels) {
        int pick = cancels.nextInt(100);
        for (Cancellation c : Cancellation.values()) {
            if (c != Cancellation.NONE && pick < c.percent) {
                return c;
            }
            pick -= c == Cancellation.NONE ? 0 : c.percent;
        }
        return Cancellation.NONE;
    }

    private static PlannedOrder order(int index, SagaPath path, Random random, String keyPrefix) {
        String sku = IN_STOCK.get(random.nextInt(IN_STOCK.size()));
        int quantity = 1 + random.nextInt(2);
        BigDecimal price = BigDecimal.valueOf(5 + random.nextInt(46), 2);
        String customer = "alice";
        String country = "FR";
        switch (path) {
            case OUT_OF_STOCK -> sku = "SKU-SOLDOUT";
            case PAYMENT_DECLINED -> customer = "carol";
            case UNSERVICEABLE -> country = random.nextBoolean() ? "AQ" : "KP";
            case HAPPY -> {
            }
        }
        return new PlannedOrder(index, path, keyPrefix + "-" + index, customer, sku, quantity, price, country);
    }
}
