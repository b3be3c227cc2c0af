package io.sagaplatform.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.sagaplatform.contracts.Headers;
import io.sagaplatform.contracts.Topics;

/**
 * Redelivery as Kafka can do it to a consumer: records that were already delivered arrive again — the same
 * bytes, key and headers, so the same {@code ce_id} — and an older message of a saga arrives after a newer one.
 * Records are read back from the topics and produced again onto the same partition.
 */
final class Redelivery {

    /** The topics some service consumes. */
    static final List<String> CONSUMED = List.of(Topics.ORDER_EVENTS, Topics.ORDER_COMMANDS, Topics.INVENTORY_COMMANDS,
            Topics.PAYMENT_COMMANDS, Topics.SHIPPING_COMMANDS, Topics.SAGA_REPLIES);

    /** What a redelivery fault sent: copies with their original id, and older replies under a new id. */
    record Sent(int sameId, int freshId, String detail) {
    }

    private final String bootstrap;
    /** {@code ce_id}s of replies re-sent under a new id: their inbox rows have no outbox row behind them. */
    private final Set<String> freshIds = java.util.concurrent.ConcurrentHashMap.newKeySet();

    Redelivery(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    Set<String> freshIds() {
        return freshIds;
    }

    /** Up to {@code max} records already on one randomly chosen consumed topic, produced again unchanged. */
    Sent duplicate(Random random, int max) {
        String topic = CONSUMED.get(random.nextInt(CONSUMED.size()));
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(readAll(List.of(topic), Duration.ofSeconds(60)));
        java.util.Collections.shuffle(records, random);
        List<ProducerRecord<byte[], byte[]>> copies = records.stream().limit(max).map(r -> copy(r, null)).toList();
        send(copies);
        return new Sent(copies.size(), 0, copies.size() + " on " + topic);
    }

    /**
     * For up to {@code maxSagas} sagas, the oldest command or reply of one of their topics sent again after the
     * newer ones: commands unchanged (a late redelivery), replies half unchanged and half under a new
     * {@code ce_id} (a participant answering again late, as it does for a command it sees twice).
     */
    Sent outOfOrder(Random random, int maxSagas) {
        // replies half of the time (the orchestrator's stale-reply rule), otherwise one of the command topics
        List<String> commands = List.of(Topics.INVENTORY_COMMANDS, Topics.PAYMENT_COMMANDS, Topics.SHIPPING_COMMANDS,
                Topics.ORDER_COMMANDS);
        String topic = random.nextBoolean() ? Topics.SAGA_REPLIES : commands.get(random.nextInt(commands.size()));
        Map<String, List<ConsumerRecord<byte[], byte[]>>> bySaga = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(List.of(topic), Duration.ofSeconds(60))) {
            String saga = header(r, Headers.SAGA_ID);
            if (saga != null) {
                bySaga.computeIfAbsent(saga, s -> new ArrayList<>()).add(r);
            }
        }
        List<List<ConsumerRecord<byte[], byte[]>>> candidates = new ArrayList<>(
                bySaga.values().stream().filter(l -> l.size() >= 2).toList());
        java.util.Collections.shuffle(candidates, random);
        List<ProducerRecord<byte[], byte[]>> late = new ArrayList<>();
        int fresh = 0;
        for (List<ConsumerRecord<byte[], byte[]>> saga : candidates.subList(0, Math.min(maxSagas, candidates.size()))) {
            ConsumerRecord<byte[], byte[]> oldest = saga.stream().min(Comparator.comparingLong(ConsumerRecord::offset))
                    .orElseThrow();
            String newId = null;
            if (topic.equals(Topics.SAGA_REPLIES) && random.nextBoolean()) {
                newId = UUID.randomUUID().toString();
                freshIds.add(newId);
                fresh++;
            }
            late.add(copy(oldest, newId));
        }
        send(late);
        return new Sent(late.size() - fresh, fresh, late.size() + " older on " + topic + " (" + fresh + " with a new id)");
    }

    /** Per topic: records whose {@code ce_id} appeared earlier on the same topic. */
    Map<String, Integer> duplicatesOnTheLog(Collection<String> topics) {
        Map<String, Integer> duplicates = new LinkedHashMap<>();
        Map<String, Set<String>> seen = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(topics, Duration.ofMinutes(2))) {
            String id = header(r, Headers.CE_ID);
            if (id != null && !seen.computeIfAbsent(r.topic(), t -> new HashSet<>()).add(id)) {
                duplicates.merge(r.topic(), 1, Integer::sum);
            }
        }
        return duplicates;
    }

    /** Records parked on any {@code <topic>.dlq}, by dead-letter topic, each with its {@code dlq-reason}. */
    Map<String, List<String>> deadLetters() {
        List<String> dlqs = existingTopics().stream().filter(t -> t.endsWith(".dlq")).sorted().toList();
        Map<String, List<String>> parked = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(dlqs, Duration.ofMinutes(1))) {
            parked.computeIfAbsent(r.topic(), t -> new ArrayList<>())
                    .add(header(r, Headers.CE_TYPE) + " " + header(r, Headers.CE_ID) + ": " + header(r, "dlq-reason"));
        }
        return parked;
    }

    private Set<String> existingTopics() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot list topics: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every record on {@code topics} from the beginning up to their end offsets at the time of the call. */
    List<ConsumerRecord<byte[], byte[]>> readAll(Collection<String> topics, Duration atMost) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
                if (infos != null) {
                    infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
                }
            }
            if (partitions.isEmpty()) {
                return records;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Instant deadline = Instant.now().plus(atMost);
            while (partitions.stream().anyMatch(p -> consumer.position(p, Duration.ofSeconds(30)) < end.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("Could not read " + topics + " to their end within " + atMost);
                }
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    private void send(List<ProducerRecord<byte[], byte[]>> records) {
        if (records.isEmpty()) {
            return;
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
            records.forEach(r -> acks.add(producer.send(r)));
            for (java.util.concurrent.Future<?> ack : acks) {
                ack.get(90, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not redeliver: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The record again, on its own partition, with every header; {@code newId} replaces {@code ce_id} if set. */
    private static ProducerRecord<byte[], byte[]> copy(ConsumerRecord<byte[], byte[]> r, String newId) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : r.headers()) {
            if (newId != null && h.key().equals(Headers.CE_ID)) {
                headers.add(new RecordHeader(Headers.CE_ID, newId.getBytes(StandardCharsets.UTF_8)));
            } else {
                headers.add(new RecordHeader(h.key(), h.value()));
            }
        }
        return new ProducerRecord<>(r.topic(), r.partition(), r.key(), r.value(), headers);
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
