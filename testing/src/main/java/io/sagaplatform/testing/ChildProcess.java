package io.sagaplatform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.Awaitility;

/**
 * A process the test JVM starts and owns, the plumbing {@link ServiceProcess}, {@link KafkaProcess} and
 * {@link PostgresProcess} share: its output (stdout and stderr) appended to a log file, started again after it
 * ended, waited for until it is ready, crashed (SIGKILL), stopped (SIGTERM, then SIGKILL), frozen (SIGSTOP) and
 * thawed (SIGCONT) — and killed when the JVM exits, so no test leaves one behind. The static helpers are the rest of
 * what starting a server takes: a free port, a command run to its end, a JVM-exit clean-up, a directory deleted.
 */
public final class ChildProcess {

    private static final Duration EXIT_WAIT = Duration.ofSeconds(30);
    private static final int OUTPUT_TAIL = 4_000;

    private final String name;
    private final Path log;
    private volatile Process process;
    private Thread exitHook;

    /** A process known by {@code name} in messages, logging to {@code log}; nothing runs before {@link #start}. */
    public ChildProcess(String name, Path log) {
        this.name = name;
        this.log = log;
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
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + "; see " + log, e);
        }
        if (exitHook == null) {
            exitHook = new Thread(this::destroyNow, name + "-kill-at-exit");
            Runtime.getRuntime().addShutdownHook(exitHook);
        }
        return true;
    }

    public boolean alive() {
        Process running = process;
        return running != null && running.isAlive();
    }

    /**
     * Waits (bounded) until {@code ready} answers {@code true}; fails at once when the process ended, naming its
     * exit code and log. {@code ready} may throw: that counts as not ready yet.
     */
    public void awaitReady(Duration atMost, Duration pollInterval, Callable<Boolean> ready) {
        Awaitility.await(name + " ready").atMost(atMost).pollInterval(pollInterval).until(() -> {
            Process running = process;
            if (running == null || !running.isAlive()) {
                throw new IllegalStateException(name + " exited"
                        + (running == null ? "" : " with " + running.exitValue()) + "; see " + log);
            }
            try {
                return ready.call();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (Exception notYet) {
                return false;
            }
        });
    }

    /** SIGKILL and wait for the end: nothing is flushed, no shutdown hook runs — a crash. */
    public synchronized void kill() {
        Process running = process;
        if (running != null) {
            running.destroyForcibly();
            waitFor(running, EXIT_WAIT);
        }
    }

    /** SIGTERM and wait for a clean shutdown; SIGKILL after 30 s. */
    public synchronized void stop() {
        Process running = process;
        if (running != null && running.isAlive()) {
            running.destroy();
            if (!waitFor(running, EXIT_WAIT)) {
                kill();
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
        Process running = process;
        if (running == null || !running.isAlive()) {
            throw new IllegalStateException(name + " is not running");
        }
        run(Duration.ofSeconds(10), List.of("kill", "-" + signal, Long.toString(running.pid())));
    }

    /** SIGKILL without waiting on any lock: what the JVM-exit hook does. */
    private void destroyNow() {
        Process running = process;
        if (running != null) {
            running.destroyForcibly();
            waitFor(running, Duration.ofSeconds(10));
        }
    }

    private static boolean waitFor(Process running, Duration atMost) {
        try {
            return running.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
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
