package io.sagaplatform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka 4.1.1 broker (KRaft, one node as broker + controller) as its own OS process, so that a test
 * can {@code kill -9} it and start it again on the same data directory and the same ports — what the in-JVM
 * {@link TestKafka} cannot do. Started from the jars of {@code scripts/kafka/pom.xml} (the classpath
 * {@code scripts/kafka.sh classpath} prints), like the broker of {@code ./saga run}.
 *
 * <p>Its home (config, data, log) is a fresh directory under the given parent, deleted by {@link #close()};
 * a JVM shutdown hook kills the process and deletes the directory if the test never gets that far.
 */
public final class KafkaProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

    private final Path home;
    private final Path dataDir;
    private final Path serverProperties;
    private final Path log4j;
    private final String classpath;
    private final int port;
    private final int controllerPort;
    private final ChildProcess process;
    private final ChildProcess.Cleanup cleanup;
    private boolean formatted;
    private int starts;

    private KafkaProcess(Path repoRoot, Path parent) {
        try {
            Files.createDirectories(parent);
            this.home = Files.createTempDirectory(parent, "kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the broker's directory under " + parent, e);
        }
        this.dataDir = home.resolve("data");
        this.serverProperties = home.resolve("server.properties");
        this.log4j = home.resolve("log4j2.properties");
        this.port = ChildProcess.freePort();
        this.controllerPort = ChildProcess.freePort(port);
        this.process = new ChildProcess("Kafka broker on localhost:" + port, home.resolve("kafka.log"));
        // killed before its home goes, whether close() or the JVM's exit gets there first
        this.cleanup = ChildProcess.atJvmExit("kafka-process-cleanup", () -> {
            process.kill();
            ChildProcess.deleteTree(home);
        });
        this.classpath = resolveClasspath(repoRoot);
    }

    /**
     * Starts a broker whose home is a new directory under {@code parent} (e.g. {@code target/}), with the
     * jars {@code repoRoot/scripts/kafka.sh} resolves, and waits until it answers admin requests.
     */
    public static KafkaProcess start(Path repoRoot, Path parent) {
        KafkaProcess kafka = new KafkaProcess(repoRoot, parent);
        try {
            kafka.start();
            return kafka;
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public Path log() {
        return process.log();
    }

    /** How many times the process was started (1 after {@link #start(Path, Path)}, +1 per restart). */
    public synchronized int starts() {
        return starts;
    }

    /** Starts the process (again, on the same data directory and ports) unless it runs, and waits until ready. */
    public synchronized KafkaProcess start() {
        if (process.alive()) {
            return this;
        }
        writeConfig();
        if (!formatted) {
            String output = ChildProcess.run(Duration.ofMinutes(2), java("-Xmx256m", "kafka.tools.StorageTool",
                    "format", "-t", Uuid.randomUuid().toString(), "-c", serverProperties.toString(), "--standalone"));
            append(output);
            formatted = true;
        }
        process.start(java("-Xmx512m", "-XX:+UseSerialGC", "-Djava.awt.headless=true", "kafka.Kafka",
                serverProperties.toString()), Map.of());
        starts++;
        awaitReady(READY_TIMEOUT);
        return this;
    }

    /** Waits (bounded) until the broker answers an admin request; fails early if the process exited. */
    public KafkaProcess awaitReady(Duration atMost) {
        process.awaitReady(atMost, Duration.ofMillis(500), this::ready);
        return this;
    }

    /** Whether the broker answers an admin request within two seconds. */
    public boolean ready() {
        try (Admin admin = admin(2_000)) {
            admin.listTopics().names().get(3, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public boolean alive() {
        return process.alive();
    }

    /** SIGKILL: no controlled shutdown, nothing flushed by the broker — a crash. */
    public void kill() {
        process.kill();
    }

    /** SIGTERM (controlled shutdown); SIGKILL after 30 s. */
    public void stop() {
        process.stop();
    }

    /** Creates topics up front (idempotent), so that consumers do not race their auto-creation. */
    public void createTopics(List<String> topics, int partitions) {
        try (Admin admin = admin(10_000)) {
            TestKafka.createTopics(admin, topics, partitions);
        }
    }

    /** Stops the broker and deletes its home directory. */
    @Override
    public void close() {
        stop();
        cleanup.close();
    }

    private Admin admin(int timeoutMs) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        return Admin.create(props);
    }

    private void writeConfig() {
        String config = """
                # Written by testing/KafkaProcess on every start.
                process.roles=broker,controller
                node.id=1
                controller.quorum.bootstrap.servers=localhost:%2$d
                listeners=PLAINTEXT://localhost:%1$d,CONTROLLER://localhost:%2$d
                advertised.listeners=PLAINTEXT://localhost:%1$d
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                log.dirs=%3$s
                num.partitions=3
                default.replication.factor=1
                min.insync.replicas=1
                offsets.topic.replication.factor=1
                offsets.topic.num.partitions=3
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                auto.create.topics.enable=true
                group.initial.rebalance.delay.ms=0
                """.formatted(port, controllerPort, dataDir);
        String logging = """
                status = warn
                appender.stdout.type = Console
                appender.stdout.name = STDOUT
                appender.stdout.layout.type = PatternLayout
                appender.stdout.layout.pattern = [%d] %p %m (%c)%n
                rootLogger.level = INFO
                rootLogger.appenderRef.stdout.ref = STDOUT
                logger.request.name = kafka.request.logger
                logger.request.level = WARN
                logger.statechange.name = state.change.logger
                logger.statechange.level = WARN
                """;
        try {
            Files.createDirectories(dataDir);
            Files.writeString(serverProperties, config);
            Files.writeString(log4j, logging);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {@code java} command on the broker's jars and logging: JVM options, then the main class and arguments. */
    private List<String> java(String... optionsMainAndArguments) {
        List<String> command = new ArrayList<>(List.of(ChildProcess.java(), "-XX:TieredStopAtLevel=1",
                "-Dlog4j2.configurationFile=" + log4j, "-cp", classpath));
        command.addAll(List.of(optionsMainAndArguments));
        return command;
    }

    /** Adds a tool's output to the broker's log, where whoever reads it after a failure looks. */
    private void append(String output) {
        try {
            Files.writeString(log(), output, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code scripts/kafka.sh classpath}: resolved with Maven once, then cached by the script. */
    private static String resolveClasspath(Path repoRoot) {
        Path script = repoRoot.resolve("scripts/kafka.sh");
        try {
            Process resolve = new ProcessBuilder("bash", script.toString(), "classpath")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(resolve.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!resolve.waitFor(5, TimeUnit.MINUTES) || resolve.exitValue() != 0 || out.isEmpty()) {
                resolve.destroyForcibly();
                throw new IllegalStateException(script + " classpath failed (output above)");
            }
            String[] lines = out.split("\n");
            return lines[lines.length - 1].trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
