package io.sagaplatform.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stops one service of the local stack and starts it again exactly as {@code ./saga run} had started it: the same
 * command line, environment and working directory (read from {@code /proc}), in its own session, logging to the
 * same file, its pid written where {@code ./saga stop} looks. What a participant outage looks like to the rest of
 * the platform: its consumer group empties, its commands wait in Kafka, its outbox stops.
 */
final class ServiceRestart {

    private final Path repoRoot;
    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path workingDirectory;
    private final long pid;

    private ServiceRestart(Path repoRoot, String name, long pid) throws IOException {
        this.repoRoot = repoRoot;
        this.name = name;
        this.pid = pid;
        this.command = new ArrayList<>(List.of(new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")),
                StandardCharsets.UTF_8).split("\0")));
        this.environment = new LinkedHashMap<>();
        for (String entry : new String(Files.readAllBytes(Path.of("/proc/" + pid + "/environ")), StandardCharsets.UTF_8)
                .split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                environment.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        this.workingDirectory = Files.readSymbolicLink(Path.of("/proc/" + pid + "/cwd"));
    }

    /** Reads how the running service was started; it must be readable now, before it is stopped. */
    static ServiceRestart of(Path repoRoot, String name, long pid) {
        try {
            return new ServiceRestart(repoRoot, name, pid);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read how " + name + " (pid " + pid + ") was started: " + e, e);
        }
    }

    /** SIGTERM, as ./saga stop sends; SIGKILL after 30 s. */
    void stop() {
        ProcessHandle handle = ProcessHandle.of(pid).orElse(null);
        if (handle == null) {
            return;
        }
        handle.destroy();
        try {
            handle.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            handle.destroyForcibly();
        }
    }

    /** Starts it again and waits (at most 3 minutes) until it reports ready; returns the new pid. */
    long start() {
        List<String> argv = new ArrayList<>();
        argv.add("setsid"); // its own session, like ./saga run's services: a Ctrl-C of the generator does not reach it
        argv.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(argv).directory(workingDirectory.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        Path log = repoRoot.resolve(".local/logs/" + name + ".log");
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.redirectErrorStream(true);
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process;
        try {
            process = builder.start();
            Files.writeString(repoRoot.resolve(".local/run/" + name + ".pid"), process.pid() + "\n");
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start " + name + " again: " + e, e);
        }
        URI ready = URI.create("http://localhost:" + environment.getOrDefault("QUARKUS_HTTP_PORT", "8080")
                + "/q/health/ready");
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited while starting again (see " + log + ")");
            }
            try {
                int status = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return process.pid();
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            StepRun.sleepUntil(System.nanoTime() + 500_000_000L);
        }
        throw new IllegalStateException(name + " did not report ready within 3 minutes after its restart");
    }
}
