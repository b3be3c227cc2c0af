package io.sagaplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import io.sagaplatform.e2e.FaultInjector.Injected;
import io.sagaplatform.e2e.FaultInjector.Kind;
import io.sagaplatform.e2e.OrderMix.PlannedOrder;
import io.sagaplatform.testing.PlatformStack;

/**
 * Faults injected at seeded random times into the whole platform — services, orchestrator and broker killed
 * with SIGKILL and restarted, PostgreSQL restarted or down for 90 s, a relay's replication connection ended,
 * records redelivered as duplicates and out of order, a participant's lock held for 90 s, order-service's
 * connection pool exhausted, an operator's action racing a late reply, the orchestrator redeployed on another
 * place-order definition version with sagas in flight — while a seeded mix of orders runs through it, some of the
 * approved ones cancelled by their customers (a few after their shipment was dispatched: refused). Once it has
 * healed, {@link FaultChecker} verifies every saga, order, cancellation, unit of stock, amount of money and message,
 * and one summary line says what happened.
 *
 * <p>Runs on its own stack, broker process and private PostgreSQL server (restarting the machine's cluster would
 * break whatever else uses it), in its own Failsafe execution after the other end-to-end tests
 * (see the module's pom). Sized by system properties: {@code faults.sagas} (300), {@code faults.count} (11: every
 * kind once, in seeded order — the smoke tier in CI, ~10 minutes),
 * {@code faults.seed} (20240607), {@code faults.rate} (orders per second, 3), {@code faults.kinds} (labels,
 * comma-separated: exactly those faults in that order instead of seeded picks, e.g. {@code operator-race}); {@code ./saga faults} runs a longer
 * one.
 */
class FaultInjectionIT {

    private static final int SAGAS = Integer.getInteger("faults.sagas", 300);
    /** Kinds by label, comma-separated: exactly these, in this order (reproduces one kind); else seeded picks. */
    private static final List<Kind> CHOSEN = Arrays.stream(System.getProperty("faults.kinds", "").split(","))
            .map(String::trim).filter(label -> !label.isEmpty()).map(FaultInjectionIT::kind).toList();
    private static final int FAULTS = CHOSEN.isEmpty() ? Integer.getInteger("faults.count", Kind.values().length) : CHOSEN.size();
    private static final long SEED = Long.getLong("faults.seed", 20240607L);
    private static final double RATE = Double.parseDouble(System.getProperty("faults.rate", "3"));

    /**
     * Step timeout and retry budget well above the longest heal (a restart takes up to ~30 s on a loaded 2-core
     * machine): a step that outlives a fault is resent until the participant is back, so no saga runs out of
     * attempts — a FAILED saga or a timed-out rejection means a fault was not survived.
     */
    private static final Map<String, String> ENVIRONMENT = Map.ofEntries(
            Map.entry("SAGA_PLACE_ORDER_STEP_TIMEOUT", "5s"),
            Map.entry("SAGA_PLACE_ORDER_MAX_ATTEMPTS", "40"),
            Map.entry("SAGA_PLACE_ORDER_RETRY_BACKOFF", "1s"),
            Map.entry("SAGA_PLACE_ORDER_RETRY_BACKOFF_MAX", "5s"),
            Map.entry("SAGA_PLACE_ORDER_SAGA_DEADLINE", "15m"),
            // the same budget for the customers' cancellations: its pivot (withdraw-shipment) must outlast a heal too
            Map.entry("SAGA_CANCEL_ORDER_STEP_TIMEOUT", "5s"),
            Map.entry("SAGA_CANCEL_ORDER_MAX_ATTEMPTS", "40"),
            Map.entry("SAGA_CANCEL_ORDER_RETRY_BACKOFF", "1s"),
            Map.entry("SAGA_CANCEL_ORDER_RETRY_BACKOFF_MAX", "5s"),
            Map.entry("SAGA_CANCEL_ORDER_SAGA_DEADLINE", "15m"),
            Map.entry("SAGA_ORCHESTRATOR_POLL_INTERVAL", "200ms"));

    /**
     * The Kafka clients this test creates (admin checks, redelivery) log their whole configuration at INFO each
     * time; warnings are enough. Held here so that the level is not lost with a collected logger.
     */
    private static final java.util.logging.Logger KAFKA_CLIENT_LOG = quiet("org.apache.kafka");

    private static final Duration PLACE_PATIENCE = Duration.ofMinutes(4);
    private static final Duration PROBE_BOUND = Duration.ofMinutes(4);
    private static final Duration SETTLE_BOUND = Duration.ofMinutes(6);
    /** Cancellations wait for their orders' decisions, which the last faults may hold back. */
    private static final Duration CANCEL_BOUND = Duration.ofMinutes(12);

    @Test
    void everySagaEndsConsistentlyWhileProcessesBrokerAndDatabaseFailAtRandom() {
        Path repoRoot = Path.of(System.getProperty("saga.repo.root", "..")).toAbsolutePath().normalize();
        Path target = repoRoot.resolve("e2e-tests/target");
        Instant started = Instant.now();
        PlatformStack stack = PlatformStack.builder(repoRoot).environment(ENVIRONMENT)
                .logDir(target.resolve("fault-logs")).brokerProcess(target).privatePostgres().start();
        // A run stopped from outside (Ctrl-C, a killed Maven) still ends the services and drops the databases.
        Thread cleanup = new Thread(stack::close, "fault-stack-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            run(stack, target, started);
        } finally {
            stack.close();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    private void run(PlatformStack stack, Path target, Instant started) {
        Shop shop = new Shop(stack);
        Random random = new Random(SEED);
        String keyPrefix = "faults-" + SEED + "-" + Long.toString(System.nanoTime(), 36);

        // enough stock and credit for every approved order, so that only the seeded rules reject
        for (String sku : List.of("SKU-APPLE", "SKU-PEAR", "SKU-BANANA")) {
            shop.setAvailable(sku, 1_000_000);
        }
        shop.setCreditLimit("alice", "1000000.00", "EUR");
        Map<String, Long> stockBefore = shop.stockTotals();

        List<PlannedOrder> plan = OrderMix.of(SEED, SAGAS, keyPrefix);
        Map<UUID, PlannedOrder> placed = new ConcurrentHashMap<>();
        List<String> violations = new CopyOnWriteArrayList<>();
        Redelivery redelivery = new Redelivery(stack.bootstrapServers());
        DuplicateCounter duplicates = new DuplicateCounter(stack, shop);
        AtomicInteger faultOrders = new AtomicInteger();
        Set<UUID> compensatedByOperator = ConcurrentHashMap.newKeySet();
        Cancellations cancellations = new Cancellations(shop, violations);
        Map<UUID, Integer> probeVersions = new ConcurrentHashMap<>();
        FaultInjector injector = new FaultInjector(stack, redelivery, duplicates, shop, new FaultInjector.Orders() {
            @Override
            public UUID place(PlannedOrder order) {
                faultOrders.incrementAndGet();
                UUID id = shop.placeOrderPatiently(order.key(), order.body(), PLACE_PATIENCE);
                record(placed, id, order, violations);
                return id;
            }

            @Override
            public void compensatedByOperator(UUID order) {
                compensatedByOperator.add(order);
            }
        }, keyPrefix);

        // --- the load: SAGAS orders at RATE per second, each placed patiently (same key) through outages ------
        ExecutorService clients = Executors.newFixedThreadPool(8);
        ScheduledExecutorService ticks = Executors.newScheduledThreadPool(2);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        ticks.scheduleAtFixedRate(() -> {
            int i = next.getAndIncrement();
            if (i >= plan.size()) {
                return;
            }
            PlannedOrder order = plan.get(i);
            clients.submit(() -> {
                try {
                    UUID id = shop.placeOrderPatiently(order.key(), order.body(), PLACE_PATIENCE);
                    record(placed, id, order, violations);
                    cancellations.watch(id, order);
                } catch (RuntimeException | AssertionError e) {
                    violations.add("order " + order.key() + " (" + order.path() + ") never accepted: " + e.getMessage());
                } finally {
                    done.incrementAndGet();
                }
            });
        }, 0, Math.max(1, Math.round(1000 / RATE)), TimeUnit.MILLISECONDS);
        ticks.scheduleWithFixedDelay(duplicates::scrape, 2, 2, TimeUnit.SECONDS);

        // --- the faults: at seeded times within the load window, one at a time, each healed and probed --------
        Duration window = Duration.ofMillis(Math.round(SAGAS * 1000 / RATE));
        List<Kind> kinds = faultKinds(random);
        List<Long> offsets = new ArrayList<>();
        for (int i = 0; i < FAULTS; i++) {
            offsets.add(Math.round(window.toMillis() * (0.1 + 0.8 * random.nextDouble())));
        }
        Collections.sort(offsets);
        List<String> faultLog = new ArrayList<>();
        Map<Kind, Integer> faultCounts = new EnumMap<>(Kind.class);
        Duration maxRecovery = Duration.ZERO;
        int probes = 0;
        Instant loadStart = Instant.now();
        for (int i = 0; i < FAULTS; i++) {
            Instant when = loadStart.plusMillis(offsets.get(i));
            await("fault " + (i + 1) + " due").atMost(window.plusMinutes(1)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !Instant.now().isBefore(when));
            Kind kind = kinds.get(i);
            faultCounts.merge(kind, 1, Integer::sum);
            Injected injected;
            try {
                injected = injector.inject(kind, random);
            } catch (RuntimeException e) {
                violations.add("fault " + (i + 1) + " " + kind.label + ": the stack did not heal: " + e.getMessage());
                restartWhatDied(stack, violations);
                faultLog.add(String.format("#%d %s FAILED TO HEAL: %s", i + 1, kind.label, e.getMessage()));
                continue;
            }
            PlannedOrder probe = OrderMix.probe(i + 1, keyPrefix);
            probes++;
            Duration recovery;
            try {
                UUID probeId = shop.placeOrderPatiently(probe.key(), probe.body(), PLACE_PATIENCE);
                record(placed, probeId, probe, violations);
                if (kind == Kind.DEFINITION_CHANGE) {
                    // placed after the redeploy: its saga must start on the version the orchestrator now starts
                    probeVersions.put(probeId, shop.currentDefinitionVersion("place-order"));
                }
                await("probe order after fault " + (i + 1)).atMost(PROBE_BOUND).pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            String[] status = shop.orderStatusOrNull(probeId);
                            return status != null && !status[0].equals("PENDING");
                        });
                recovery = Duration.between(injected.at(), Instant.now());
            } catch (RuntimeException e) {
                violations.add("fault " + (i + 1) + " " + kind.label + " on " + injected.target()
                        + ": no saga completed within " + PROBE_BOUND + " afterwards");
                recovery = Duration.between(injected.at(), Instant.now());
            }
            maxRecovery = recovery.compareTo(maxRecovery) > 0 ? recovery : maxRecovery;
            String line = String.format("#%d at +%.1fs %s %s: %s; recovered in %.1fs", i + 1,
                    Duration.between(loadStart, injected.at()).toMillis() / 1000.0, kind.label, injected.target(),
                    injected.detail(), recovery.toMillis() / 1000.0);
            faultLog.add(line);
            System.out.println("[faults] " + line);
        }

        // --- heal: every order placed, every saga ended, every message consumed (bounded) --------------------
        await("every order placed").atMost(PLACE_PATIENCE.plus(window)).pollInterval(Duration.ofMillis(500))
                .until(() -> done.get() >= plan.size());
        ticks.shutdownNow();
        clients.shutdownNow();
        try {
            cancellations.awaitAnswered(CANCEL_BOUND);
        } catch (ConditionTimeoutException e) {
            violations.add("cancellations not all answered within " + CANCEL_BOUND);
        }
        int cancelRequests = cancellations.requested().size();
        faultLog.add("cancellations: " + cancelRequests + " accepted "
                + cancellations.requested().values().stream().collect(Collectors.groupingBy(c -> c,
                        () -> new EnumMap<>(OrderMix.Cancellation.class), Collectors.counting()))
                + ", " + cancellations.rejectedFirst() + " not made: the order was REJECTED first");
        FaultChecker checker = new FaultChecker(stack);
        Instant settleStart = Instant.now();
        try {
            await("the platform to settle").atMost(SETTLE_BOUND).pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions().until(() -> checker.settled(placed.size(), cancelRequests));
        } catch (ConditionTimeoutException e) {
            violations.add("not settled within " + SETTLE_BOUND + " after the last fault (findings below)");
        }
        Duration settle = Duration.between(settleStart, Instant.now());
        duplicates.scrape();

        Map<String, Integer> logDuplicates = redelivery.duplicatesOnTheLog(Redelivery.CONSUMED);
        FaultChecker.Result result = checker.check(placed, plan.size() + probes + faultOrders.get(), stockBefore,
                redelivery.freshIds(), redelivery.deadLetters(), compensatedByOperator, cancellations.requested(),
                new FaultChecker.PinnedVersions(injector.inFlightAtSwitch(), Map.copyOf(probeVersions)));
        violations.addAll(result.violations());
        // an unavailable database is a 503 to retry; a 500 is a defect, whatever the fault
        shop.internalErrors().forEach(e -> violations.add("answered 500: " + e));
        if (shop.cancellationInternalErrors() > 0) {
            violations.add("POST /orders/{id}/cancel answered 500 " + shop.cancellationInternalErrors() + " times");
        }

        String summary = String.format("FAULTS sagas=%d completed=%d compensated=%d timed-out=%d cancelled=%d"
                + " cancel-refused=%d faults=%d (%s)"
                + " violations=%d duplicates-delivered=%d duplicates-ignored=%d late-replies-ignored=%d"
                + " answered-503=%d answered-500=%d cancel-answered-500=%d max-recovery=%.1fs settle=%.1fs seed=%d rate=%s/s duration=%ds",
                result.sagas(), result.completed(), result.compensated(), result.timedOut(), result.cancelled(),
                result.cancelRefused(), FAULTS,
                Arrays.stream(Kind.values()).filter(faultCounts::containsKey)
                        .map(k -> k.label + "=" + faultCounts.get(k)).collect(Collectors.joining(", ")),
                violations.size(), logDuplicates.values().stream().mapToInt(Integer::intValue).sum(),
                duplicates.total(), result.injectedApplied(), shop.serverErrors(503), shop.serverErrors(500),
                shop.cancellationInternalErrors(),
                maxRecovery.toMillis() / 1000.0,
                settle.toMillis() / 1000.0, SEED, RATE, Duration.between(started, Instant.now()).toSeconds());
        report(target, summary, faultLog, logDuplicates, violations);

        assertThat(violations).as(summary).isEmpty();
    }

    private static java.util.logging.Logger quiet(String category) {
        java.util.logging.Logger logger = org.jboss.logmanager.LogContext.getLogContext().getLogger(category);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    /** Two keys answered with one order would mean one order placed for two requests, and one never placed. */
    private static void record(Map<UUID, PlannedOrder> placed, UUID id, PlannedOrder order, List<String> violations) {
        PlannedOrder earlier = placed.putIfAbsent(id, order);
        if (earlier != null) {
            violations.add("order " + id + " was the answer to two Idempotency-Keys: " + earlier.key() + " and "
                    + order.key());
        }
    }

    private static Kind kind(String label) {
        return Arrays.stream(Kind.values()).filter(k -> k.label.equals(label)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("faults.kinds: no fault kind '" + label + "'; known: "
                        + Arrays.stream(Kind.values()).map(k -> k.label).collect(Collectors.joining(","))));
    }

    /**
     * The kinds {@code faults.kinds} names; else the first faults cover every kind once (in seeded order), the rest
     * are drawn at random.
     */
    private static List<Kind> faultKinds(Random random) {
        if (!CHOSEN.isEmpty()) {
            return CHOSEN;
        }
        List<Kind> all = new ArrayList<>(List.of(Kind.values()));
        Collections.shuffle(all, random);
        List<Kind> kinds = new ArrayList<>();
        for (int i = 0; i < FAULTS; i++) {
            kinds.add(i < all.size() ? all.get(i) : Kind.values()[random.nextInt(Kind.values().length)]);
        }
        return kinds;
    }

    /** A process that died on its own is a finding; it is restarted so that the run can go on and be checked. */
    private static void restartWhatDied(PlatformStack stack, List<String> violations) {
        if (!stack.broker().alive()) {
            violations.add("the broker was not running after a fault: restarted");
            stack.broker().start();
        }
        for (String service : PlatformStack.SERVICES) {
            if (!stack.service(service).alive()) {
                violations.add(service + " was not running after a fault (see " + stack.service(service).log()
                        + "): restarted");
                stack.service(service).start().awaitReady(Duration.ofMinutes(3));
            }
        }
    }

    private static void report(Path target, String summary, List<String> faultLog, Map<String, Integer> logDuplicates,
            List<String> violations) {
        StringBuilder text = new StringBuilder(summary).append('\n');
        faultLog.forEach(line -> text.append("  ").append(line).append('\n'));
        text.append("  duplicates on the log by topic: ").append(logDuplicates).append('\n');
        violations.stream().limit(200).forEach(v -> text.append("  VIOLATION ").append(v).append('\n'));
        System.out.println(text);
        try {
            Files.createDirectories(target);
            Files.writeString(target.resolve("faults-summary.txt"), text, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
