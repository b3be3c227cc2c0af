package io.sagaplatform.messaging;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Future;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.smallrye.common.annotation.Identifier;

/**
 * The one Kafka producer of a service, used only by infrastructure: the outbox relay and the dead-letter
 * publisher. Durable by construction: {@code acks=all} and idempotence, so an acknowledged send is on every
 * in-sync replica and a retried one is not duplicated by the producer. A user that saw it fail in a way it does not
 * get over replaces it with a fresh one ({@link #renew()}).
 */
@Singleton
public class PlatformProducer {

    /** How long sends in flight on a producer being replaced get to complete. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private final Map<String, Object> settings;
    private volatile KafkaProducer<String, byte[]> producer;

    PlatformProducer(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, MessagingConfig config) {
        Map<String, Object> props = KafkaConnection.settings(kafkaConfig);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, config.serviceName() + "-relay");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, (int) config.relay().linger().toMillis());
        int deliveryTimeout = (int) config.relay().sendTimeout().toMillis();
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(deliveryTimeout, 30_000));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                Math.max(deliveryTimeout, Math.min(deliveryTimeout, 30_000) + (int) config.relay().linger().toMillis()));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, deliveryTimeout);
        this.settings = props;
        this.producer = open();
    }

    private KafkaProducer<String, byte[]> open() {
        return new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
    }

    public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
        return producer.send(record);
    }

    public void flush() {
        producer.flush();
    }

    /**
     * Closes the producer and opens a fresh one with the same settings. For a user that saw a send fail in a way a
     * Kafka producer does not get over — fenced, not authorised, closed —, after which it fails every later send.
     * Sends in flight on the old producer get a few seconds to complete; a send that reaches it while it closes fails,
     * as it would have on the broken producer. The old one is closed first so that the new one can take its client id.
     */
    public synchronized void renew() {
        producer.close(CLOSE_GRACE);
        producer = open();
    }

    @PreDestroy
    synchronized void close() {
        producer.close();
    }
}
