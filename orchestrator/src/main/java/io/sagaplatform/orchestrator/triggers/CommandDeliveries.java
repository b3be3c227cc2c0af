package io.sagaplatform.orchestrator.triggers;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sagaplatform.messaging.KafkaConnection;
import io.sagaplatform.messaging.MessagingConfig;
import io.sagaplatform.messaging.relay.Publication;
import io.sagaplatform.messaging.relay.PublicationListener;
import io.sagaplatform.orchestrator.application.DeliveryConfig;
import io.sagaplatform.orchestrator.application.ResendBudget;
import io.sagaplatform.orchestrator.engine.DeliveryEvidence;
import io.sagaplatform.orchestrator.engine.DeliveryEvidence.Delivery;
import io.smallrye.common.annotation.Identifier;

/**
 * Tells a command still waiting at its participant from one consumed without a reply, from Kafka's own
 * bookkeeping:
 * <ul>
 * <li>where each command landed (partition, offset) — the relay reports every acknowledged record
 * ({@link PublicationListener}); a command this process did not see published (sent before a restart, or by the
 * replica whose relay streams) gets, the first time it is asked about, the end of its partition as an upper
 * bound of its offset: it was published before its step timed out;</li>
 * <li>how far the participant's consumer group has committed on that partition, read with the admin client at
 * most every {@link DeliveryConfig#refreshEvery()} and only while timeouts ask.</li>
 * </ul>
 * Committed past the command: consumed — unless replies to the saga still wait unread in the orchestrator's own
 * queue ({@link DeliveryConfig#repliesTopic()}, its partition for the saga id), the answer may be one of them — so a
 * resend may help.
 * Not past it: the participant is behind or down, and the command will be consumed when it gets there — sending it
 * again would only queue a copy behind it. When
 * Kafka cannot be asked in time the answer is "consumed": the old behaviour, still bounded by the
 * {@link ResendBudget}.
 */
@Singleton
public class CommandDeliveries implements PublicationListener {

    private static final Logger LOG = Logger.getLogger(CommandDeliveries.class);
    private static final String COMMANDS_SUFFIX = ".commands";

    record Position(int partition, long offset) {
    }

    /** One topic's state as last read: partitions, and the group's committed offset per partition. */
    record Progress(int partitions, Map<Integer, Long> committed, Map<Integer, Long> ends, long readAtMillis) {
    }

    private final DeliveryConfig config;
    private final ResendBudget budget;
    private final Clock clock;
    private final Map<String, Object> kafkaConfig;
    private final Map<String, Position> positions;
    private final Map<String, Progress> progress = new HashMap<>();
    private final Counter queued;
    private final String repliesGroup;
    private Admin admin;

    CommandDeliveries(DeliveryConfig config, ResendBudget budget, Clock clock, MeterRegistry registry,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, MessagingConfig messaging) {
        this.config = config;
        this.repliesGroup = messaging.serviceName();
        this.budget = budget;
        this.clock = clock;
        this.kafkaConfig = kafkaConfig;
        int capacity = config.remembered();
        this.positions = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Position> eldest) {
                return size() > capacity;
            }
        };
        this.queued = Counter.builder("saga.commands.queued")
                .description("Reply timeouts of commands still waiting at their participant: not resent")
                .register(registry);
    }

    @Override
    public void published(List<Publication> batch) {
        synchronized (positions) {
            for (Publication publication : batch) {
                if (publication.messageId() != null && publication.topic().endsWith(COMMANDS_SUFFIX)) {
                    positions.put(publication.messageId(), new Position(publication.partition(), publication.offset()));
                }
            }
        }
    }

    /** The evidence the engine reads while it handles one saga's timer (commands are keyed by the saga id). */
    public DeliveryEvidence forSaga(UUID sagaId) {
        return new DeliveryEvidence() {
            @Override
            public Delivery delivery(String topic, String messageId) {
                Delivery delivery = config.evidence() ? CommandDeliveries.this.delivery(topic, messageId, sagaId.toString())
                        : Delivery.CONSUMED;
                if (delivery != Delivery.CONSUMED) {
                    queued.increment();
                }
                return delivery;
            }

            @Override
            public boolean takeResend() {
                return budget.take();
            }
        };
    }

    Delivery delivery(String topic, String messageId, String key) {
        if (!topic.endsWith(COMMANDS_SUFFIX)) {
            return Delivery.CONSUMED;
        }
        Optional<Progress> read = progress(topic);
        if (read.isEmpty()) {
            return Delivery.CONSUMED;
        }
        Progress now = read.get();
        Position position;
        synchronized (positions) {
            position = positions.get(messageId);
            if (position == null) {
                int partition = partitionOf(key, now.partitions());
                position = new Position(partition, now.ends().getOrDefault(partition, 0L) - 1);
                positions.put(messageId, position);
            }
        }
        long committed = now.committed().getOrDefault(position.partition(), 0L); // the next offset the group reads
        if (committed <= position.offset()) {
            return Delivery.QUEUED;
        }
        // consumed: its reply may be waiting in our own queue, behind others (the orchestrator is the one behind)
        Optional<Progress> replies = progress(config.repliesTopic(), repliesGroup);
        if (replies.isPresent() && replies.get().partitions() > 0) {
            int partition = partitionOf(key, replies.get().partitions());
            long repliesRead = replies.get().committed().getOrDefault(partition, 0L);
            if (repliesRead < replies.get().ends().getOrDefault(partition, 0L)) {
                return Delivery.REPLY_QUEUED;
            }
        }
        return Delivery.CONSUMED;
    }

    private static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** A command topic's progress: read by its participant's group. */
    private Optional<Progress> progress(String topic) {
        return progress(topic, config.groups().getOrDefault(topic,
                topic.substring(0, topic.length() - COMMANDS_SUFFIX.length()) + "-service"));
    }

    /** The topic's progress, read again when older than the refresh period; empty when Kafka did not answer. */
    private synchronized Optional<Progress> progress(String topic, String group) {
        Progress cached = progress.get(topic);
        long now = clock.millis();
        if (cached != null && now - cached.readAtMillis() < config.refreshEvery().toMillis()) {
            return Optional.of(cached);
        }
        long timeout = config.adminTimeout().toMillis();
        try {
            Admin client = admin();
            TopicDescription description = client.describeTopics(List.of(topic)).allTopicNames()
                    .get(timeout, TimeUnit.MILLISECONDS).get(topic);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = client.listOffsets(latest).all()
                    .get(timeout, TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = client.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(timeout, TimeUnit.MILLISECONDS);
            Map<Integer, Long> endByPartition = new HashMap<>();
            ends.forEach((tp, info) -> endByPartition.put(tp.partition(), info.offset()));
            Map<Integer, Long> committedByPartition = new HashMap<>();
            committed.forEach((tp, offset) -> {
                if (tp.topic().equals(topic) && offset != null) {
                    committedByPartition.put(tp.partition(), offset.offset());
                }
            });
            Progress read = new Progress(description.partitions().size(), committedByPartition, endByPartition, now);
            progress.put(topic, read);
            return Optional.of(read);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warnf("Could not read the progress of group %s on %s (%s): a timed-out command counts as consumed",
                    group, topic, e.toString());
            return Optional.empty();
        }
    }

    private Admin admin() {
        if (admin == null) {
            Map<String, Object> props = KafkaConnection.settings(kafkaConfig);
            props.put(AdminClientConfig.CLIENT_ID_CONFIG, "orchestrator-delivery-evidence");
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) config.adminTimeout().toMillis());
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) config.adminTimeout().toMillis());
            admin = Admin.create(props);
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(2));
        }
    }
}
