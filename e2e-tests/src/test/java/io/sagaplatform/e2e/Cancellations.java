package io.sagaplatform.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;

import io.sagaplatform.e2e.OrderMix.Cancellation;
import io.sagaplatform.e2e.OrderMix.PlannedOrder;

/**
 * The load's customers who change their mind: each placed order whose plan says so is watched until its saga decides
 * it, then — once APPROVED — cancelled by its customer ({@code POST /orders/{id}/cancel}, patiently, under its own
 * Idempotency-Key), some of them after an operator dispatched the shipment (that cancellation must be refused). They
 * run beside the load and the faults on a few threads of their own; what was requested is handed to
 * {@link FaultChecker}.
 */
final class Cancellations {

    /**
     * How long a cancellation waits for its order to be decided, and then to be answered, through whatever faults
     * come meanwhile (a fault holds the platform back for up to ~2 min, and several may follow one another).
     */
    private static final Duration PATIENCE = Duration.ofMinutes(12);

    private final Shop shop;
    private final List<String> violations;
    private final ExecutorService customers = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "fault-canceller");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger watched = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    /** Orders whose cancellation order-service accepted (202), with how: plain, or after a dispatch. */
    private final Map<UUID, Cancellation> requested = new ConcurrentHashMap<>();
    /** Orders planned to be cancelled that were rejected instead: nothing to cancel (409), nothing requested. */
    private final Set<UUID> rejectedFirst = ConcurrentHashMap.newKeySet();

    Cancellations(Shop shop, List<String> violations) {
        this.shop = shop;
        this.violations = violations;
    }

    /** Watches {@code order} (just placed as {@code plan}) when its plan cancels it; otherwise nothing. */
    void watch(UUID order, PlannedOrder plan) {
        if (plan.cancellation() == Cancellation.NONE) {
            return;
        }
        watched.incrementAndGet();
        customers.submit(() -> {
            try {
                cancel(order, plan);
            } catch (RuntimeException | AssertionError e) {
                violations.add("cancellation of order " + order + " (" + plan.cancellation() + ", key "
                        + plan.cancellationKey() + ") never answered: " + e.getMessage());
            } finally {
                finished.incrementAndGet();
            }
        });
    }

    private void cancel(UUID order, PlannedOrder plan) {
        if (plan.cancellation() == Cancellation.DISPATCHED_THEN_CANCEL) {
            // the warehouse dispatches only an approved order's shipment; a rejected one has none to dispatch
            String status = awaitDecided(order);
            if (status.equals("REJECTED")) {
                rejectedFirst.add(order);
                return;
            }
            shop.dispatchPatiently(order, PATIENCE);
        }
        Shop.CancelAnswer answer = shop.cancelOrderPatiently(order, plan.customer(), plan.cancellationKey(),
                PATIENCE);
        if (answer == Shop.CancelAnswer.ORDER_REJECTED) {
            rejectedFirst.add(order);
        } else {
            requested.put(order, plan.cancellation());
        }
    }

    /** APPROVED or REJECTED, once the order's saga decided it (read through order-service, patiently). */
    private String awaitDecided(UUID order) {
        String[] decided = new String[1];
        Awaitility.await("order " + order + " decided").atMost(PATIENCE).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    String[] status = shop.orderStatusOrNull(order);
                    if (status == null || status[0].equals("PENDING")) {
                        return false;
                    }
                    decided[0] = status[0];
                    return true;
                });
        return decided[0];
    }

    /** Waits (bounded) until every watched order's cancellation was answered, then stops the customers' threads. */
    void awaitAnswered(Duration atMost) {
        Awaitility.await("every cancellation answered").atMost(atMost).pollInterval(Duration.ofMillis(500))
                .until(() -> finished.get() >= watched.get());
        customers.shutdownNow();
        try {
            customers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Accepted cancellations by order: {@link Cancellation#CANCEL} or {@link Cancellation#DISPATCHED_THEN_CANCEL}. */
    Map<UUID, Cancellation> requested() {
        return Map.copyOf(requested);
    }

    /** Orders the plan cancelled that were REJECTED before they could be. */
    int rejectedFirst() {
        return rejectedFirst.size();
    }
}
