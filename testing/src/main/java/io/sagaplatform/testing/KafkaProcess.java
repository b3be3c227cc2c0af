package io.sagaplatform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.sagaplatform.stack.ChildProcess;
import io.sagaplatform.stack.KafkaBroker;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A real Kafka 4.1.1 broker (KRaft, one node as broker + controller) as its own OS process, so that a test
 * can {@code kill -9} it and start it again on the same data directory and the same ports — what the in-JVM
 * {@link TestKafka} cannot do. The stack module's {@link KafkaBroker}, the same broker with the same settings as
 * {@code ./saga run}'s, with a temporary home, free ports and readiness asked with the Admin client.
 *
 * <p>Its home (config, data, log) is a fresh directory under the given parent, deleted by {@link #close()};
 * a JVM shutdown hook kills the process and deletes the directory if the test never gets that far.
 */
public final class KafkaProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

    private final KafkaBroker broker;
    private final ChildProcess.Cleanup cleanup;

    private KafkaProcess(Path repoRoot, Path parent) {
        Path home;
        try {
            Files.createDirectories(parent);
            home = Files.createTempDirectory(parent, "kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the broker's directory under " + parent, e);
        }
        int port = ChildProcess.freePort();
        this.broker = KafkaBroker.forTest(repoRoot, home, port, ChildProcess.freePort(port));
        // killed before its home goes, whether close() or the JVM's exit gets there first
        this.cleanup = ChildProcess.atJvmExit("kafka-process-cleanup", () -> {
            broker.kill();
            ChildProcess.deleteTree(home);
        });
    }

    /**
     * Starts a broker whose home is a new directory under {@code parent} (e.g. {@code target/}), with the
     * jars of {@code repoRoot/scripts/kafka/pom.xml}, and waits until it answers admin requests.
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
        return broker.bootstrapServers();
    }

    public Path log() {
        return broker.log();
    }

    /** How many times the process was started (1 after {@link #start(Path, Path)}, +1 per restart). */
    public int starts() {
        return broker.starts();
    }

    /** Starts the process (again, on the same data directory and ports) unless it runs, and waits until ready. */
    public KafkaProcess start() {
        broker.start(READY_TIMEOUT, this::ready);
        return this;
    }

    /** Waits (bounded) until the broker answers an admin request; fails early if the process exited. */
    public KafkaProcess awaitReady(Duration atMost) {
        broker.process().awaitReady(atMost, Duration.ofMillis(500), this::ready);
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
        return broker.alive();
    }

    /** SIGKILL: no controlled shutdown, nothing flushed by the broker — a crash. */
    public void kill() {
        broker.kill();
    }

    /** SIGTERM (controlled shutdown); SIGKILL after 30 s. */
    public void stop() {
        broker.stop();
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
}
