package io.sagaplatform.bench;

import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One step of the benchmark: orders placed at a fixed rate for a warm-up and a measured window, then every saga
 * followed to its end.
 *
 * <p><b>Open loop.</b> Order {@code i} is due at {@code t0 + i / rate}, whatever happened to the orders before
 * it: sender threads sleep until each due time and hand the request to {@code HttpClient.sendAsync}, which
 * returns at once; answers are handled on the client's executor. A slow stack therefore never slows the
 * arrivals down (the coordinated-omission trap of closed-loop generators). A send that leaves more than
 * {@value #LATE_MILLIS} ms after its due time means this client could not keep up: it is still sent (its latency
 * counts from the due time) and it is counted as a {@code client-late} error, so a saturated generator never
 * passes for a slow stack silently. With more than {@code --max-in-flight} sagas open an order is not sent at all
 * ({@code client-cap} error).
 *
 * <p><b>Latency</b> of an order = the instant the saga stream reported its saga COMPLETED or COMPENSATED minus the
 * order's due time, recorded in HdrHistograms (microseconds, 3 significant digits), one per path. Only orders due
 * inside the measured window are recorded.
 */
final class StepRun {

    static final long LATE_MILLIS = 100;
    private static final long HIGHEST_MICROS = 3_600_000_000L;

    private final Options options;
    private final StackClient client;
    private final SagaWatcher watcher;
    private final StackProcesses processes;
    private final Clocks clocks;
    private final String runId;
    private final String name;
    private final double rate;
    private final int warmupSeconds;
    private final int durationSeconds;
    private final boolean measure;
    /** The arrival rate over time: one segment at {@code rate}, or the phases of an overload run. */
    private final List<Segment> schedule;
    /** Orders a 429 turned away (counted apart from errors when the step expects the door to refuse work). */
    private final boolean refusalsExpected;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final Histogram refusalMicros = new ConcurrentHistogram(HIGHEST_MICROS, 3);
    private final Queue<Order> ended = new ConcurrentLinkedQueue<>();
    private final Queue<Refusal> refusals = new ConcurrentLinkedQueue<>();

    /** {@code seconds} of arrivals at {@code rate} per second. */
    record Segment(double rate, int seconds) {
    }

    private final Histogram happy = new ConcurrentHistogram(HIGHEST_MICROS, 3);
    private final Histogram compensation = new ConcurrentHistogram(HIGHEST_MICROS, 3);
    private final Histogram all = new ConcurrentHistogram(HIGHEST_MICROS, 3);
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final Set<Order> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger unansweredPosts = new AtomicInteger();
    private final AtomicLong maxLagNanos = new AtomicLong();
    private final LongAdder sentInWindow = new LongAdder();
    private final LongAdder recoveredByPolling = new LongAdder();
    private final Queue<Order> measuredDone = new ConcurrentLinkedQueue<>();

    private long start;
    private long measureStart;
    private long measureEnd;

    StepRun(Options options, StackClient client, SagaWatcher watcher, StackProcesses processes, Clocks clocks,
            String runId, String name, double rate, int warmupSeconds, int durationSeconds, boolean measure) {
        this(options, client, watcher, processes, clocks, runId, name,
                List.of(new Segment(rate, warmupSeconds + durationSeconds)), warmupSeconds, measure, false);
    }

    /**
     * A step whose rate changes over time ({@code ./saga bench --overload}): every segment measured, and a 429
     * is the door refusing work — counted and timed, not an error.
     */
    StepRun(Options options, StackClient client, SagaWatcher watcher, StackProcesses processes, Clocks clocks,
            String runId, String name, List<Segment> schedule) {
        this(options, client, watcher, processes, clocks, runId, name, schedule, 0, true, true);
    }

    private StepRun(Options options, StackClient client, SagaWatcher watcher, StackProcesses processes, Clocks clocks,
            String runId, String name, List<Segment> schedule, int warmupSeconds, boolean measure,
            boolean refusalsExpected) {
        this.options = options;
        this.client = client;
        this.watcher = watcher;
        this.processes = processes;
        this.clocks = clocks;
        this.runId = runId;
        this.name = name;
        this.schedule = List.copyOf(schedule);
        this.rate = schedule.get(0).rate();
        this.warmupSeconds = warmupSeconds;
        this.durationSeconds = schedule.stream().mapToInt(Segment::seconds).sum() - warmupSeconds;
        this.measure = measure;
        this.refusalsExpected = refusalsExpected;
    }

    /** When the run's arrivals started (monotonic clock), for the phases of an overload run. */
    long startNanos() {
        return start;
    }

    long accepted() {
        return accepted.sum();
    }

    long refused() {
        return refused.sum();
    }

    /** Time from a refused order's send to its 429, microseconds. */
    Histogram refusalLatency() {
        return refusalMicros;
    }

    /** Every accepted order that ended as expected: its due time, end time and path. */
    List<Ended> ended() {
        return ended.stream().map(o -> new Ended(o.due, o.terminalNanos, o.compensating)).toList();
    }

    record Ended(long dueNanos, long terminalNanos, boolean compensating) {
    }

    /** A refused order: when it was due, and how long its 429 took from the send. */
    record Refusal(long dueNanos, long micros) {
    }

    /** The refused orders, in no particular order. */
    List<Refusal> refusals() {
        return List.copyOf(refusals);
    }

    /** The due times of the refused orders. */
    List<Long> refusedDueTimes() {
        return refusals.stream().map(Refusal::dueNanos).toList();
    }

    Map<String, Long> errorCounts() {
        Map<String, Long> counts = new TreeMap<>();
        errors.forEach((kind, count) -> counts.put(kind, count.sum()));
        return counts;
    }

    /** Runs the step to its end (every saga terminal, or given up on) and says what it measured. */
    StepResult run() {
        long total = schedule.stream().mapToLong(segment -> (long) Math.ceil(segment.seconds() * segment.rate())).sum();
        start = System.nanoTime() + 100_000_000L;
        measureStart = start + warmupSeconds * 1_000_000_000L;
        measureEnd = measureStart + durationSeconds * 1_000_000_000L;

        List<Thread> senders = new ArrayList<>();
        for (int k = 0; k < options.senders(); k++) {
            int first = k;
            Thread sender = new Thread(() -> sendLoop(first, total), "sender-" + k);
            sender.setDaemon(true);
            senders.add(sender);
            sender.start();
        }

        sleepUntil(measureStart);
        StackProcesses.CpuSample cpuBefore = processes.sampleCpu();
        long terminalBefore = watcher.terminalEvents();
        String loadBefore = loadAverage();
        sleepUntil(measureEnd);
        StackProcesses.CpuSample cpuAfter = processes.sampleCpu();
        long terminalAfter = watcher.terminalEvents();
        String loadAfter = loadAverage();
        Map<String, Double> rss = processes.rssMiB();

        for (Thread sender : senders) {
            join(sender);
        }
        long lastDue = due(total - 1);
        drain(lastDue + options.terminalTimeoutSeconds() * 1_000_000_000L);
        chaseStragglers();

        if (!measure) {
            return null;
        }
        double window = (cpuAfter.nanoTime() - cpuBefore.nanoTime()) / 1e9;
        long completed = terminalAfter - terminalBefore;
        Map<String, Double> cpuSeconds = processes.cpuSeconds(cpuBefore, cpuAfter);
        Map<String, Double> perSaga = new LinkedHashMap<>();
        Map<String, Double> cores = new LinkedHashMap<>();
        double stackCores = 0;
        for (Map.Entry<String, Double> e : cpuSeconds.entrySet()) {
            perSaga.put(e.getKey(), completed == 0 ? 0 : 1000.0 * e.getValue() / completed);
            cores.put(e.getKey(), e.getValue() / window);
            if (!e.getKey().equals(StackProcesses.GENERATOR)) {
                stackCores += e.getValue() / window;
            }
        }
        double stackPerSaga = completed == 0 ? 0 : 1000.0 * stackCores * window / completed;
        perSaga.put("stack total", stackPerSaga);
        cores.put("stack total", stackCores);
        double busy = processes.machineBusySeconds(cpuBefore, cpuAfter) / window;
        double generator = cores.get(StackProcesses.GENERATOR);
        StepResult.Machine machine = new StepResult.Machine(busy, stackCores, generator,
                Math.max(0, busy - stackCores - generator), loadBefore, loadAfter);

        Map<String, Long> errorCounts = new TreeMap<>();
        errors.forEach((kind, count) -> errorCounts.put(kind, count.sum()));
        long errorCount = errorCounts.values().stream().mapToLong(Long::longValue).sum();
        StepResult.Latency allLatency = StepResult.Latency.of(all);
        boolean passed = errorCount == 0 && allLatency.count() > 0 && allLatency.p99() < options.p99LimitMillis();
        String verdict;
        if (passed) {
            verdict = "pass";
        } else if (errorCount > 0) {
            verdict = "fail: " + errorCount + " errors " + errorCounts;
        } else if (allLatency.count() == 0) {
            verdict = "fail: no saga ended in the measured window";
        } else {
            verdict = String.format("fail: p99 %.0f ms >= %d ms", allLatency.p99(), options.p99LimitMillis());
        }
        return new StepResult(rate, durationSeconds, sentInWindow.sum() / (double) durationSeconds,
                completed / window, StepResult.Latency.of(happy), StepResult.Latency.of(compensation), allLatency,
                errorCounts, errorCount, maxLagNanos.get() / 1e6, recoveredByPolling.sum(), watcher.reconnects(),
                perSaga, cores, machine, rss, hopBreakdown(), passed, verdict);
    }

    /** Order {@code i}'s due time: the segments' arrivals one after another, each evenly spaced at its rate. */
    private long due(long i) {
        long offset = 0;
        long before = 0;
        for (Segment segment : schedule) {
            long count = (long) Math.ceil(segment.seconds() * segment.rate());
            if (i < before + count) {
                return start + offset + (long) ((i - before) * 1e9 / segment.rate());
            }
            before += count;
            offset += segment.seconds() * 1_000_000_000L;
        }
        return start + offset;
    }

    private void sendLoop(int first, long total) {
        double share = options.compensationShare();
        for (long i = first; i < total; i += options.senders()) {
            long due = due(i);
            sleepUntil(due);
            long now = System.nanoTime();
            long lag = now - due;
            maxLagNanos.accumulateAndGet(lag, Math::max);
            if (lag > LATE_MILLIS * 1_000_000L) {
                error("client-late");
            }
            if (inFlight.get() >= options.maxInFlight()) {
                error("client-cap");
                continue;
            }
            // Evenly spread: order i takes the compensation path when i * share crosses a whole number.
            boolean compensating = Math.floor((i + 1) * share) > Math.floor(i * share);
            boolean measured = measure && due >= measureStart && due < measureEnd;
            Order order = new Order(due, compensating, measured);
            inFlight.incrementAndGet();
            open.add(order);
            unansweredPosts.incrementAndGet();
            if (now >= measureStart && now < measureEnd) {
                sentInWindow.increment();
            }
            long sentAt = System.nanoTime();
            try {
                client.placeOrder("bench-" + runId + "-" + name + "-" + i, compensating)
                        .whenComplete((response, failure) -> {
                            if (refusalsExpected && failure == null && response.statusCode() == 429) {
                                refused.increment();
                                long micros = Math.min((System.nanoTime() - sentAt) / 1000, HIGHEST_MICROS);
                                refusals.add(new Refusal(order.due, micros));
                                refusalMicros.recordValue(micros);
                                unansweredPosts.decrementAndGet();
                                abandon(order);
                                return;
                            }
                            onAnswer(order, response, failure);
                        });
            } catch (RuntimeException e) {
                onAnswer(order, null, e);
            }
        }
    }

    private void onAnswer(Order order, HttpResponse<String> response, Throwable failure) {
        unansweredPosts.decrementAndGet();
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        if (cause != null) {
            error(cause instanceof HttpTimeoutException ? "http-timeout" : "http-failure");
            abandon(order);
        } else if (response.statusCode() != 201) {
            error("http-" + response.statusCode());
            abandon(order);
        } else {
            accepted.increment();
            try {
                order.orderId = client.orderIdOf(response.body());
            } catch (RuntimeException e) {
                error("http-unreadable-201");
                abandon(order);
                return;
            }
            watcher.track(order.orderId, order);
        }
    }

    private void abandon(Order order) {
        if (order.done.compareAndSet(false, true)) {
            open.remove(order);
            inFlight.decrementAndGet();
        }
    }

    private void finish(Order order, long terminalNanos, String status, boolean polled) {
        if (!order.done.compareAndSet(false, true)) {
            return;
        }
        order.terminalNanos = terminalNanos;
        open.remove(order);
        inFlight.decrementAndGet();
        if (polled) {
            recoveredByPolling.increment();
        }
        boolean expected = order.compensating ? status.equals("COMPENSATED") : status.equals("COMPLETED");
        if (!expected) {
            error(status.equals("COMPLETED") || status.equals("COMPENSATED")
                    ? "unexpected-" + status.toLowerCase() : "saga-" + status.toLowerCase());
            return;
        }
        ended.add(order);
        if (order.measured) {
            long micros = Math.max(0, (terminalNanos - order.due) / 1000);
            (order.compensating ? compensation : happy).recordValue(Math.min(micros, HIGHEST_MICROS));
            all.recordValue(Math.min(micros, HIGHEST_MICROS));
            measuredDone.add(order);
        }
    }

    /** Waits until every order of the step was answered and its saga ended, or the deadline passed. */
    private void drain(long deadline) {
        while ((!open.isEmpty() || unansweredPosts.get() > 0) && System.nanoTime() < deadline) {
            sleepMillis(50);
        }
        while (unansweredPosts.get() > 0) { // each POST has its own 10 s timeout
            sleepMillis(50);
        }
    }

    /**
     * Sagas the stream did not report in time (the stream broke, or the saga is slow): asks the dashboard. A saga
     * that ended is recorded with the end time the orchestrator stored; one that did not is an error.
     */
    private void chaseStragglers() {
        for (Order order : List.copyOf(open)) {
            if (order.orderId == null) {
                abandon(order);
                continue;
            }
            watcher.untrack(order.orderId);
            Optional<JsonNode> saga = client.sagaOfOrder(order.orderId);
            String status = saga.map(s -> s.path("status").asText()).orElse("NONE");
            boolean terminal = Set.of("COMPLETED", "COMPENSATED", "FAILED", "ABORTED").contains(status);
            if (terminal && saga.get().hasNonNull("finishedAt")) {
                Instant finished = Instant.parse(saga.get().path("finishedAt").asText());
                finish(order, clocks.nanosOf(finished), status, true);
            } else if (!order.done.get()) {
                error("not-terminal-within-" + options.terminalTimeoutSeconds() + "s");
                abandon(order);
            }
        }
    }

    /**
     * Where the time of a saga goes, from the timelines of up to {@code --hop-samples} sagas per path spread over
     * the measured window: from the order's due time to the saga's start (POST /orders, its transaction, and the
     * OrderPlaced hop through order-service's relay and Kafka), then each step's round trip (the command through
     * the orchestrator's relay, the participant's transaction, the reply through the participant's relay), and
     * from the saga's end in the orchestrator's database to the stream event.
     */
    private Map<String, List<StepResult.HopStat>> hopBreakdown() {
        Map<String, List<StepResult.HopStat>> result = new LinkedHashMap<>();
        for (boolean compensating : new boolean[] { false, true }) {
            List<Order> done = measuredDone.stream().filter(o -> o.compensating == compensating).toList();
            if (done.isEmpty() || options.hopSamples() == 0) {
                continue;
            }
            Map<String, List<Double>> intervals = new LinkedHashMap<>();
            int samples = Math.min(options.hopSamples(), done.size());
            for (int s = 0; s < samples; s++) {
                Order order = done.get((int) ((long) s * done.size() / samples));
                client.sagaOfOrder(order.orderId).flatMap(summary -> client.sagaDetail(summary.path("id").asText()))
                        .ifPresent(detail -> addIntervals(order, detail, intervals));
            }
            List<StepResult.HopStat> stats = new ArrayList<>();
            intervals.forEach((label, values) -> {
                values.sort(Double::compare);
                stats.add(new StepResult.HopStat(label, values.size(), percentile(values, 50), percentile(values, 90),
                        values.get(values.size() - 1)));
            });
            result.put(compensating ? "compensation" : "happy", stats);
        }
        return result;
    }

    private void addIntervals(Order order, JsonNode detail, Map<String, List<Double>> intervals) {
        JsonNode timeline = detail.path("timeline");
        if (!timeline.isArray() || timeline.isEmpty()) {
            return;
        }
        Instant dueAt = clocks.instantOf(order.due);
        Instant previous = Instant.parse(timeline.get(0).path("at").asText());
        add(intervals, "due -> saga started (POST + OrderPlaced hop)", millisBetween(dueAt, previous));
        for (JsonNode entry : timeline) {
            Instant at = Instant.parse(entry.path("at").asText());
            String kind = entry.path("kind").asText();
            if (at.isAfter(previous)) {
                String step = entry.path("step").asText("");
                String label = switch (kind) {
                    case "STEP_SUCCEEDED", "STEP_FAILED" -> step + " round trip";
                    case "STEP_COMPENSATED" -> step + " compensation round trip";
                    default -> kind.toLowerCase() + (step.isEmpty() ? "" : " " + step);
                };
                add(intervals, label, millisBetween(previous, at));
                previous = at;
            }
            if (kind.startsWith("SAGA_") && !kind.equals("SAGA_STARTED")) {
                break; // the end: what follows (e.g. a late duplicate reply, ignored) is not part of its latency
            }
        }
        JsonNode finished = detail.path("saga").path("finishedAt");
        if (order.terminalNanos > 0 && finished.isTextual()) {
            add(intervals, "saga end -> seen on the stream",
                    millisBetween(Instant.parse(finished.asText()), clocks.instantOf(order.terminalNanos)));
        }
    }

    private static void add(Map<String, List<Double>> intervals, String label, double millis) {
        intervals.computeIfAbsent(label, l -> new ArrayList<>()).add(millis);
    }

    private static double millisBetween(Instant from, Instant to) {
        return java.time.Duration.between(from, to).toNanos() / 1e6;
    }

    private static double percentile(List<Double> sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private void error(String kind) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    static void sleepUntil(long nanoTime) {
        long remaining;
        while ((remaining = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(remaining);
        }
    }

    private static void sleepMillis(long millis) {
        LockSupport.parkNanos(millis * 1_000_000L);
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** One order of the step, from its due time to its saga's end. */
    private final class Order implements SagaWatcher.Tracked {
        final long due;
        final boolean compensating;
        final boolean measured;
        final AtomicBoolean done = new AtomicBoolean();
        volatile UUID orderId;
        volatile long terminalNanos;

        Order(long due, boolean compensating, boolean measured) {
            this.due = due;
            this.compensating = compensating;
            this.measured = measured;
        }

        @Override
        public void terminal(long nanoTime, String status) {
            finish(this, nanoTime, status, false);
        }
    }

    /** Converts between the monotonic clock of the schedule and the wall-clock instants the stack reports. */
    record Clocks(long nanoAtStart, Instant instantAtStart) {
        static Clocks now() {
            return new Clocks(System.nanoTime(), Instant.now());
        }

        long nanosOf(Instant instant) {
            return nanoAtStart + java.time.Duration.between(instantAtStart, instant).toNanos();
        }

        Instant instantOf(long nanoTime) {
            return instantAtStart.plusNanos(nanoTime - nanoAtStart);
        }
    }
}
