package io.sagaplatform.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One packaged service ({@code <module>/target/quarkus-app/quarkus-run.jar}) running as its own process,
 * as a user runs it: configured through environment variables, logging to a file, waited for until
 * {@code /q/health/ready} answers 200 on its management port, stopped with SIGTERM, killed with SIGKILL when a test wants a crash. The
 * local stack ({@link LocalStack}) and the end-to-end tests (testing's {@code PlatformStack}) start it the same
 * way; they differ in the {@link ChildProcess} (detached or the test's) and the environment.
 */
public final class ServiceProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path jar;
    private final List<String> jvmOptions;
    private final int port;
    private final int managementPort;
    private final Map<String, String> environment;
    private final ChildProcess process;

    /**
     * @param jvmOptions the JVM's options, e.g. {@code @scripts/service.jvm} ({@link #jvmFlagsFile}) — why each
     *        flag is there is written in that file
     * @param port its HTTP port, or 0 for a free one
     * @param managementPort its management interface's port ({@code /q/health}, {@code /q/metrics}), or 0 for a
     *        free one
     * @param process where it runs: a test's child process or a detached one of the local stack
     */
    public ServiceProcess(Path jar, List<String> jvmOptions, Map<String, String> environment, int port,
            int managementPort, ChildProcess process) {
        this.jar = jar;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.port = port == 0 ? ChildProcess.freePort() : port;
        this.managementPort = managementPort == 0 ? ChildProcess.freePort() : managementPort;
        this.environment = new LinkedHashMap<>(environment);
        this.environment.put("QUARKUS_HTTP_PORT", Integer.toString(this.port));
        this.environment.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(this.managementPort));
        this.process = process;
    }

    /** The services' JVM flags as a {@code java @file} argument: {@code scripts/service.jvm}. */
    public static String jvmFlagsFile(Path repoRoot) {
        return "@" + repoRoot.resolve("scripts/service.jvm");
    }

    /**
     * What every service needs to reach its database, its relay's replication role and the broker, whoever runs
     * it; the caller adds the rest (tokens, tracing, its own settings).
     */
    public static Map<String, String> environment(String jdbcUrl, String user, String password, String relayUser,
            String relayPassword, String bootstrapServers) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        env.put("QUARKUS_DATASOURCE_USERNAME", user);
        env.put("QUARKUS_DATASOURCE_PASSWORD", password);
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("SAGA_MESSAGING_RELAY_REPLICATION_USER", relayUser);
        env.put("SAGA_MESSAGING_RELAY_REPLICATION_PASSWORD", relayPassword);
        return env;
    }

    public int port() {
        return port;
    }

    /** Its management interface's port: {@code /q/health} and {@code /q/metrics}, unauthenticated. */
    public int managementPort() {
        return managementPort;
    }

    /** The pid while it runs. */
    public java.util.Optional<Long> pid() {
        return process.pid();
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

    /** Where its metrics ({@code /q/metrics}) and health ({@code /q/health}) are served. */
    public String managementUrl() {
        return "http://localhost:" + managementPort;
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
        List<String> command = new ArrayList<>(List.of(ChildProcess.java()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        process.start(command, environment);
        return this;
    }

    /** Waits (bounded) until the service reports ready: database, Kafka and its relay streaming. */
    public ServiceProcess awaitReady(Duration atMost) {
        process.awaitReady(atMost, Duration.ofMillis(250), this::ready);
        return this;
    }

    public boolean ready() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready"))
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

    /** SIGTERM and wait for a clean shutdown; SIGKILL after the process's stop timeout (30 s unless set). */
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
