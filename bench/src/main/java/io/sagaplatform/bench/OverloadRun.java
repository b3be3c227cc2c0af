package io.sagaplatform.bench;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.HdrHistogram.Histogram;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The platform past its capacity ({@code ./saga bench --overload}) and with a participant down
 * ({@code ./saga bench --outage}), judged by what a client and an operator would check:
 * <ul>
 * <li>orders beyond what the platform can finish are refused with 429 — quickly (p99 under
 * {@value #REFUSAL_LIMIT_MILLIS} ms), never by an HTTP timeout;</li>
 * <li>every accepted order's saga ends (COMPLETED, or COMPENSATED for the sold-out share);</li>
 * <li>resends stay at most {@value #RESEND_LIMIT_PERCENT} % of the commands sent (the orchestrator's
 * {@code saga_commands_sent_total} by attempt);</li>
 * <li>after the overload the latency comes back to its steady value within {@value #RECOVERY_LIMIT_SECONDS} s:
 * the first 5-s window (by due time) from which on no order is refused and every window's p99 is within 25 %
 * (or 100 ms) of the p99 of the last minute;</li>
 * <li>money and stock add up through the public APIs: the bench SKU's reserved units and the bench customer's
 * held credit grew by exactly one unit and 1.00 EUR per COMPLETED saga, the SKU's total did not change — so no
 * command was applied twice and no refused order left a trace.</li>
 * </ul>
 * Prints one line: {@code OVERLOAD offered=… accepted=… rejected=… resend-ratio=… recovery-s=… violations=N}.
 */
final class OverloadRun {

    static final long REFUSAL_LIMIT_MILLIS = 50;
    static final double RESEND_LIMIT_PERCENT = 1.0;
    static final long RECOVERY_LIMIT_SECONDS = 60;
    private static final long WINDOW_NANOS = 5_000_000_000L;

    /** What one overload or outage run showed. */
    record Result(String kind, List<StepRun.Segment> schedule, long offered, long accepted, long refused,
            double refusalP50Millis, double refusalP99Millis, double refusalMaxMillis, long completed, long compensated,
            Map<String, Long> errors, double firstSends, double resends, double queuedTimeouts, double resendRatio,
            Double steadyP99Millis, Double recoverySeconds, List<String> windows, List<String> slowRefusals,
            List<String> violations, String loadAverageBefore, String loadAverageAfter) {

        String summaryLine() {
            return String.format(Locale.ROOT, "%s offered=%d accepted=%d rejected=%d reject-p99-ms=%.1f resend-ratio=%.4f"
                    + " queued-timeouts=%.0f recovery-s=%s violations=%d", kind.toUpperCase(Locale.ROOT), offered,
                    accepted, refused, refusalP99Millis, resendRatio, queuedTimeouts,
                    recoverySeconds == null ? "n/a" : String.format(Locale.ROOT, "%.0f", recoverySeconds),
                    violations.size());
        }
    }

    private final Options options;
    private final StackClient client;
    private final SagaWatcher watcher;
    private final StackProcesses processes;
    private final StepRun.Clocks clocks;
    private final String runId;

    OverloadRun(Options options, StackClient client, SagaWatcher watcher, StackProcesses processes,
            StepRun.Clocks clocks, String runId) {
        this.options = options;
        this.client = client;
        this.watcher = watcher;
        this.processes = processes;
        this.clocks = clocks;
        this.runId = runId;
    }

    /** 3× the knee for the overload seconds, then half the knee for the recovery seconds. */
    Result overload() {
        double knee = options.kneeRate();
        List<StepRun.Segment> schedule = List.of(new StepRun.Segment(3 * knee, options.overloadSeconds()),
                new StepRun.Segment(knee / 2, options.recoverySeconds()));
        return run("overload", schedule, options.overloadSeconds(), run -> {
        });
    }

    /**
     * A steady rate while one participant is stopped for the outage seconds and then started again: its commands
     * wait in Kafka, the door refuses what would not finish, and the backlog drains when it is back.
     */
    Result outage() {
        int lead = 30;
        int after = 90;
        double rate = options.outageRate();
        List<StepRun.Segment> schedule = List.of(new StepRun.Segment(rate, lead + options.outageSeconds() + after));
        String service = options.outageService();
        Long pid = processes.pids().get(service);
        if (pid == null) {
            throw new IllegalStateException("No running " + service + " to stop (running: " + processes.pids().keySet() + ")");
        }
        ServiceRestart restart = ServiceRestart.of(options.repoRoot(), service, pid);
        Thread outage = new Thread(() -> {
            StepRun.sleepUntil(System.nanoTime() + lead * 1_000_000_000L);
            log("outage: stopping " + service + " for " + options.outageSeconds() + " s");
            restart.stop();
            StepRun.sleepUntil(System.nanoTime() + options.outageSeconds() * 1_000_000_000L);
            log("outage: starting " + service + " again");
            long newPid = restart.start();
            processes.replaced(service, newPid);
            log("outage: " + service + " is ready again (pid " + newPid + ")");
        }, "outage");
        outage.setDaemon(true);
        return run("outage", schedule, lead + options.outageSeconds(), run -> outage.start());
    }

    private Result run(String kind, List<StepRun.Segment> schedule, int secondPhaseAt, Consumer<StepRun> started) {
        waitForNoSagaInFlight();
        JsonNode stockBefore = client.stock(StackClient.BENCH_SKU);
        JsonNode customerBefore = client.customer(StackClient.BENCH_CUSTOMER);
        double firstBefore = sent("first");
        double resendBefore = sent("resend");
        double queuedBefore = client.metric(options.orchestratorUrl(), "saga_commands_queued_total", "");
        String loadBefore = StepRun.loadAverage();
        log(String.format(Locale.ROOT, "%s: %s", kind, describe(schedule)));

        // The generator's own first young collection copies everything it kept from start-up; on the saturated
        // machine it stood 111 ms in the overload's first second (its JFR), and every 429 arriving meanwhile counted
        // it as the door's. Starting from a collected heap keeps the generator's pauses out of the door's figures.
        System.gc();
        StepRun run = new StepRun(options, client, watcher, processes, clocks, runId, kind, schedule);
        started.accept(run);
        run.run();

        waitForNoSagaInFlight();
        JsonNode stockAfter = client.stock(StackClient.BENCH_SKU);
        JsonNode customerAfter = client.customer(StackClient.BENCH_CUSTOMER);
        double first = sent("first") - firstBefore;
        double resends = sent("resend") - resendBefore;
        double queued = client.metric(options.orchestratorUrl(), "saga_commands_queued_total", "") - queuedBefore;

        List<StepRun.Ended> ended = run.ended();
        long completed = ended.stream().filter(e -> !e.compensating()).count();
        long compensated = ended.size() - completed;
        Histogram refusals = run.refusalLatency();
        double refusalP50 = refusals.getTotalCount() == 0 ? 0 : refusals.getValueAtPercentile(50) / 1000.0;
        double refusalP99 = refusals.getTotalCount() == 0 ? 0 : refusals.getValueAtPercentile(99) / 1000.0;
        double refusalMax = refusals.getTotalCount() == 0 ? 0 : refusals.getMaxValue() / 1000.0;
        double ratio = first + resends == 0 ? 0 : resends / (first + resends);

        List<String> violations = new ArrayList<>();
        Map<String, Long> errors = run.errorCounts();
        errors.forEach((error, count) -> violations.add(count + "× " + error));
        if (refusalP99 > REFUSAL_LIMIT_MILLIS) {
            violations.add(String.format(Locale.ROOT, "429 answers p99 %.1f ms > %d ms", refusalP99, REFUSAL_LIMIT_MILLIS));
        }
        if (ratio * 100 > RESEND_LIMIT_PERCENT) {
            violations.add(String.format(Locale.ROOT, "resends %.0f of %.0f commands (%.2f %%) > %.0f %%", resends,
                    first + resends, ratio * 100, RESEND_LIMIT_PERCENT));
        }
        long reservedGrowth = stockAfter.path("reserved").asLong() - stockBefore.path("reserved").asLong();
        if (reservedGrowth != completed) {
            violations.add(StackClient.BENCH_SKU + " reserved grew by " + reservedGrowth + " for " + completed
                    + " completed sagas");
        }
        if (stockAfter.path("total").asLong() != stockBefore.path("total").asLong()) {
            violations.add(StackClient.BENCH_SKU + " total changed from " + stockBefore.path("total").asLong() + " to "
                    + stockAfter.path("total").asLong());
        }
        BigDecimal heldGrowth = new BigDecimal(customerAfter.path("held").asText())
                .subtract(new BigDecimal(customerBefore.path("held").asText()));
        if (heldGrowth.compareTo(BigDecimal.valueOf(completed)) != 0) {
            violations.add("customer " + StackClient.BENCH_CUSTOMER + " held grew by " + heldGrowth + " EUR for "
                    + completed + " completed sagas of 1.00 EUR");
        }

        long secondPhase = run.startNanos() + secondPhaseAt * 1_000_000_000L;
        long end = run.startNanos() + schedule.stream().mapToLong(s -> s.seconds() * 1_000_000_000L).sum();
        Recovery recovery = recovery(ended, run.refusedDueTimes(), secondPhase, end);
        if (kind.equals("overload") && (recovery.seconds() == null || recovery.seconds() > RECOVERY_LIMIT_SECONDS)) {
            violations.add("latency not back to its steady value within " + RECOVERY_LIMIT_SECONDS + " s (recovery "
                    + (recovery.seconds() == null ? "never" : String.format(Locale.ROOT, "%.0f s", recovery.seconds()))
                    + ")");
        }
        return new Result(kind, schedule, run.accepted() + run.refused() + errors.values().stream()
                .mapToLong(Long::longValue).sum(), run.accepted(), run.refused(), refusalP50, refusalP99, refusalMax, completed,
                compensated, errors, first, resends, queued, ratio, recovery.steadyP99Millis(), recovery.seconds(),
                recovery.windows(), slowRefusals(run.refusals(), run.startNanos()), violations, loadBefore,
                StepRun.loadAverage());
    }

    /**
     * Where the 429s slower than the limit fell: per 5-s window of due time from the start of the run, those that
     * have any — "+  0s: 7 of 212 over 50 ms, max 96 ms". Tells a cold start (all in the first windows) from pauses
     * spread over the whole overload.
     */
    static List<String> slowRefusals(List<StepRun.Refusal> refusals, long start) {
        Map<Long, List<StepRun.Refusal>> byWindow = new java.util.TreeMap<>();
        refusals.forEach(r -> byWindow.computeIfAbsent(Math.max(0, r.dueNanos() - start) / WINDOW_NANOS,
                w -> new ArrayList<>()).add(r));
        List<String> lines = new ArrayList<>();
        byWindow.forEach((window, inWindow) -> {
            long slow = inWindow.stream().filter(r -> r.micros() > REFUSAL_LIMIT_MILLIS * 1000).count();
            if (slow > 0) {
                lines.add(String.format(Locale.ROOT, "+%3ds: %d of %d 429s over %d ms, max %.0f ms",
                        window * WINDOW_NANOS / 1_000_000_000L, slow, inWindow.size(), REFUSAL_LIMIT_MILLIS,
                        inWindow.stream().mapToLong(StepRun.Refusal::micros).max().orElse(0) / 1000.0));
            }
        });
        return lines;
    }

    record Recovery(Double steadyP99Millis, Double seconds, List<String> windows) {
    }

    /**
     * From {@code from} on, 5-s windows by due time: a window is good when no order due in it was refused and its
     * p99 is within 25 % (or 100 ms) of the p99 of the orders due in the last minute before {@code end}.
     */
    static Recovery recovery(List<StepRun.Ended> ended, List<Long> refusedDues, long from, long end) {
        long steadyFrom = Math.max(from, end - 60_000_000_000L);
        List<Long> steady = ended.stream().filter(e -> e.dueNanos() >= steadyFrom && e.dueNanos() < end)
                .map(e -> e.terminalNanos() - e.dueNanos()).sorted().toList();
        if (steady.isEmpty()) {
            return new Recovery(null, null, List.of());
        }
        double steadyP99 = percentile(steady, 99) / 1e6;
        double limit = Math.max(steadyP99 * 1.25, steadyP99 + 100);
        List<String> windows = new ArrayList<>();
        Long firstGoodOfTheRest = null;
        for (long w = from; w < end; w += WINDOW_NANOS) {
            long lo = w;
            long hi = Math.min(end, w + WINDOW_NANOS);
            List<Long> latencies = ended.stream().filter(e -> e.dueNanos() >= lo && e.dueNanos() < hi)
                    .map(e -> e.terminalNanos() - e.dueNanos()).sorted().toList();
            long refused = refusedDues.stream().filter(d -> d >= lo && d < hi).count();
            double p99 = latencies.isEmpty() ? Double.NaN : percentile(latencies, 99) / 1e6;
            boolean good = refused == 0 && !latencies.isEmpty() && p99 <= limit;
            windows.add(String.format(Locale.ROOT, "+%3ds: %3d ended, %3d refused, p99 %s", (w - from) / 1_000_000_000L,
                    latencies.size(), refused, latencies.isEmpty() ? "-" : String.format(Locale.ROOT, "%.0f ms", p99)));
            if (!good) {
                firstGoodOfTheRest = null;
            } else if (firstGoodOfTheRest == null) {
                firstGoodOfTheRest = w;
            }
        }
        return new Recovery(steadyP99, firstGoodOfTheRest == null ? null : (firstGoodOfTheRest - from) / 1e9, windows);
    }

    private static long percentile(List<Long> sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private double sent(String attempt) {
        return client.metric(options.orchestratorUrl(), "saga_commands_sent_total", "attempt=\"" + attempt + "\"");
    }

    /** Waits (at most 5 minutes) until the orchestrator has no RUNNING or COMPENSATING saga. */
    private void waitForNoSagaInFlight() {
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (true) {
            double running = client.metric(options.orchestratorUrl(), "saga_in_flight", "status=\"RUNNING\"")
                    + client.metric(options.orchestratorUrl(), "saga_in_flight", "status=\"COMPENSATING\"");
            if (running == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(running + " sagas still in flight after 5 minutes: the stack does not"
                        + " drain (see the dashboard)");
            }
            StepRun.sleepUntil(System.nanoTime() + 1_000_000_000L);
        }
    }

    static String describe(List<StepRun.Segment> schedule) {
        List<String> parts = new ArrayList<>();
        for (StepRun.Segment segment : schedule) {
            parts.add(String.format(Locale.ROOT, "%.1f orders/s for %d s", segment.rate(), segment.seconds()));
        }
        return String.join(", then ", parts);
    }

    static Map<String, Object> asMap(Result result) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("summary", result.summaryLine());
        map.put("result", result);
        return map;
    }

    private static void log(String message) {
        System.out.println("[bench] " + message);
    }
}
