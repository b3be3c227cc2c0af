package io.sagaplatform.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A process this JVM starts, the plumbing {@link ServiceProcess}, {@link KafkaBroker} and testing's
 * {@code PostgresProcess} share: its output (stdout and stderr) appended to a log file, started again after it
 * ended, waited for until it is ready, crashed (SIGKILL), stopped (SIGTERM, then SIGKILL), frozen (SIGSTOP) and
 * thawed (SIGCONT). The static helpers are the rest of what starting a server takes: a free port, a command run to
 * its end, a JVM-exit clean-up, a directory deleted.
 *
 * <p>Two kinds: a test's process ({@link #ChildProcess(String, Path)}) is killed when the JVM exits, so no test
 * leaves one behind; a local stack's process ({@link #detached}) runs in its own session at a given nice value
 * (through {@code scripts/nice-session}), outlives the JVM that started it and is found again through its pid file
 * by another one ({@code ./saga stop} from another shell).
 */
public final class ChildProcess {

    private static final int OUTPUT_TAIL = 4_000;

    private final String name;
    private final Path log;
    private final Detached detached;
    private volatile ProcessHandle process;
    private volatile Process child;
    private Duration stopTimeout = Duration.ofSeconds(30);
    private Thread exitHook;

    /** A process known by {@code name} in messages, logging to {@code log}; nothing runs before {@link #start}. */
    public ChildProcess(String name, Path log) {
        this(name, log, null);
    }

    private ChildProcess(String name, Path log, Detached detached) {
        this.name = name;
        this.log = log;
        this.detached = detached;
    }

    /**
     * A process started in a session of its own ({@code setsid}) at {@code nice} through {@code niceSession} (which
     * sets the session's autogroup nice too), its pid written to {@code pidFile}; it survives this JVM. When the pid
     * file names a live process whose command line contains {@code marker} (its jar, its config file), this handle
     * is attached to it: {@link #alive()}, {@link #stop()} and {@link #kill()} act on that process.
     */
    public static ChildProcess detached(String name, Path log, Path pidFile, Path niceSession, int nice, String marker) {
        ChildProcess process = new ChildProcess(name, log, new Detached(pidFile, niceSession, nice, marker));
        process.process = runningFrom(pidFile, marker).orElse(null);
        return process;
    }

    /** How long {@link #stop()} waits after SIGTERM before it sends SIGKILL (30 s unless set). */
    public ChildProcess stopTimeout(Duration timeout) {
        this.stopTimeout = timeout;
        return this;
    }

    /** The pid of the running process, if it runs. */
    public Optional<Long> pid() {
        ProcessHandle running = process;
        return running != null && running.isAlive() ? Optional.of(running.pid()) : Optional.empty();
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    /**
     * Starts {@code command} with {@code environment} added to this JVM's, unless the process runs already;
     * {@code false} when it did.
     */
    public synchronized boolean start(List<String> command, Map<String, String> environment) {
        if (alive()) {
            return false;
        }
        List<String> argv = command;
        if (detached != null) {
            // setsid: its own session, so that a Ctrl-C in the launching terminal reaches only the launcher, which
            // stops the stack in order; nice-session execs the command, so the pid stays the command's
            argv = new ArrayList<>(List.of("setsid", detached.niceSession.toString(), Integer.toString(detached.nice)));
            argv.addAll(command);
        }
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            child = builder.start();
            process = child.toHandle();
            if (detached != null) {
                Files.createDirectories(detached.pidFile.toAbsolutePath().getParent());
                Files.writeString(detached.pidFile, child.pid() + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + "; see " + log, e);
        }
        if (detached == null && exitHook == null) {
            exitHook = new Thread(this::destroyNow, name + "-kill-at-exit");
            Runtime.getRuntime().addShutdownHook(exitHook);
        }
        return true;
    }

    public boolean alive() {
        ProcessHandle running = process;
        return running != null && running.isAlive();
    }

    /**
     * Waits (bounded) until {@code ready} answers {@code true}; fails at once when the process ended, naming its
     * exit code and log. {@code ready} may throw: that counts as not ready yet.
     */
    public void awaitReady(Duration atMost, Duration pollInterval, Callable<Boolean> ready) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            if (!alive()) {
                Process ended = child;
                throw new IllegalStateException(name + " exited"
                        + (ended == null || ended.isAlive() ? "" : " with " + ended.exitValue()) + "; see " + log);
            }
            try {
                if (ready.call()) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + name, e);
            } catch (Exception notYet) {
                // not ready yet
            }
            if (System.nanoTime() >= deadline) {
                throw new IllegalStateException(name + " was not ready within " + atMost + "; see " + log,
                        new TimeoutException());
            }
            pause(pollInterval);
        }
    }

    /** A poll's pause between two looks at a process that is starting or stopping, not a test's wait. */
    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL and wait for the end: nothing is flushed, no shutdown hook runs — a crash. */
    public synchronized void kill() {
        ProcessHandle running = process;
        if (running != null) {
            running.destroyForcibly();
            waitFor(running, Duration.ofSeconds(30));
        }
        forgetPid();
    }

    /** SIGTERM and wait for a clean shutdown; SIGKILL after the stop timeout (30 s unless set). */
    public synchronized void stop() {
        ProcessHandle running = process;
        if (running != null && running.isAlive()) {
            running.destroy();
            if (!waitFor(running, stopTimeout)) {
                System.err.println(name + " still runs after " + stopTimeout.toSeconds() + " s: SIGKILL");
                kill();
            }
        }
        forgetPid();
    }

    private void forgetPid() {
        if (detached != null && !alive()) {
            try {
                Files.deleteIfExists(detached.pidFile);
            } catch (IOException e) {
                // a stale pid file is checked against the process's command line anyway
            }
        }
    }

    /**
     * SIGSTOP: the process stays, holding its connections, sockets and group memberships, but does nothing — a long
     * GC pause or a frozen VM. {@link #resume()} lets it go on where it stopped.
     */
    public synchronized void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public synchronized void resume() {
        signal("CONT");
    }

    private void signal(String signal) {
        ProcessHandle running = process;
        if (running == null || !running.isAlive()) {
            throw new IllegalStateException(name + " is not running");
        }
        run(Duration.ofSeconds(10), List.of("kill", "-" + signal, Long.toString(running.pid())));
    }

    /** SIGKILL without waiting on any lock: what the JVM-exit hook does. */
    private void destroyNow() {
        ProcessHandle running = process;
        if (running != null) {
            running.destroyForcibly();
            waitFor(running, Duration.ofSeconds(10));
        }
    }

    private static boolean waitFor(ProcessHandle running, Duration atMost) {
        try {
            running.onExit().get(atMost.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return !running.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean waitFor(Process running, Duration atMost) {
        return waitFor(running.toHandle(), atMost);
    }

    /**
     * The process a pid file names, when it still runs and its command line contains {@code marker} (a recycled pid
     * belongs to someone else).
     */
    public static Optional<ProcessHandle> runningFrom(Path pidFile, String marker) {
        try {
            String text = Files.readString(pidFile).trim();
            if (!text.matches("\\d+")) {
                return Optional.empty();
            }
            long pid = Long.parseLong(text);
            String cmdline = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
            return cmdline.contains(marker) ? ProcessHandle.of(pid).filter(ProcessHandle::isAlive) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private record Detached(Path pidFile, Path niceSession, int nice, String marker) {
    }

    /**
     * Runs {@code command} to its end (bounded) and returns its output (stdout and stderr); fails with the output's
     * tail when it exits with another code than 0 or overruns {@code atMost}.
     */
    public static String run(Duration atMost, List<String> command) {
        Path output = null;
        try {
            output = Files.createTempFile("saga-child-", ".out");
            Process tool = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            boolean ended = waitFor(tool, atMost);
            if (!ended) {
                tool.destroyForcibly();
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (!ended || tool.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command)
                        + (ended ? " failed (" + tool.exitValue() + ")" : " did not finish within " + atMost) + ": "
                        + text.substring(Math.max(0, text.length() - OUTPUT_TAIL)));
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + String.join(" ", command), e);
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }

    /** The {@code java} launcher of this JVM, so that children run on the same JDK as the tests. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A TCP port nothing listens on right now, other than {@code taken} (ports handed out but not bound yet). */
    public static int freePort(int... taken) {
        for (int attempt = 0; attempt < 10; attempt++) {
            try (ServerSocket socket = new ServerSocket(0)) {
                socket.setReuseAddress(true);
                int candidate = socket.getLocalPort();
                if (Arrays.stream(taken).noneMatch(p -> p == candidate)) {
                    return candidate;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("No free port");
    }

    /**
     * Runs {@code cleanUp} when the JVM exits, unless the returned handle is closed first — which runs it right away
     * instead (once): a test that never reaches its clean-up still leaves nothing behind.
     */
    public static Cleanup atJvmExit(String name, Runnable cleanUp) {
        Runnable once = new Runnable() {
            private boolean done;

            @Override
            public synchronized void run() {
                if (!done) {
                    done = true;
                    cleanUp.run();
                }
            }
        };
        Thread hook = new Thread(once, name);
        Runtime.getRuntime().addShutdownHook(hook);
        return () -> {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it does the same
            }
            once.run();
        };
    }

    /** A clean-up registered with {@link #atJvmExit}: {@link #close()} runs it now instead of at exit. */
    public interface Cleanup extends AutoCloseable {

        @Override
        void close();
    }

    /** Deletes {@code dir} and everything in it, as far as it can (a file it cannot delete is reported, not thrown). */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("Could not delete " + dir + ": " + e);
        }
    }
}
