package io.sagaplatform.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

import io.sagaplatform.stack.LocalStack;

/**
 * The processes of the local stack and what they cost, read from {@code /proc}: CPU time (utime + stime of
 * {@code /proc/<pid>/stat}) and resident memory ({@code VmRSS} of {@code /proc/<pid>/status}).
 *
 * <ul>
 * <li>each service: the pid file {@code ./saga run} writes ({@link LocalStack#pidFile});</li>
 * <li>the Kafka broker: {@code kafka.pid} in the broker's home ({@link LocalStack#kafkaHome});</li>
 * <li>PostgreSQL: every process of the {@code postgres} user (the machine's cluster: postmaster, background
 * workers, the services' backends and WAL senders), except backends of the test role {@code saga_test}, which
 * belong to a concurrent {@code ./saga test} and not to the stack. A backend that exits during a sample loses
 * its ticks (the services' connections are pooled and long-lived, so this is rare).</li>
 * </ul>
 * The machine's own CPU use ({@code /proc/stat}) and this generator's ({@code /proc/self/stat}) are sampled too,
 * so that a result shows how much of the machine something else used meanwhile.
 */
final class StackProcesses {

    static final String POSTGRES = "postgres";
    static final String KAFKA = "kafka";
    static final String GENERATOR = "load-generator";

    private final Map<String, Long> pids;
    private final int postgresUid;
    private final long ticksPerSecond;
    private volatile Consumer<CpuSample> sampleListener = sample -> { };

    private StackProcesses(Map<String, Long> pids, int postgresUid, long ticksPerSecond) {
        this.pids = new java.util.concurrent.ConcurrentSkipListMap<>(pids);
        this.postgresUid = postgresUid;
        this.ticksPerSecond = ticksPerSecond;
    }

    /** Finds the stack's processes; fails with a clear message when the stack does not run. */
    static StackProcesses discover(Path repoRoot) {
        Map<String, Long> pids = new TreeMap<>();
        Path runDir = LocalStack.pidFile(repoRoot, KAFKA).getParent();
        if (Files.isDirectory(runDir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(runDir, "*.pid")) {
                for (Path file : files) {
                    String name = file.getFileName().toString().replaceFirst("\\.pid$", "");
                    readPid(file).filter(StackProcesses::alive).ifPresent(pid -> pids.put(name, pid));
                }
            } catch (IOException e) {
                throw new IllegalStateException("Cannot list " + runDir + ": " + e.getMessage(), e);
            }
        }
        if (pids.isEmpty()) {
            throw new IllegalStateException("No running service found in " + runDir.toAbsolutePath()
                    + " (start the stack with ./saga run)");
        }
        readPid(LocalStack.kafkaHome(repoRoot).resolve("kafka.pid")).filter(StackProcesses::alive)
                .ifPresent(pid -> pids.put(KAFKA, pid));
        return new StackProcesses(pids, uidOf(POSTGRES), ticksPerSecond());
    }

    /** Names of the measured processes, in report order (services, kafka, postgres). */
    List<String> names() {
        List<String> names = new ArrayList<>();
        pids.keySet().stream().filter(n -> !n.equals(KAFKA)).forEach(names::add);
        if (pids.containsKey(KAFKA)) {
            names.add(KAFKA);
        }
        if (postgresUid >= 0) {
            names.add(POSTGRES);
        }
        return names;
    }

    Map<String, Long> pids() {
        return Map.copyOf(pids);
    }

    /** A service was restarted under a new pid (the outage run): measure that one from now on. */
    void replaced(String name, long pid) {
        pids.put(name, pid);
    }

    /** A point-in-time reading of every counter. */
    CpuSample sampleCpu() {
        Map<String, Long> ticks = new HashMap<>();
        pids.forEach((name, pid) -> ticks.put(name, cpuTicks(pid)));
        Map<Long, Long> postgres = new HashMap<>();
        if (postgresUid >= 0) {
            for (long pid : postgresPids()) {
                postgres.put(pid, cpuTicks(pid));
            }
        }
        CpuSample sample = new CpuSample(System.nanoTime(), ticks, postgres, cpuTicksOfSelf(), MachineCpu.read());
        sampleListener.accept(sample);
        return sample;
    }

    /**
     * Hands every later sample to {@code listener} as it is taken (on the sampling thread: it must return at
     * once). A step samples at the start and the end of its measured window, so the profiler learns the window's
     * exact bounds this way.
     */
    void onSample(Consumer<CpuSample> listener) {
        this.sampleListener = listener;
    }

    long clockTicksPerSecond() {
        return ticksPerSecond;
    }

    /** CPU seconds each process used between two samples (plus the generator's and the machine's). */
    Map<String, Double> cpuSeconds(CpuSample from, CpuSample to) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (String name : names()) {
            long ticks;
            if (name.equals(POSTGRES)) {
                ticks = 0;
                for (Map.Entry<Long, Long> e : to.postgresTicks().entrySet()) {
                    ticks += e.getValue() - from.postgresTicks().getOrDefault(e.getKey(), 0L);
                }
            } else {
                ticks = to.ticks().getOrDefault(name, 0L) - from.ticks().getOrDefault(name, 0L);
            }
            seconds.put(name, (double) Math.max(0, ticks) / ticksPerSecond);
        }
        seconds.put(GENERATOR, (double) (to.selfTicks() - from.selfTicks()) / ticksPerSecond);
        return seconds;
    }

    /** Busy CPU seconds of the whole machine between two samples (every core, every process). */
    double machineBusySeconds(CpuSample from, CpuSample to) {
        return (double) (to.machine().busy() - from.machine().busy()) / ticksPerSecond;
    }

    /**
     * Resident memory per process in MiB. For PostgreSQL the sum of every process's private memory (RssAnon)
     * plus the largest shared part (RssShmem: shared buffers, counted once), since summing VmRSS would count
     * the shared buffers once per backend.
     */
    Map<String, Double> rssMiB() {
        Map<String, Double> rss = new LinkedHashMap<>();
        for (String name : names()) {
            if (name.equals(POSTGRES)) {
                long anon = 0;
                long shmem = 0;
                for (long pid : postgresPids()) {
                    Map<String, Long> status = statusKb(pid);
                    anon += status.getOrDefault("RssAnon", 0L);
                    shmem = Math.max(shmem, status.getOrDefault("RssShmem", 0L));
                }
                rss.put(name, (anon + shmem) / 1024.0);
            } else {
                rss.put(name, statusKb(pids.get(name)).getOrDefault("VmRSS", 0L) / 1024.0);
            }
        }
        return rss;
    }

    /** The java command line of a service (its JVM flags are part of a result's conditions). */
    String commandLine(String name) {
        Long pid = pids.get(name);
        if (pid == null) {
            return "";
        }
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * The configuration a service was started with through the environment (SAGA_*, MP_MESSAGING_*, QUARKUS_*
     * except credentials, KAFKA_*): overrides such as {@code SAGA_MESSAGING_RELAY_POLL_INTERVAL=10ms} are part
     * of a result's conditions.
     */
    Map<String, String> configEnvironment(String name) {
        Map<String, String> env = new TreeMap<>();
        Long pid = pids.get(name);
        if (pid == null) {
            return env;
        }
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc/" + pid + "/environ"));
            for (String entry : new String(raw, StandardCharsets.UTF_8).split("\0")) {
                int eq = entry.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String key = entry.substring(0, eq);
                boolean relevant = key.startsWith("SAGA_") || key.startsWith("MP_MESSAGING_")
                        || key.startsWith("QUARKUS_") || key.startsWith("KAFKA_") || key.startsWith("JAVA_");
                if (relevant && !key.contains("PASSWORD") && !key.contains("SECRET")) {
                    env.put(key, entry.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            // not readable: the conditions then show no overrides for this process
        }
        return env;
    }

    /** Every process of the postgres user but a concurrent test run's backends. */
    List<Long> postgresPids() {
        List<Long> result = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> isNumeric(p))) {
            for (Path proc : procs) {
                long pid = Long.parseLong(proc.getFileName().toString());
                if (uidOfProcess(pid) == postgresUid && !isTestBackend(pid)) {
                    result.add(pid);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list /proc: " + e.getMessage(), e);
        }
        return result;
    }

    private static boolean isTestBackend(long pid) {
        try {
            String cmd = new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8);
            return cmd.contains("saga_test") || cmd.contains("sagatest_");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isNumeric(Path p) {
        String name = p.getFileName().toString();
        for (int i = 0; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return false;
            }
        }
        return !name.isEmpty();
    }

    private static int uidOfProcess(long pid) {
        Map<String, String> status = status(pid);
        String uid = status.get("Uid");
        if (uid == null) {
            return -2;
        }
        return Integer.parseInt(uid.trim().split("\\s+")[0]);
    }

    private static Map<String, Long> statusKb(Long pid) {
        Map<String, Long> kb = new HashMap<>();
        if (pid == null) {
            return kb;
        }
        status(pid).forEach((key, value) -> {
            String v = value.trim();
            if (v.endsWith(" kB")) {
                kb.put(key, Long.parseLong(v.substring(0, v.length() - 3).trim()));
            }
        });
        return kb;
    }

    private static Map<String, String> status(long pid) {
        Map<String, String> status = new HashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    status.put(line.substring(0, colon), line.substring(colon + 1));
                }
            }
        } catch (IOException e) {
            // the process ended meanwhile
        }
        return status;
    }

    /** utime + stime in clock ticks; 0 when the process is gone. */
    static long cpuTicks(long pid) {
        try {
            return ticksFromStat(Files.readString(Path.of("/proc/" + pid + "/stat")));
        } catch (IOException e) {
            return 0;
        }
    }

    private static long cpuTicksOfSelf() {
        try {
            return ticksFromStat(Files.readString(Path.of("/proc/self/stat")));
        } catch (IOException e) {
            return 0;
        }
    }

    /** Fields 14 and 15 of /proc/PID/stat; the command name (field 2) may contain spaces, so count after ')'. */
    static long ticksFromStat(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state): utime is field 14 → index 11, stime field 15 → index 12
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static Optional<Long> readPid(Path file) {
        try {
            String text = Files.readString(file).trim();
            return text.matches("\\d+") ? Optional.of(Long.parseLong(text)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean alive(long pid) {
        return Files.exists(Path.of("/proc/" + pid + "/stat"));
    }

    private static int uidOf(String user) {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] parts = line.split(":");
                if (parts.length > 2 && parts[0].equals(user)) {
                    return Integer.parseInt(parts[2]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // no such user: PostgreSQL is then not measured
        }
        return -1;
    }

    private static long ticksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            return Long.parseLong(out);
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    /** Counters at one instant. */
    record CpuSample(long nanoTime, Map<String, Long> ticks, Map<Long, Long> postgresTicks, long selfTicks,
            MachineCpu machine) {
    }

    /** The machine's aggregate CPU line of /proc/stat. */
    record MachineCpu(long busy, long total) {
        static MachineCpu read() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                    if (line.startsWith("cpu ")) {
                        String[] f = line.trim().split("\\s+");
                        long total = 0;
                        for (int i = 1; i < f.length && i <= 8; i++) {
                            total += Long.parseLong(f[i]);
                        }
                        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
                        return new MachineCpu(total - idle, total);
                    }
                }
            } catch (IOException e) {
                // not Linux: no machine figure
            }
            return new MachineCpu(0, 0);
        }
    }
}
