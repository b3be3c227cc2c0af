package io.sagaplatform.orchestrator.dashboard;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.sagaplatform.contracts.Headers;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.messaging.KafkaConnection;
import io.sagaplatform.messaging.PlatformProducer;
import io.smallrye.common.annotation.Identifier;

/**
 * The platform's dead-letter topics ({@code <topic>.dlq} of every topic in {@link Topics#all()}) as an operator
 * reads them: what is parked there, one record by its coordinates, how many each holds — and the way back, a parked
 * record sent again to the topic it came from, unchanged but for the {@code dlq-*} headers, so that it keeps its
 * message id ({@code ce_id}) and the receiver's inbox applies it at most once.
 *
 * <p>One consumer without a group (it commits nothing and joins no rebalance; it reads by assigning partitions and
 * seeking), shared under a lock: the operator API and the depth metric are rare callers. The way back goes through
 * the service's one {@link PlatformProducer}, like the dead letter itself: a replay re-sends a record that already
 * exists with its id, which an outbox row — a new message — is not.
 */
@ApplicationScoped
public class DeadLetterTopics {

    /** Longest wait for the broker in one read. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    private static final String DLQ_PREFIX = "dlq-";
    private static final String DLQ_SUFFIX = ".dlq";

    private final Map<String, Object> kafkaConfig;
    private final PlatformProducer producer;
    private KafkaConsumer<String, byte[]> consumer;

    DeadLetterTopics(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, PlatformProducer producer) {
        this.kafkaConfig = kafkaConfig;
        this.producer = producer;
    }

    /** A record parked on {@code dlqTopic}, with what its dead-letter headers say about it. */
    public record Parked(String dlqTopic, int partition, long offset, Instant parkedAt, String key,
            Map<String, String> headers, String payload, boolean payloadBase64, String reason, String consumer,
            String originalTopic, Integer originalPartition, Long originalOffset, String messageId, String messageType,
            String sagaId, String exception, ProducerRecord<String, byte[]> replay) {
    }

    /** The first and next offset of each partition of a dead-letter topic: what it holds now. */
    public record Extent(int partition, long first, long next) {

        public long size() {
            return next - first;
        }
    }

    /** Whether {@code topic} is a platform topic, whose dead letters this reads. */
    public static boolean known(String topic) {
        return Topics.all().contains(topic);
    }

    /** What each partition of {@code topic}'s dead-letter topic holds; none when it does not exist yet. */
    public synchronized List<Extent> extents(String topic) {
        List<TopicPartition> partitions = partitions(Topics.deadLetter(topic));
        if (partitions.isEmpty()) {
            return List.of();
        }
        Map<TopicPartition, Long> first = consumer().beginningOffsets(partitions, READ_TIMEOUT);
        Map<TopicPartition, Long> next = consumer().endOffsets(partitions, READ_TIMEOUT);
        return partitions.stream().map(p -> new Extent(p.partition(), first.get(p), next.get(p))).toList();
    }

    /** The first {@code max} records parked on {@code topic}'s dead-letter topic, in partition and offset order. */
    public synchronized List<Parked> read(String topic, int max) {
        String dlq = Topics.deadLetter(topic);
        List<Parked> found = new ArrayList<>();
        for (Extent extent : extents(topic)) {
            TopicPartition partition = new TopicPartition(dlq, extent.partition());
            consumer().assign(List.of(partition));
            consumer().seek(partition, extent.first());
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (consumer().position(partition, READ_TIMEOUT) < extent.next() && found.size() < max
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer().poll(Duration.ofMillis(200))) {
                    if (record.offset() >= extent.next() || found.size() >= max) {
                        break;
                    }
                    found.add(parked(record));
                }
            }
        }
        consumer().assign(List.of());
        return found;
    }

    /** The record parked at {@code partition}/{@code offset} of {@code topic}'s dead-letter topic, if it is there. */
    public synchronized Optional<Parked> find(String topic, int partition, long offset) {
        Optional<Extent> extent = extents(topic).stream().filter(e -> e.partition() == partition).findFirst();
        if (extent.isEmpty() || offset < extent.get().first() || offset >= extent.get().next()) {
            return Optional.empty();
        }
        TopicPartition tp = new TopicPartition(Topics.deadLetter(topic), partition);
        consumer().assign(List.of(tp));
        try {
            consumer().seek(tp, offset);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer().poll(Duration.ofMillis(200))) {
                    if (record.offset() == offset) {
                        return Optional.of(parked(record));
                    }
                    if (record.offset() > offset) {
                        return Optional.empty(); // a compacted or aborted offset: no record there
                    }
                }
            }
            throw new IllegalStateException("Could not read " + tp + "@" + offset + " within " + READ_TIMEOUT);
        } finally {
            consumer().assign(List.of());
        }
    }

    /**
     * Sends a parked record back to the topic it came from and waits for the broker's acknowledgement: same key,
     * value and headers without the {@code dlq-*} ones, so the same message id; keyed records go where their key
     * leads (per-key order), a record without a key to the partition it was read from.
     */
    public RecordMetadata replay(Parked parked) {
        try {
            return producer.send(parked.replay()).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while replaying " + parked.dlqTopic() + "-"
                    + parked.partition() + "@" + parked.offset(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not replay " + parked.dlqTopic() + "-" + parked.partition() + "@"
                    + parked.offset() + " to " + parked.replay().topic() + ": " + e.getMessage(), e);
        }
    }

    private List<TopicPartition> partitions(String dlq) {
        List<PartitionInfo> infos = consumer().partitionsFor(dlq, READ_TIMEOUT);
        if (infos == null) {
            return List.of();
        }
        return infos.stream().map(i -> new TopicPartition(dlq, i.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
    }

    private static Parked parked(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            if (!header.key().equals(Headers.DLQ_EXCEPTION)) {
                headers.put(header.key(), header.value() == null ? null : text(header.value()).orElse("(binary)"));
            }
        }
        String originalTopic = headers.get(Headers.DLQ_ORIGINAL_TOPIC);
        Integer originalPartition = number(headers.get(Headers.DLQ_ORIGINAL_PARTITION)).map(Long::intValue)
                .orElse(null);
        // back to the topic whose dead-letter topic it is (what the publisher names dlq-original-topic): a header
        // cannot send a record anywhere else
        String target = record.topic().substring(0, record.topic().length() - DLQ_SUFFIX.length());
        ProducerRecord<String, byte[]> replay = new ProducerRecord<>(target,
                record.key() == null ? originalPartition : null, record.key(), record.value());
        for (Header header : record.headers()) {
            if (!header.key().startsWith(DLQ_PREFIX)) {
                replay.headers().add(header);
            }
        }
        Optional<String> payload = record.value() == null ? Optional.empty() : text(record.value());
        return new Parked(record.topic(), record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                record.key(), headers,
                record.value() == null ? null : payload.orElseGet(() -> Base64.getEncoder().encodeToString(record.value())),
                record.value() != null && payload.isEmpty(), headers.get(Headers.DLQ_REASON),
                headers.get(Headers.DLQ_CONSUMER), originalTopic, originalPartition,
                number(headers.get(Headers.DLQ_ORIGINAL_OFFSET)).orElse(null), headers.get(Headers.CE_ID),
                headers.get(Headers.CE_TYPE), headers.get(Headers.SAGA_ID),
                Optional.ofNullable(record.headers().lastHeader(Headers.DLQ_EXCEPTION))
                        .flatMap(h -> h.value() == null ? Optional.empty() : text(h.value())).orElse(null),
                replay);
    }

    /** The bytes as UTF-8 text, or empty when they are not (a binary payload is shown in Base64). */
    private static Optional<String> text(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> number(String value) {
        try {
            return value == null ? Optional.empty() : Optional.of(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        if (consumer == null) {
            Map<String, Object> props = KafkaConnection.settings(kafkaConfig);
            props.put(ConsumerConfig.CLIENT_ID_CONFIG, "orchestrator-dead-letter-reader");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        }
        return consumer;
    }

    @PreDestroy
    synchronized void close() {
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(2));
        }
    }
}
