package io.sagaplatform.orchestrator.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.messaging.MessagingConfig;
import io.sagaplatform.messaging.relay.Publication;
import io.sagaplatform.orchestrator.application.DeliveryConfig;
import io.sagaplatform.orchestrator.application.ResendBudget;
import io.sagaplatform.orchestrator.engine.DeliveryEvidence.Delivery;
import io.sagaplatform.testing.TestKafka;

/**
 * Against a real broker: a command counts as consumed only once the participant's consumer group has committed
 * past it — whether its offset came from the relay or has to be bounded by the end of its partition.
 */
class CommandDeliveriesIT {

    private final String context = "delivery-" + UUID.randomUUID().toString().substring(0, 8);
    private final String topic = context + ".commands";
    private final String group = context + "-service"; // the convention: <context>.commands is read by <context>-service
    private final String repliesGroup = "orchestrator-" + context;
    private KafkaProducer<String, byte[]> producer;
    private CommandDeliveries deliveries;

    @BeforeEach
    void setUp() {
        TestKafka.createTopics(List.of(topic), 3);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        DeliveryConfig config = config();
        deliveries = new CommandDeliveries(config, new ResendBudget(config, Clock.systemUTC(), new SimpleMeterRegistry()),
                Clock.systemUTC(), new SimpleMeterRegistry(),
                Map.of("bootstrap.servers", TestKafka.bootstrapServers()), messaging(repliesGroup));
        TestKafka.createTopics(List.of(Topics.SAGA_REPLIES), 3);
        catchUpOnReplies(); // other tests' replies are not this test's business
    }

    /** The orchestrator's messaging configuration as far as the evidence reads it: its consumer group. */
    private static MessagingConfig messaging(String group) {
        return (MessagingConfig) Proxy.newProxyInstance(MessagingConfig.class.getClassLoader(),
                new Class<?>[] { MessagingConfig.class }, (proxy, method, args) -> {
                    if (method.getName().equals("serviceName")) {
                        return group;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** The orchestrator's consumer has read every reply there is. */
    private void catchUpOnReplies() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, repliesGroup);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.SAGA_REPLIES).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            Map<TopicPartition, OffsetAndMetadata> ends = new java.util.HashMap<>();
            consumer.endOffsets(partitions).forEach((tp, end) -> ends.put(tp, new OffsetAndMetadata(end)));
            consumer.commitSync(ends);
        }
    }

    @Test
    void aConsumedCommandWhoseSagaHasRepliesWaitingInTheOrchestratorsQueueIsNotTakenAsUnanswered() throws Exception {
        String sagaId = UUID.randomUUID().toString();
        RecordMetadata command = send(sagaId, "c1");
        deliveries.published(List.of(publication(command, "c1")));
        commit(command.partition(), command.offset() + 1);
        assertThat(deliveries.delivery(topic, "c1", sagaId)).isEqualTo(Delivery.CONSUMED);

        producer.send(new ProducerRecord<>(Topics.SAGA_REPLIES, sagaId, "reply".getBytes(StandardCharsets.UTF_8))).get();
        assertThat(deliveries.delivery(topic, "c1", sagaId)).as("the participant answered; we have not read it yet")
                .isEqualTo(Delivery.REPLY_QUEUED);

        catchUpOnReplies();
        assertThat(deliveries.delivery(topic, "c1", sagaId)).isEqualTo(Delivery.CONSUMED);
    }

    @AfterEach
    void tearDown() {
        producer.close();
        deliveries.close();
    }

    @Test
    void aCommandIsQueuedUntilTheParticipantsGroupCommitsPastIt() throws Exception {
        String sagaId = UUID.randomUUID().toString();
        RecordMetadata first = send(sagaId, "m1");
        RecordMetadata second = send(sagaId, "m2");
        deliveries.published(List.of(publication(first, "m1"), publication(second, "m2")));

        assertThat(deliveries.delivery(topic, "m1", sagaId)).as("nobody consumed yet").isEqualTo(Delivery.QUEUED);

        commit(first.partition(), first.offset() + 1); // the participant took m1, not m2
        assertThat(deliveries.delivery(topic, "m1", sagaId)).isEqualTo(Delivery.CONSUMED);
        assertThat(deliveries.delivery(topic, "m2", sagaId)).isEqualTo(Delivery.QUEUED);

        commit(second.partition(), second.offset() + 1);
        assertThat(deliveries.delivery(topic, "m2", sagaId)).isEqualTo(Delivery.CONSUMED);
    }

    @Test
    void aCommandThisProcessDidNotSeePublishedIsBoundedByTheEndOfItsPartition() throws Exception {
        String sagaId = UUID.randomUUID().toString();
        send(sagaId, "before-restart-1");
        RecordMetadata last = send(sagaId, "before-restart-2"); // published by another replica or before a restart

        assertThat(deliveries.delivery(topic, "before-restart-1", sagaId)).isEqualTo(Delivery.QUEUED);
        commit(last.partition(), last.offset()); // one short of the end: the bound is not passed yet
        assertThat(deliveries.delivery(topic, "before-restart-1", sagaId)).isEqualTo(Delivery.QUEUED);
        send(sagaId, "later"); // later commands do not move a bound already taken
        commit(last.partition(), last.offset() + 1);
        assertThat(deliveries.delivery(topic, "before-restart-1", sagaId)).isEqualTo(Delivery.CONSUMED);
    }

    @Test
    void aTopicThatIsNotACommandTopicIsNeverHeldBack() {
        assertThat(deliveries.delivery("order.events", "x", UUID.randomUUID().toString())).isEqualTo(Delivery.CONSUMED);
    }

    private RecordMetadata send(String key, String messageId) throws Exception {
        return producer.send(new ProducerRecord<>(topic, key, messageId.getBytes(StandardCharsets.UTF_8))).get();
    }

    private Publication publication(RecordMetadata ack, String messageId) {
        return new Publication(topic, messageId, ack.partition(), ack.offset(), Optional.empty(), Instant.now());
    }

    /** What the participant's consumer does after handling records: commits the next offset it will read. */
    private void commit(int partition, long nextOffset) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.commitSync(Map.of(new TopicPartition(topic, partition), new OffsetAndMetadata(nextOffset)));
        }
    }

    private static DeliveryConfig config() {
        return new DeliveryConfig() {
            public boolean evidence() {
                return true;
            }

            public Map<String, String> groups() {
                return Map.of();
            }

            public String repliesTopic() {
                return Topics.SAGA_REPLIES;
            }

            public Duration refreshEvery() {
                return Duration.ZERO; // read Kafka on every question: the test moves offsets between questions
            }

            public Duration adminTimeout() {
                return Duration.ofSeconds(10);
            }

            public int remembered() {
                return 1000;
            }

            public double resendRatio() {
                return 0.01;
            }

            public int resendBurst() {
                return 20;
            }

            public double resendsPerSecond() {
                return 0.2;
            }
        };
    }
}
