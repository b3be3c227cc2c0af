package io.sagaplatform.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * {@code ./saga profile}: where a saga's CPU goes. Runs one steady open-loop step of the bench against the running
 * stack (priming, warm-up, a measured window: {@link StepRun}, unchanged) and, over exactly that window, records
 *
 * <ol>
 * <li>CPU per process and per completed saga, as the bench measures it ({@link StackProcesses});</li>
 * <li>CPU per thread group of each process ({@link ThreadCpu}, {@link ThreadGroups}), read when the step takes its
 * own window samples (the profiler listens for them: {@link StackProcesses#onSample});</li>
 * <li>a JFR recording per service ({@code settings=profile}, started before the warm-up, stopped after the step),
 * summarised over the window ({@link JfrSummary});</li>
 * <li>PostgreSQL's statements and commits over the window ({@link PgStatements}).</li>
 * </ol>
 * Everything that starts a JVM ({@code jcmd}) happens outside the window. Output: {@code profile.md},
 * {@code profile.json} and the {@code .jfr} files in {@code .local/profile/<timestamp>/}, and a summary on stdout.
 */
public final class Profiler {

    private static final String RECORDING = "saga-profile";
    private static final Pattern GC_LOG = Pattern.compile("-Xlog:gc[^ ]*?:file=([^: ]+)");

    private final ProfileOptions options;
    private final Options bench;
    private final List<String> notes = new ArrayList<>();

    private Profiler(ProfileOptions options) {
        this.options = options;
        this.bench = options.bench();
    }

    public static void main(String[] args) {
        ProfileOptions options;
        try {
            options = ProfileOptions.parse(args);
        } catch (Options.UsageException e) {
            if (e.getMessage() != null) {
                System.err.println("[profile] " + e.getMessage());
                System.err.print(ProfileOptions.usage());
            } else {
                System.out.print(ProfileOptions.usage());
            }
            System.exit(e.getMessage() == null ? 0 : 2);
            return;
        }
        try {
            new Profiler(options).run();
            System.exit(0);
        } catch (IllegalStateException e) {
            System.err.println("[profile] ERROR: " + e.getMessage());
            System.exit(1);
        }
    }

    private void run() {
        String startedAt = Instant.now().toString();
        Path dir = options.outputDir().toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create " + dir + ": " + e.getMessage(), e);
        }
        StackProcesses processes = StackProcesses.discover(bench.repoRoot());
        AtomicInteger threads = new AtomicInteger();
        ExecutorService httpExecutor = Executors.newFixedThreadPool(4, r -> daemon(r, "http-" + threads.incrementAndGet()));
        StackClient client = new StackClient(bench, httpExecutor);
        client.requireReady();

        Map<String, Long> jvms = new LinkedHashMap<>(processes.pids());
        List<String> services = jvms.keySet().stream()
                .filter(name -> processes.commandLine(name).contains("quarkus-run.jar")).sorted().toList();
        long self = ProcessHandle.current().pid();

        PgStatements postgres = PgStatements.localCluster();
        String postgresProblem = postgres.prepare();
        if (postgresProblem != null) {
            notes.add("PostgreSQL statements not recorded: " + postgresProblem);
        }
        if (bench.setup()) {
            client.createBenchData();
        }

        StepRun.Clocks clocks = StepRun.Clocks.now();
        String runId = UUID.randomUUID().toString().substring(0, 8);
        Recordings recordings = new Recordings(services, jvms, dir);
        StepResult step;
        Readings start;
        Readings end;
        try (SagaWatcher watcher = new SagaWatcher(client.http(), bench.orchestratorUrl(), client.json(),
                client.staffAuthorization())) {
            watcher.start();
            if (bench.primeSeconds() > 0) {
                log(String.format(Locale.ROOT, "priming: %.0f orders/s for %d s (not measured)", bench.primeRate(),
                        bench.primeSeconds()));
                new StepRun(bench, client, watcher, processes, clocks, runId, "prime", bench.primeRate(), 0,
                        bench.primeSeconds(), false).run();
                LoadGenerator.settle(watcher);
            }
            if (options.jfr()) {
                log("starting a JFR recording (settings=profile) in " + String.join(", ", services));
                recordings.start();
            }
            BlockingQueue<StackProcesses.CpuSample> bounds = new LinkedBlockingQueue<>();
            processes.onSample(bounds::add);
            ExecutorService stepThread = Executors.newSingleThreadExecutor(r -> daemon(r, "profiler-step"));
            log(String.format(Locale.ROOT, "profiled step: %s orders/s, %d s warm-up + %d s measured", num(options.rate()),
                    options.warmupSeconds(), options.durationSeconds()));
            Future<StepResult> result = stepThread.submit(() -> new StepRun(bench, client, watcher, processes, clocks,
                    runId, "profile", options.rate(), options.warmupSeconds(), options.durationSeconds(), true).run());
            try {
                StackProcesses.CpuSample first = nextBound(bounds, result, options.warmupSeconds() + 120);
                start = read(processes, jvms, self, postgres, postgresProblem == null, clocks.instantOf(first.nanoTime()),
                        first.nanoTime());
                log("window open: sampling threads and statements again in " + options.durationSeconds() + " s");
                StackProcesses.CpuSample last = nextBound(bounds, result, options.durationSeconds() + 120);
                end = read(processes, jvms, self, postgres, postgresProblem == null, clocks.instantOf(last.nanoTime()),
                        last.nanoTime());
                log("window closed: waiting for the step's sagas to end");
                step = result.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("the profiled step failed: " + e.getCause(), e.getCause());
            } finally {
                processes.onSample(sample -> { });
                stepThread.shutdownNow();
            }
        } finally {
            recordings.stop(); // also when the step failed: never leave a recording running in a service
        }

        Map<Long, Map<Long, String>> javaNames = javaThreadNames(jvms, self);
        double window = (end.nanoTime() - start.nanoTime()) / 1e9;
        long completed = Math.round(step.completedPerSecond() * window);
        if (Math.abs(window - options.durationSeconds()) > 1) {
            // StepRun samples /proc at the start and the end of its window and nowhere else; if that changes, the
            // first two samples no longer bound the window and the thread groups would not match the processes.
            notes.add(String.format(Locale.ROOT, "the step's /proc samples were %.1f s apart, not the %d s of"
                    + " --duration: thread groups and statements cover a different span than the per-process CPU",
                    window, options.durationSeconds()));
        }
        if (completed < 0.8 * options.rate() * window) {
            notes.add(String.format(Locale.ROOT, "only %d sagas completed in the window where %.0f were due: the stack"
                    + " did not keep up (cold JITs, a busy machine, or past its knee), so every per-saga figure is"
                    + " inflated; profile a primed stack below its knee", completed, options.rate() * window));
        }
        if (step.errorCount() > 0) {
            notes.add("the step had errors: " + step.errors());
        }
        List<ProfileReport.ProcessCpu> cpu = processCpu(processes, step, start, end, javaNames, jvms, self, window,
                completed);
        Map<String, JfrSummary> jfr = recordings.summaries(start.at(), end.at(), options.top());
        List<PgStatements.StatementCost> statements = List.of();
        List<PgStatements.CommitRate> commits = List.of();
        if (start.postgres() != null && end.postgres() != null) {
            statements = PgStatements.statementCosts(start.postgres(), end.postgres(), completed, options.top());
            commits = PgStatements.commitRates(start.postgres(), end.postgres(), completed);
        }

        Map<String, String> files = new LinkedHashMap<>();
        recordings.files().forEach((service, file) -> files.put("JFR " + service, file.toString()));
        for (String service : services) {
            Matcher gcLog = GC_LOG.matcher(processes.commandLine(service));
            files.put("GC log " + service, gcLog.find() ? gcLog.group(1)
                    : "none (this service was started without -Xlog:gc; ./saga run adds it)");
        }
        Map<String, Object> conditions = new LinkedHashMap<>();
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cpus", Runtime.getRuntime().availableProcessors());
        conditions.put("machine", machine);
        conditions.put("loadAverageAtStart", step.machine().loadAverageBefore());
        conditions.put("jfr", options.jfr() && !recordings.files().isEmpty());
        conditions.put("options", bench);
        Map<String, String> commandLines = new LinkedHashMap<>();
        jvms.keySet().forEach(name -> commandLines.put(name,
                processes.commandLine(name).replaceAll("-cp \\S+|-classpath \\S+", "-cp …")));
        conditions.put("commandLines", commandLines);

        files.put("report", dir.resolve("profile.md").toString());
        files.put("JSON", dir.resolve("profile.json").toString());
        ProfileReport report = new ProfileReport(startedAt,
                new ProfileReport.Window(start.at().toString(), end.at().toString(), window, options.rate(), completed,
                        step.completedPerSecond()),
                conditions, step, cpu, jfr, statements, commits, files, notes);
        write(dir, report);
        System.out.println();
        System.out.println(report.terminalSummary(3));
        log("report: " + dir.resolve("profile.md") + " (JSON: profile.json, JFR files next to it: jfr print --events"
                + " jdk.ExecutionSample <file>, or open them in JDK Mission Control)");
    }

    /** Thread and statement readings at one bound of the window. */
    private record Readings(Instant at, long nanoTime, Map<String, Map<Long, ThreadCpu.ThreadTicks>> threads,
            PgStatements.Snapshot postgres) {
    }

    private Readings read(StackProcesses processes, Map<String, Long> jvms, long self, PgStatements postgres,
            boolean statements, Instant at, long nanoTime) {
        Map<String, Map<Long, ThreadCpu.ThreadTicks>> threads = new HashMap<>();
        jvms.forEach((name, pid) -> threads.put(name, ThreadCpu.sample(pid)));
        threads.put(StackProcesses.GENERATOR, ThreadCpu.sample(self));
        threads.put(StackProcesses.POSTGRES, ThreadCpu.samplePostgres(processes.postgresPids()));
        PgStatements.Snapshot snapshot = null;
        try {
            snapshot = postgres.snapshot(statements);
        } catch (IllegalStateException e) {
            notes.add("PostgreSQL not read at " + at + ": " + e.getMessage());
        }
        return new Readings(at, nanoTime, threads, snapshot);
    }

    private List<ProfileReport.ProcessCpu> processCpu(StackProcesses processes, StepResult step, Readings start,
            Readings end, Map<Long, Map<Long, String>> javaNames, Map<String, Long> jvms, long self, double window,
            long completed) {
        double tick = 1.0 / processes.clockTicksPerSecond();
        List<ProfileReport.ProcessCpu> result = new ArrayList<>();
        for (Map.Entry<String, Double> e : step.cpuCores().entrySet()) {
            String name = e.getKey();
            if (name.equals(ProfileReport.STACK_TOTAL)) {
                continue;
            }
            Map<Long, ThreadCpu.ThreadTicks> before = start.threads().getOrDefault(name, Map.of());
            Map<Long, ThreadCpu.ThreadTicks> after = end.threads().getOrDefault(name, Map.of());
            Map<String, Long> ticks;
            if (name.equals(StackProcesses.POSTGRES)) {
                ticks = ThreadCpu.ticksByGroup(before, after, t -> ThreadGroups.ofPostgres(t.comm()));
            } else {
                long pid = name.equals(StackProcesses.GENERATOR) ? self : jvms.getOrDefault(name, -1L);
                ThreadGroups.ProcessKind kind = name.equals(StackProcesses.KAFKA) ? ThreadGroups.ProcessKind.BROKER
                        : name.equals(StackProcesses.GENERATOR) ? ThreadGroups.ProcessKind.GENERATOR
                        : ThreadGroups.ProcessKind.JVM;
                Map<Long, String> names = javaNames.getOrDefault(pid, Map.of());
                ticks = ThreadCpu.ticksByGroup(before, after,
                        t -> ThreadGroups.of(kind, names.getOrDefault(t.tid(), t.comm())));
            }
            Map<String, Double> seconds = new LinkedHashMap<>();
            ticks.forEach((group, t) -> seconds.put(group, t * tick));
            double processSeconds = e.getValue() * window;
            result.add(new ProfileReport.ProcessCpu(name, step.cpuMillisPerSaga().getOrDefault(name, 0.0), e.getValue(),
                    ProfileReport.groups(seconds, processSeconds, window, completed)));
        }
        return result;
    }

    /** Full Java thread names (the kernel keeps 15 characters) of every JVM, read after the window. */
    private Map<Long, Map<Long, String>> javaThreadNames(Map<String, Long> jvms, long self) {
        Map<Long, Map<Long, String>> names = new HashMap<>();
        List<Long> pids = new ArrayList<>(jvms.values());
        pids.add(self);
        for (long pid : pids) {
            try {
                names.put(pid, ThreadCpu.javaThreadNames(Jcmd.run(pid, "Thread.print")));
            } catch (IllegalStateException e) {
                notes.add("thread names of pid " + pid + " from the kernel only (15 characters): " + e.getMessage());
            }
        }
        return names;
    }

    /** Waits for the step's next window sample; fails when the step ended or failed before taking it. */
    private static StackProcesses.CpuSample nextBound(BlockingQueue<StackProcesses.CpuSample> bounds,
            Future<StepResult> step, int timeoutSeconds) throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            StackProcesses.CpuSample sample = bounds.poll(500, TimeUnit.MILLISECONDS);
            if (sample != null) {
                return sample;
            }
            if (step.isDone()) {
                step.get();
                throw new IllegalStateException("the step ended without sampling its window");
            }
        }
        throw new IllegalStateException("the step did not reach its window bound within " + timeoutSeconds + " s");
    }

    /** The JFR recordings of the services, started before the warm-up and stopped after the step. */
    private final class Recordings {
        private final List<String> services;
        private final Map<String, Long> pids;
        private final Path dir;
        private final Map<String, Path> files = new LinkedHashMap<>();
        private final List<String> running = new ArrayList<>();
        private final String name = RECORDING + "-" + UUID.randomUUID().toString().substring(0, 8);
        private final Thread onExit = new Thread(this::stop, "profiler-jfr-stop");

        Recordings(List<String> services, Map<String, Long> pids, Path dir) {
            this.services = services;
            this.pids = pids;
            this.dir = dir;
        }

        void start() {
            Runtime.getRuntime().addShutdownHook(onExit);
            for (String service : services) {
                try {
                    Jcmd.run(pids.get(service), "JFR.start", "name=" + name, "settings=profile");
                    synchronized (running) {
                        running.add(service);
                    }
                } catch (IllegalStateException e) {
                    notes.add("no JFR recording of " + service + ": " + e.getMessage());
                }
            }
        }

        /** Stops every recording still running, writing it to {@code <service>.jfr}; safe to call twice. */
        void stop() {
            List<String> toStop;
            synchronized (running) {
                toStop = List.copyOf(running);
                running.clear();
            }
            for (String service : toStop) {
                Path file = dir.resolve(service + ".jfr");
                try {
                    Jcmd.run(pids.get(service), "JFR.stop", "name=" + name, "filename=" + file);
                    files.put(service, file);
                } catch (IllegalStateException e) {
                    notes.add("the JFR recording of " + service + " could not be written: " + e.getMessage());
                }
            }
            if (Thread.currentThread() != onExit && !toStop.isEmpty()) {
                try {
                    Runtime.getRuntime().removeShutdownHook(onExit);
                } catch (IllegalStateException e) {
                    // already shutting down
                }
            }
        }

        Map<String, Path> files() {
            return files;
        }

        Map<String, JfrSummary> summaries(Instant from, Instant to, int top) {
            Map<String, JfrSummary> summaries = new LinkedHashMap<>();
            files.forEach((service, file) -> {
                try {
                    summaries.put(service, JfrSummary.read(file, from, to, top));
                } catch (IOException | RuntimeException e) {
                    notes.add("cannot read " + file + ": " + e.getMessage());
                }
            });
            return summaries;
        }
    }

    private static void write(Path dir, ProfileReport report) {
        try {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(dir.resolve("profile.json").toFile(), report);
            Files.writeString(dir.resolve("profile.md"), report.markdown());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write the report to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static String num(double rate) {
        return rate == Math.rint(rate) ? Long.toString((long) rate) : String.format(Locale.ROOT, "%.1f", rate);
    }

    private static void log(String message) {
        System.out.println("[profile] " + message);
    }
}
