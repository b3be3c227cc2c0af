package io.sagaplatform.messaging;

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
 * in-sync replica and a retried one is not duplicated by the producer.
 */
@Singleton
public class PlatformProducer {

    private final KafkaProducer<String, byte[]> producer;

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
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
        return producer.send(record);
    }

    public void flush() {
        producer.flush();
    }

    @PreDestroy
    void close() {
        producer.close();
    }
}
