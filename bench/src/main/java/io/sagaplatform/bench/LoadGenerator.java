package io.sagaplatform.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Open-loop load generator for the running local stack ({@code ./saga bench}, see BENCHMARKS.md): places orders
 * at fixed rates, follows every saga to its end on the orchestrator's live stream, and reports per rate the
 * throughput, the latency percentiles of the happy and the compensation path, the errors, CPU per saga and
 * memory per process; optionally finds the knee (the highest rate whose p99 stays under a limit with no error);
 * and measures the stack's CPU when idle.
 */
public final class LoadGenerator {

    private final Options options;

    private LoadGenerator(Options options) {
        this.options = options;
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (Options.UsageException e) {
            if (e.getMessage() != null) {
                System.err.println("[bench] " + e.getMessage());
                System.err.print(Options.usage());
            } else {
                System.out.print(Options.usage());
            }
            System.exit(e.getMessage() == null ? 0 : 2);
            return;
        }
        try {
            new LoadGenerator(options).run();
            System.exit(0);
        } catch (IllegalStateException e) {
            System.err.println("[bench] ERROR: " + e.getMessage());
            System.exit(1);
        }
    }

    private void run() {
        StackProcesses processes = StackProcesses.discover(options.repoRoot());
        AtomicInteger threads = new AtomicInteger();
        ExecutorService httpExecutor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        StackClient client = new StackClient(options, httpExecutor);
        client.requireReady();

        String startedAt = Instant.now().toString();
        Map<String, Object> conditions = conditions(processes);
        List<StepResult> steps = new ArrayList<>();
        Report.Knee knee = null;

        if (!options.idleOnly()) {
            if (options.setup()) {
                client.createBenchData();
                log("bench data ready: " + StackClient.BENCH_SKU + " with " + StackClient.BENCH_STOCK + " units, "
                        + StackClient.SOLD_OUT_SKU + " with none, customer " + StackClient.BENCH_CUSTOMER
                        + " with 100000000.00 EUR of credit available");
            }
            StepRun.Clocks clocks = StepRun.Clocks.now();
            String runId = UUID.randomUUID().toString().substring(0, 8);
            try (SagaWatcher watcher = new SagaWatcher(client.http(), options.orchestratorUrl(), client.json(),
                    client.staffAuthorization())) {
                watcher.start();
                if (options.overload() || options.outage()) {
                    // no priming: a freshly started stack is the hard case of both
                    OverloadRun runner = new OverloadRun(options, client, watcher, processes, clocks, runId);
                    OverloadRun.Result result = options.overload() ? runner.overload() : runner.outage();
                    writeJson(Map.of("startedAt", startedAt, "conditions", conditions, "result", result));
                    System.out.println();
                    result.windows().forEach(w -> System.out.println("  " + w));
                    result.slowRefusals().forEach(w -> System.out.println("  slow 429s " + w));
                    result.violations().forEach(v -> System.out.println("  violation: " + v));
                    System.out.println(String.format(Locale.ROOT, "  %d accepted: %d completed, %d compensated; 429 p50 %.1f ms,"
                            + " p99 %.1f ms, max %.1f ms; commands sent %.0f, resent %.0f; steady p99 %s ms; load average %s -> %s",
                            result.accepted(), result.completed(), result.compensated(), result.refusalP50Millis(),
                            result.refusalP99Millis(),
                            result.refusalMaxMillis(), result.firstSends(), result.resends(),
                            result.steadyP99Millis() == null ? "-" : String.format(Locale.ROOT, "%.0f", result.steadyP99Millis()),
                            result.loadAverageBefore(), result.loadAverageAfter()));
                    System.out.println(result.summaryLine());
                    log("results: " + options.output().toAbsolutePath());
                    return;
                }
                if (options.primeSeconds() > 0) {
                    log(String.format(Locale.ROOT, "priming: %.0f orders/s for %d s (not measured)",
                            options.primeRate(), options.primeSeconds()));
                    new StepRun(options, client, watcher, processes, clocks, runId, "prime", options.primeRate(), 0,
                            options.primeSeconds(), false).run();
                    settle(watcher);
                }
                Double lastPassed = null;
                Double firstFailed = null;
                int index = 0;
                for (double rate : options.rates()) {
                    waitQuiet(processes);
                    log(String.format(Locale.ROOT, "step %d: %.1f orders/s, %d s warm-up + %d s measured", ++index,
                            rate, options.warmupSeconds(), options.durationSeconds()));
                    StepResult result = new StepRun(options, client, watcher, processes, clocks, runId, "s" + index,
                            rate, options.warmupSeconds(), options.durationSeconds(), true).run();
                    steps.add(result);
                    log(String.format(Locale.ROOT,
                            "  done %.1f/s  happy p50 %.1f p99 %.1f max %.1f ms  comp. p50 %.1f p99 %.1f ms  errors %d"
                                    + "  machine busy %.2f cores (stack %.2f, other %.2f)  -> %s",
                            result.completedPerSecond(), result.happy().p50(), result.happy().p99(), result.happy().max(),
                            result.compensation().p50(), result.compensation().p99(), result.errorCount(),
                            result.machine().busyCores(), result.machine().stackCores(), result.machine().otherCores(),
                            result.verdict()));
                    write(new Report(startedAt, Instant.now().toString(), conditions, steps, null, null));
                    if (result.passed()) {
                        lastPassed = rate;
                    } else if (firstFailed == null) {
                        firstFailed = rate;
                    }
                    if (!result.passed() && options.knee()) {
                        break;
                    }
                    settle(watcher);
                }
                if (options.knee()) {
                    knee = new Report.Knee(lastPassed, firstFailed,
                            "highest rate of the ladder, below the first failing one, with p99 < "
                                    + options.p99LimitMillis() + " ms and no error");
                }
            }
        }

        Report.Idle idle = options.idleSeconds() > 0 ? measureIdle(processes) : null;
        Report report = new Report(startedAt, Instant.now().toString(), conditions, steps, knee, idle);
        System.out.println();
        System.out.println(report.markdown());
        write(report);
        log("results: " + options.output().toAbsolutePath() + " and " + markdownPath().toAbsolutePath());
        if (knee != null) {
            System.out.println(benchLine(knee, steps, idle));
        }
    }

    /**
     * {@code BENCH knee=<sagas/s> cpu-ms-per-saga=<at 100/s, or at the knee> p50-at-50=<ms> p99-at-50=<ms>
     * idle-core-pct=<%>}: the figures BENCHMARKS.md compares against its targets; {@code n/a} for a step not run.
     */
    static String benchLine(Report.Knee knee, List<StepResult> steps, Report.Idle idle) {
        StepResult at100 = steps.stream().filter(s -> s.targetRate() == 100 && s.passed()).findFirst().orElse(null);
        Double kneeRate = knee.rate();
        StepResult atKnee = steps.stream().filter(s -> kneeRate != null && s.targetRate() == kneeRate).findFirst().orElse(null);
        StepResult cpuStep = at100 != null ? at100 : atKnee;
        StepResult at50 = steps.stream().filter(s -> s.targetRate() == 50).findFirst().orElse(null);
        return String.format(Locale.ROOT, "BENCH knee=%s cpu-ms-per-saga=%s p50-at-50=%s p99-at-50=%s idle-core-pct=%s",
                kneeRate == null ? "none" : String.format(Locale.ROOT, "%.0f", kneeRate),
                cpuStep == null ? "n/a" : String.format(Locale.ROOT, "%.1f@%.0f/s",
                        cpuStep.cpuMillisPerSaga().getOrDefault("stack total", 0.0), cpuStep.targetRate()),
                at50 == null ? "n/a" : String.format(Locale.ROOT, "%.0f", at50.all().p50()),
                at50 == null ? "n/a" : String.format(Locale.ROOT, "%.0f", at50.all().p99()),
                idle == null ? "n/a" : String.format(Locale.ROOT, "%.1f", idle.stackCores() * 100));
    }

    private void writeJson(Object value) {
        try {
            Path json = options.output().toAbsolutePath();
            Files.createDirectories(json.getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), value);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write " + options.output() + ": " + e.getMessage(), e);
        }
    }

    /** Waits until no saga has ended for 3 s (at most 120 s), so that one step's tail does not load the next. */
    static void settle(SagaWatcher watcher) {
        long deadline = System.nanoTime() + 120_000_000_000L;
        long last = watcher.terminalEvents();
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            StepRun.sleepUntil(System.nanoTime() + 500_000_000L);
            long now = watcher.terminalEvents();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > 3_000_000_000L) {
                return;
            }
        }
    }

    /**
     * Waits (at most {@code --wait-quiet} seconds) until the rest of the machine — every process but the stack
     * and this generator — used less than {@value #QUIET_CORES} cores over 5 s: a build beside the benchmark
     * takes CPU from the stack and inflates its latency.
     */
    private void waitQuiet(StackProcesses processes) {
        if (options.waitQuietSeconds() == 0) {
            return;
        }
        long deadline = System.nanoTime() + options.waitQuietSeconds() * 1_000_000_000L;
        boolean told = false;
        while (true) {
            StackProcesses.CpuSample before = processes.sampleCpu();
            StepRun.sleepUntil(System.nanoTime() + 5_000_000_000L);
            StackProcesses.CpuSample after = processes.sampleCpu();
            double window = (after.nanoTime() - before.nanoTime()) / 1e9;
            double ours = processes.cpuSeconds(before, after).values().stream().mapToDouble(Double::doubleValue).sum();
            double other = (processes.machineBusySeconds(before, after) - ours) / window;
            if (other < QUIET_CORES) {
                return;
            }
            if (System.nanoTime() > deadline) {
                log(String.format(Locale.ROOT, "the machine is still busy (%.2f cores used by other processes):"
                        + " measuring anyway", other));
                return;
            }
            if (!told) {
                log(String.format(Locale.ROOT, "waiting for a quiet machine (other processes use %.2f cores)", other));
                told = true;
            }
        }
    }

    private static final double QUIET_CORES = 0.25;

    private Report.Idle measureIdle(StackProcesses processes) {
        waitQuiet(processes);
        log("idle: 10 s to settle, then " + options.idleSeconds() + " s with no load");
        StepRun.sleepUntil(System.nanoTime() + 10_000_000_000L);
        StackProcesses.CpuSample before = processes.sampleCpu();
        StepRun.sleepUntil(System.nanoTime() + options.idleSeconds() * 1_000_000_000L);
        StackProcesses.CpuSample after = processes.sampleCpu();
        double window = (after.nanoTime() - before.nanoTime()) / 1e9;
        Map<String, Double> cores = new LinkedHashMap<>();
        double stack = 0;
        for (Map.Entry<String, Double> e : processes.cpuSeconds(before, after).entrySet()) {
            if (!e.getKey().equals(StackProcesses.GENERATOR)) {
                cores.put(e.getKey(), e.getValue() / window);
                stack += e.getValue() / window;
            }
        }
        double busy = processes.machineBusySeconds(before, after) / window;
        return new Report.Idle(options.idleSeconds(), cores, stack, busy, Math.max(0, busy - stack),
                StepRun.loadAverage());
    }

    private Map<String, Object> conditions(StackProcesses processes) {
        Map<String, Object> conditions = new LinkedHashMap<>();
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cpus", Runtime.getRuntime().availableProcessors());
        machine.put("memoryGiB", memoryGiB());
        machine.put("cpuModel", firstLineStartingWith(Path.of("/proc/cpuinfo"), "model name"));
        machine.put("kernel", read(Path.of("/proc/sys/kernel/osrelease")));
        conditions.put("machine", machine);
        conditions.put("loadAverageAtStart", StepRun.loadAverage());
        conditions.put("generatorJava", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        Map<String, Object> stack = new LinkedHashMap<>();
        for (String name : processes.names()) {
            if (name.equals(StackProcesses.POSTGRES)) {
                continue;
            }
            Map<String, Object> process = new LinkedHashMap<>();
            process.put("pid", processes.pids().get(name));
            process.put("commandLine", abbreviate(processes.commandLine(name)));
            process.put("environment", processes.configEnvironment(name));
            stack.put(name, process);
        }
        conditions.put("stack", stack);
        conditions.put("options", options);
        return conditions;
    }

    /** Kafka's command line carries its whole classpath: keep the flags and the main class. */
    private static String abbreviate(String commandLine) {
        return commandLine.replaceAll("-cp \\S+|-classpath \\S+", "-cp …");
    }

    private void write(Report report) {
        try {
            Path json = options.output().toAbsolutePath();
            Files.createDirectories(json.getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
            Files.writeString(markdownPath(), report.markdown());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write " + options.output() + ": " + e.getMessage(), e);
        }
    }

    private Path markdownPath() {
        Path json = options.output().toAbsolutePath();
        String name = json.getFileName().toString().replaceFirst("\\.json$", "");
        return json.resolveSibling(name + ".md");
    }

    private static String memoryGiB() {
        String line = firstLineStartingWith(Path.of("/proc/meminfo"), "MemTotal");
        try {
            long kb = Long.parseLong(line.replaceAll("\\D", ""));
            return String.format(Locale.ROOT, "%.1f", kb / 1024.0 / 1024.0);
        } catch (NumberFormatException e) {
            return "?";
        }
    }

    private static String firstLineStartingWith(Path file, String prefix) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(prefix)).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    private static void log(String message) {
        System.out.println("[bench] " + message);
    }
}
