package io.sagaplatform.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * One real Kafka 4.1.1 broker (KRaft, combined broker + controller) inside the test JVM, started on first
 * use and closed, with its log directories, when the JVM exits.
 */
public final class TestKafka {

    /**
     * Quarkus loads test classes in more than one class loader; the broker's address is kept in a system
     * property so that every loader finds the one broker of the JVM instead of starting its own.
     */
    private static final String PROPERTY = "saga.test.kafka.bootstrap-servers";

    private TestKafka() {
    }

    public static String bootstrapServers() {
        synchronized (System.class) {
            String running = System.getProperty(PROPERTY);
            if (running != null) {
                return running;
            }
            KafkaClusterTestKit started = start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (Exception e) {
                    System.err.println("Could not stop the test Kafka broker: " + e);
                }
            }, "test-kafka-shutdown"));
            System.setProperty(PROPERTY, started.bootstrapServers());
            return started.bootstrapServers();
        }
    }

    /** Creates topics up front (idempotent), so that consumers do not race their auto-creation. */
    public static void createTopics(List<String> topics, int partitions) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            createTopics(admin, topics, partitions);
        }
    }

    /** Creates each topic that does not exist yet, with {@code partitions} partitions, on {@code admin}'s broker. */
    static void createTopics(Admin admin, List<String> topics, int partitions) {
        try {
            for (String topic : topics) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Cannot create topic " + topic, e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static KafkaClusterTestKit start() {
        try {
            // Our own directory: Kafka's default temp directories are deleted by a JVM shutdown hook that races
            // the broker's own shutdown, and a broker that loses its only log dir halts the JVM (exit 1).
            Path base = Files.createTempDirectory("saga-test-kafka-");
            KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setBaseDirectory(base)
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
                    .setConfigProp("auto.create.topics.enable", "true")
                    .setConfigProp("num.partitions", "3")
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "3")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            return kit;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the in-JVM Kafka broker: " + e.getMessage(), e);
        }
    }
}
