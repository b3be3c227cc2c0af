package io.sagaplatform.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One packaged service ({@code <module>/target/quarkus-app/quarkus-run.jar}) running as its own process,
 * as a user runs it: configured through environment variables, logging to a file, killed with SIGKILL
 * when a test wants a crash.
 */
public final class ServiceProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path jar;
    private final Path jvmFlags;
    private final int port;
    private final Map<String, String> environment;
    private final ChildProcess process;

    /**
     * @param jvmFlags the JVM's flags as a {@code java @file} argument file: the same {@code scripts/service.jvm} that
     *        {@code ./saga run} uses
     */
    ServiceProcess(String name, Path jar, Path jvmFlags, Map<String, String> environment, Path logDir) {
        this.jar = jar;
        this.jvmFlags = jvmFlags;
        this.port = ChildProcess.freePort();
        this.environment = new LinkedHashMap<>(environment);
        this.environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        this.process = new ChildProcess(name, logDir.resolve(name + ".log"));
    }

    public String name() {
        return process.name();
    }

    /**
     * Sets an environment variable for the next {@link #start()} (e.g. where another service of the stack listens,
     * or a setting a rolling deploy changes): the running process keeps what it was started with, so a test that
     * changes a setting stops the process, sets it and starts it again.
     */
    public synchronized void environment(String variable, String value) {
        environment.put(variable, value);
    }

    public String url() {
        return "http://localhost:" + port;
    }

    public Path log() {
        return process.log();
    }

    /** Starts the service unless it runs; does not wait (see {@link #awaitReady}). */
    public synchronized ServiceProcess start() {
        if (process.alive()) {
            return this;
        }
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw package)");
        }
        process.start(List.of(ChildProcess.java(), "@" + jvmFlags, "-jar", jar.toString()), environment);
        return this;
    }

    /** Waits (bounded) until the service reports ready: database, Kafka and its relay streaming. */
    public ServiceProcess awaitReady(Duration atMost) {
        process.awaitReady(atMost, Duration.ofMillis(250), this::ready);
        return this;
    }

    public boolean ready() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed — a crash. */
    public void kill() {
        process.kill();
    }

    /** SIGTERM and wait for a clean shutdown; SIGKILL after 30 s. */
    public void stop() {
        process.stop();
    }

    /**
     * SIGSTOP: the process stays, holding its connections, sockets and consumer group membership, but does nothing
     * — a long GC pause or a frozen VM. {@link #resume()} lets it go on where it stopped.
     */
    public void pause() {
        process.pause();
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        process.resume();
    }

    public boolean alive() {
        return process.alive();
    }
}
