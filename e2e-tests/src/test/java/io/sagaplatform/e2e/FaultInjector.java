package io.sagaplatform.e2e;

import static io.restassured.RestAssured.given;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.sagaplatform.e2e.OrderMix.PlannedOrder;
import io.sagaplatform.stack.ServiceProcess;
import io.sagaplatform.testing.PlatformStack;
import io.sagaplatform.testing.TestDatabase;
import io.sagaplatform.testing.Tokens;

/**
 * Injects one fault into a running {@link PlatformStack} with its own broker process, then heals what a real
 * deployment's supervisor would heal (restarts the killed process) and waits until the stack is healthy again.
 */
final class FaultInjector {

    /** Every kind of fault, by its name in the summary line. */
    enum Kind {
        KILL_SERVICE("kill-service"),
        KILL_BROKER("kill-broker"),
        PG_RESTART("pg-restart"),
        WALSENDER("walsender"),
        REDELIVER_DUPLICATE("redeliver-dup"),
        REDELIVER_OUT_OF_ORDER("redeliver-ooo"),
        DB_OUTAGE("db-outage"),
        LOCK_HELD("lock-held"),
        POOL_EXHAUSTED("pool-exhausted"),
        OPERATOR_RACE("operator-race"),
        DEFINITION_CHANGE("definition-change");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** What was done, to what, and when it started. */
    record Injected(Kind kind, String target, Instant at, String detail) {
    }

    /**
     * Where a fault's own orders go: placed patiently (same key until accepted) and recorded for the checker, like
     * the load's; an order whose saga an operator's forced compensation decided is expected REJECTED for that.
     */
    interface Orders {
        UUID place(PlannedOrder order);

        void compensatedByOperator(UUID order);
    }

    private static final Duration HEAL = Duration.ofMinutes(3);
    /** How long the database is down, and how long a lock a participant needs is held. */
    private static final Duration OUTAGE = Duration.ofSeconds(90);
    /** How long order-service's pool is kept exhausted, and by how many clients placing orders meanwhile. */
    private static final Duration EXHAUSTION = Duration.ofSeconds(30);
    private static final int BURST_CLIENTS = 10;
    private static final int READERS = 30;
    /** The participant a locked row or table stops, with what takes the lock and the step that needs it. */
    private static final Map<String, String> LOCKS = Map.of(
            "inventory-service", "SELECT sku FROM stock_items FOR UPDATE",
            "payment-service", "SELECT customer_id FROM customers FOR UPDATE",
            "shipping-service", "LOCK TABLE shipments IN EXCLUSIVE MODE");
    /** The participants whose step an operator may still compensate (the stage before the pivot), and that step. */
    private static final Map<String, String> BEFORE_PIVOT = Map.of(
            "inventory-service", "reserve-inventory",
            "payment-service", "authorize-payment");

    private final PlatformStack stack;
    private final Redelivery redelivery;
    private final DuplicateCounter duplicates;
    private final Shop shop;
    private final Orders orders;
    private final String keyPrefix;
    private final AtomicInteger ownOrders = new AtomicInteger();
    /** Place-order sagas in flight at a definition change, by id, with the version they started on. */
    private final Map<UUID, Integer> inFlightAtSwitch = new java.util.concurrent.ConcurrentHashMap<>();

    FaultInjector(PlatformStack stack, Redelivery redelivery, DuplicateCounter duplicates, Shop shop, Orders orders,
            String keyPrefix) {
        this.stack = stack;
        this.redelivery = redelivery;
        this.duplicates = duplicates;
        this.shop = shop;
        this.orders = orders;
        this.keyPrefix = keyPrefix;
    }

    /** Injects {@code kind} (targets picked with {@code random}), heals, and waits until every part is ready. */
    Injected inject(Kind kind, Random random) {
        Instant at = Instant.now();
        Injected injected = switch (kind) {
            case KILL_SERVICE -> {
                String service = pick(random, PlatformStack.SERVICES);
                duplicates.scrape();
                stack.service(service).kill();
                duplicates.killed(service);
                stack.service(service).start().awaitReady(HEAL);
                yield new Injected(kind, service, at, "SIGKILL, restarted");
            }
            case KILL_BROKER -> {
                stack.broker().kill();
                stack.broker().start();
                yield new Injected(kind, "kafka", at, "SIGKILL, restarted on the same data and port");
            }
            case PG_RESTART -> {
                stack.postgres().restart();
                yield new Injected(kind, "postgresql", at, "pg_ctl restart -m fast");
            }
            case WALSENDER -> {
                String service = pick(random, PlatformStack.SERVICES);
                String slot = stack.database(service).name() + "_outbox";
                OptionalInt pid = stack.postgres().terminateWalSender(slot);
                Awaitility.await("slot " + slot + " streamed again").atMost(HEAL).pollInterval(Duration.ofMillis(250))
                        .until(() -> stack.postgres().slotActive(slot));
                yield new Injected(kind, service, at, pid.isPresent()
                        ? "pg_terminate_backend(" + pid.getAsInt() + ") on " + slot
                        : "no walsender was streaming " + slot);
            }
            case REDELIVER_DUPLICATE -> {
                Redelivery.Sent sent = redelivery.duplicate(random, 25);
                yield new Injected(kind, "kafka", at, sent.detail());
            }
            case REDELIVER_OUT_OF_ORDER -> {
                Redelivery.Sent sent = redelivery.outOfOrder(random, 10);
                yield new Injected(kind, "kafka", at, sent.detail());
            }
            case DB_OUTAGE -> {
                try (AutoCloseable outage = stack.postgres().outage()) {
                    holdFor(OUTAGE, "the database outage");
                } catch (Exception e) {
                    throw new IllegalStateException("PostgreSQL did not come back: " + e.getMessage(), e);
                }
                yield new Injected(kind, "postgresql", at, "pg_ctl stop -m fast, started again after "
                        + OUTAGE.toSeconds() + " s; no service restarted");
            }
            case LOCK_HELD -> {
                String service = pick(random, List.copyOf(new java.util.TreeSet<>(LOCKS.keySet())));
                yield new Injected(kind, service, at, holdLock(service));
            }
            case POOL_EXHAUSTED -> {
                yield new Injected(kind, "order-service", at, exhaustPool());
            }
            case OPERATOR_RACE -> {
                String participant = pick(random, List.copyOf(new java.util.TreeSet<>(BEFORE_PIVOT.keySet())));
                yield new Injected(kind, participant, at, raceOperator(participant));
            }
            case DEFINITION_CHANGE -> {
                yield new Injected(kind, "orchestrator", at, changeDefinition());
            }
        };
        awaitHealthy();
        return injected;
    }

    /** Broker answering, every service ready (database, Kafka and relay). */
    void awaitHealthy() {
        stack.broker().awaitReady(HEAL);
        for (String service : PlatformStack.SERVICES) {
            stack.service(service).awaitReady(HEAL);
        }
    }

    /**
     * Takes, in one transaction of the test's own, the lock {@code service}'s hot path needs, places an order whose
     * saga needs that service, sees that service's transaction wait for the lock, holds it for {@link #OUTAGE} and
     * commits: the waiting message then applies (once — the checker's exactly-once rule).
     */
    private String holdLock(String service) {
        TestDatabase db = stack.database(service);
        String lock = LOCKS.get(service);
        AtomicLong waited = new AtomicLong();
        CompletableFuture<UUID> placed;
        try (Connection holder = db.connect()) {
            holder.setAutoCommit(false);
            try (Statement st = holder.createStatement()) {
                st.execute(lock);
            }
            Instant taken = Instant.now();
            // placed while the lock is held, without waiting for it: sagas stuck behind the lock soon fill the door,
            // which then refuses new orders (429) until the lock is released
            PlannedOrder order = OrderMix.happy(ownOrders.incrementAndGet(), keyPrefix + "-lock-" + ownOrders.get());
            placed = CompletableFuture.supplyAsync(() -> orders.place(order), BURST);
            Awaitility.await(service + " waiting for the lock").atMost(OUTAGE).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        waited.accumulateAndGet(waitingForLocks(db), Math::max);
                        return waited.get() > 0;
                    });
            Awaitility.await("the lock held for " + OUTAGE.toSeconds() + " s").atMost(OUTAGE.plusSeconds(10))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> {
                        waited.accumulateAndGet(waitingForLocks(db), Math::max);
                        return Duration.between(taken, Instant.now()).compareTo(OUTAGE) >= 0;
                    });
            holder.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot hold the lock in " + service + "'s database: " + e.getMessage(), e);
        }
        placed.join();
        return "'" + lock + "' held " + OUTAGE.toSeconds() + " s, then committed; up to " + waited.get()
                + " of its transactions waited for it";
    }

    /** Sessions of {@code db} waiting for a lock right now (the service and the test connect as the same role). */
    private static long waitingForLocks(TestDatabase db) {
        return db.count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND wait_event_type = 'Lock'");
    }

    /**
     * Exhausts order-service's connection pool for {@link #EXHAUSTION}, as a schema migration would: the test takes
     * {@code orders} in ACCESS EXCLUSIVE mode (what {@code ALTER TABLE} takes: reads wait too) while
     * {@link #READERS} operators poll an order's status and {@link #BURST_CLIENTS} customers place orders. Every
     * request that reads or writes orders waits holding a pooled connection, so the pool runs dry and the next
     * requests — and order-service's consumer — meet its acquisition timeout. (Writers alone cannot do it: the door
     * admits no more orders than its in-flight limit, below the pool's size.) A request that got no connection
     * must be answered 503 — at least one must have been, or the pool was never exhausted — and never 500; once
     * the lock is released every order of the burst is accepted, and the consumer's messages applied.
     */
    private String exhaustPool() {
        TestDatabase db = stack.database("order-service");
        UUID polled = orders.place(
                OrderMix.happy(ownOrders.incrementAndGet(), keyPrefix + "-polled-" + ownOrders.get()));
        int before = shop.serverErrors(503);
        Map<Integer, AtomicInteger> reads = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicBoolean reading = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<CompletableFuture<?>> readers = new ArrayList<>();
        List<CompletableFuture<UUID>> burst = new ArrayList<>();
        AtomicLong waited = new AtomicLong();
        try (Connection holder = db.connect()) {
            holder.setAutoCommit(false);
            try (Statement st = holder.createStatement()) {
                st.execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE");
            }
            Instant taken = Instant.now();
            for (int i = 0; i < READERS; i++) {
                readers.add(CompletableFuture.runAsync(() -> {
                    while (reading.get()) {
                        reads.computeIfAbsent(shop.orderStatusCode(polled), c -> new AtomicInteger())
                                .incrementAndGet();
                    }
                }, BURST));
            }
            for (int i = 0; i < BURST_CLIENTS; i++) {
                PlannedOrder order = OrderMix.happy(ownOrders.incrementAndGet(),
                        keyPrefix + "-burst-" + ownOrders.get());
                burst.add(CompletableFuture.supplyAsync(() -> orders.place(order), BURST));
            }
            Awaitility.await("order-service's pool exhausted (a 503)").atMost(EXHAUSTION)
                    .pollInterval(Duration.ofMillis(250)).until(() -> {
                        waited.accumulateAndGet(waitingForLocks(db), Math::max);
                        return shop.serverErrors(503) > before || reads.containsKey(503);
                    });
            Awaitility.await("the pool kept exhausted for " + EXHAUSTION.toSeconds() + " s")
                    .atMost(EXHAUSTION.plusSeconds(10)).pollInterval(Duration.ofMillis(500)).until(() -> {
                        waited.accumulateAndGet(waitingForLocks(db), Math::max);
                        return Duration.between(taken, Instant.now()).compareTo(EXHAUSTION) >= 0;
                    });
            holder.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot lock order-service's orders table: " + e.getMessage(), e);
        } finally {
            reading.set(false);
        }
        CompletableFuture.allOf(readers.toArray(CompletableFuture[]::new)).join();
        CompletableFuture.allOf(burst.toArray(CompletableFuture[]::new)).join();
        if (reads.containsKey(500)) {
            throw new IllegalStateException("GET /orders/{id} answered 500 " + reads.get(500) + " times: " + reads);
        }
        return "LOCK TABLE orders IN ACCESS EXCLUSIVE MODE " + EXHAUSTION.toSeconds() + " s under " + READERS
                + " readers and " + BURST_CLIENTS + " clients placing orders: up to " + waited.get()
                + " sessions of its database waited for the lock at once; POST /orders answered 503 "
                + (shop.serverErrors(503) - before) + " times, GET /orders/{id} " + new java.util.TreeMap<>(reads)
                + "; every order of the burst accepted";
    }

    /** The burst's clients: one thread each, so that all of them wait at once. */
    private static final java.util.concurrent.ExecutorService BURST = java.util.concurrent.Executors
            .newCachedThreadPool(r -> {
                Thread t = new Thread(r, "fault-burst");
                t.setDaemon(true);
                return t;
            });

    /**
     * An operator racing a late reply: an order is placed while {@code participant} runs and the participant is
     * frozen (SIGSTOP) right after, so its saga's step there stays unanswered until the orchestrator's timeout finds
     * it waiting; then, at one moment, the participant goes on (SIGCONT, the reply comes late) and an operator forces
     * the saga's compensation. Either may win: the operator's call answers 2xx (the saga must end COMPENSATED, its
     * late authorization or reservation undone) or 409 (the reply won and moved the saga on: it ends as its path
     * decides) — never 5xx.
     * <p>
     * The order is placed before the freeze, not after: a frozen participant decides no saga, so the door soon
     * stands at its limit and would refuse the race order until the freeze ends — which waits for that order. When
     * the participant answered before the freeze took hold, it is let go and the race is tried with another order.
     */
    private String raceOperator(String participant) {
        String step = BEFORE_PIVOT.get(participant);
        ServiceProcess frozen = stack.service(participant);
        for (int attempt = 1; attempt <= RACE_ATTEMPTS; attempt++) {
            PlannedOrder order = OrderMix.happy(ownOrders.incrementAndGet(), keyPrefix + "-race-" + ownOrders.get());
            UUID orderId = orders.place(order);
            frozen.pause();
            try {
                if (unansweredUntilTimeout(orderId, step)) {
                    return race(frozen, orderId, step, attempt);
                }
            } finally {
                if (frozen.alive()) {
                    frozen.resume(); // idempotent: a process that runs ignores SIGCONT
                }
            }
        }
        throw new IllegalStateException(participant + " answered " + step + " before SIGSTOP took hold in "
                + RACE_ATTEMPTS + " attempts");
    }

    private static final int RACE_ATTEMPTS = 5;

    /**
     * Whether the saga's {@code step} timed out unanswered (or was found still queued) — false when the participant
     * answered it before it was frozen.
     */
    private boolean unansweredUntilTimeout(UUID orderId, String step) {
        java.util.concurrent.atomic.AtomicBoolean timedOut = new java.util.concurrent.atomic.AtomicBoolean();
        Awaitility.await("the saga's " + step + " answered, or timed out unanswered").atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
                    JsonPath saga = shop.saga(orderId);
                    if (saga == null) {
                        return false;
                    }
                    if (saga.getList("timeline.findAll { it.step == '" + step
                            + "' && (it.kind == 'STEP_TIMED_OUT' || it.kind == 'COMMAND_QUEUED') }").size() > 0) {
                        timedOut.set(true);
                        return true;
                    }
                    String status = saga.getString("steps.find { it.name == '" + step + "' }.status");
                    // answered before the freeze took hold (any other status: sent or not yet, no reply)
                    return "SUCCEEDED".equals(status) || "FAILED".equals(status);
                });
        return timedOut.get();
    }

    private String race(ServiceProcess frozen, UUID orderId, String step, int attempt) {
        String sagaId = shop.saga(orderId).getString("saga.id");
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Response> operator = CompletableFuture.supplyAsync(() -> {
            try {
                go.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return given().auth().oauth2(Tokens.operator("e2e-racer")).baseUri(stack.url("orchestrator"))
                    .contentType(ContentType.JSON).body(Map.of("reason", "fault suite: racing a late reply"))
                    .post("/sagas/" + sagaId + "/compensate");
        }, BURST);
        go.countDown();
        frozen.resume();
        Response answer = operator.join();
        int status = answer.statusCode();
        if (status >= 200 && status < 300) {
            orders.compensatedByOperator(orderId);
        } else if (status != 409) {
            throw new IllegalStateException("the operator's forced compensation was answered " + status + " "
                    + answer.asString());
        }
        return "order placed, then SIGSTOP until " + step + " timed out unanswered (attempt " + attempt
                + "), then SIGCONT and POST /sagas/{id}/compensate at once: " + status
                + (status == 409 ? " (" + answer.path("type") + ": the late reply won)" : " (the operator won)");
    }

    /** The environment variable that says which place-order version new sagas start on (README, orchestrator). */
    static final String CURRENT_VERSION = "SAGA_DEFINITIONS_PLACE_ORDER_CURRENT_VERSION";
    private static final int SWITCH_ATTEMPTS = 5;

    /**
     * A rolling deploy of a changed saga definition with sagas in flight: the orchestrator is stopped gracefully
     * (SIGTERM), started again with {@link #CURRENT_VERSION} at the other place-order version (2 → 1, the sequential
     * variant of the same steps, or back) and awaited ready. The sagas in flight are read from its database while it
     * is down — then nothing can move them — and each must end on the version it started on (the checker); an order
     * placed afterwards (the fault's probe) must start on the new one. With no saga in flight, two orders are placed
     * and the orchestrator stopped as soon as one of their sagas runs; if they all ended before it stopped, it is
     * started again on the old version and that is tried again.
     */
    private String changeDefinition() {
        ServiceProcess orchestrator = stack.service("orchestrator");
        int from = shop.currentDefinitionVersion("place-order");
        int to = from == 2 ? 1 : 2;
        for (int attempt = 1; attempt <= SWITCH_ATTEMPTS; attempt++) {
            if (inFlight().isEmpty()) {
                for (int i = 0; i < 2; i++) {
                    orders.place(OrderMix.happy(ownOrders.incrementAndGet(), keyPrefix + "-deploy-" + ownOrders.get()));
                }
                try {
                    Awaitility.await("a place-order saga running").atMost(Duration.ofMinutes(1))
                            .pollInterval(Duration.ofMillis(50)).until(() -> !inFlight().isEmpty());
                } catch (org.awaitility.core.ConditionTimeoutException endedTooSoon) {
                    continue; // their sagas ended between two looks: place others
                }
            }
            duplicates.scrape();
            orchestrator.stop();
            duplicates.killed("orchestrator");
            Map<UUID, Integer> caught = inFlight();
            if (!caught.isEmpty()) {
                orchestrator.environment(CURRENT_VERSION, Integer.toString(to));
                orchestrator.start().awaitReady(HEAL);
                inFlightAtSwitch.putAll(caught);
                int now = shop.currentDefinitionVersion("place-order");
                if (now != to) {
                    throw new IllegalStateException("the orchestrator started with " + CURRENT_VERSION + "=" + to
                            + " says new place-order sagas start on v" + now);
                }
                Map<Integer, Long> byVersion = new java.util.TreeMap<>(caught.values().stream().collect(
                        java.util.stream.Collectors.groupingBy(v -> v, java.util.stream.Collectors.counting())));
                return "stopped (SIGTERM) with " + caught.size() + " place-order sagas in flight " + byVersion
                        + " by version, started with " + CURRENT_VERSION + "=" + to + " (was v" + from + ")"
                        + (attempt > 1 ? " on attempt " + attempt : "");
            }
            orchestrator.start().awaitReady(HEAL); // every saga ended before the stop: same version, try again
        }
        throw new IllegalStateException("no place-order saga was in flight when the orchestrator stopped, in "
                + SWITCH_ATTEMPTS + " attempts");
    }

    /** Place-order sagas RUNNING or COMPENSATING now, by id, with the definition version each runs on. */
    private Map<UUID, Integer> inFlight() {
        Map<UUID, Integer> running = new java.util.HashMap<>();
        try (Connection c = stack.database("orchestrator").connect(); Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SELECT id, definition_version FROM saga_instance"
                        + " WHERE saga_type = 'place-order' AND status IN ('RUNNING', 'COMPENSATING')")) {
            while (rs.next()) {
                running.put(rs.getObject(1, UUID.class), rs.getInt(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the orchestrator's sagas: " + e.getMessage(), e);
        }
        return running;
    }

    /** Every place-order saga that was in flight at a definition change, with the version it started on. */
    Map<UUID, Integer> inFlightAtSwitch() {
        return Map.copyOf(inFlightAtSwitch);
    }

    /** Waits out a fault's own duration, bounded. */
    private static void holdFor(Duration duration, String what) {
        Instant from = Instant.now();
        Awaitility.await(what).atMost(duration.plusSeconds(10)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Duration.between(from, Instant.now()).compareTo(duration) >= 0);
    }

    private static String pick(Random random, List<String> from) {
        return from.get(random.nextInt(from.size()));
    }
}
