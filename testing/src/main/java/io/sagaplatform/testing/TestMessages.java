package io.sagaplatform.testing;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;

import io.sagaplatform.contracts.Headers;
import io.sagaplatform.contracts.Message;
import io.sagaplatform.contracts.MessageType;
import io.sagaplatform.contracts.WireFormat;

/**
 * Kafka records exactly as the platform's relay publishes them (CloudEvents binary mode plus saga
 * headers), for tests that play the orchestrator or a participant. Tests that need a malformed record
 * start from one of these and remove or replace a header.
 */
public final class TestMessages {

    private TestMessages() {
    }

    /** A saga command or reply keyed by the saga id, with its saga context headers. */
    public static <T extends Message> ProducerRecord<String, byte[]> saga(String topic, MessageType<T> type, T payload,
            UUID sagaId, String step, int attempt, String messageId) {
        ProducerRecord<String, byte[]> record = plain(topic, sagaId.toString(), type, payload, messageId);
        record.headers()
                .add(Headers.SAGA_ID, bytes(sagaId.toString()))
                .add(Headers.SAGA_TYPE, bytes("place-order"))
                .add(Headers.STEP, bytes(step))
                .add(Headers.ATTEMPT, bytes(Integer.toString(attempt)));
        return record;
    }

    /** A message without saga context (an event), under the given key. */
    public static <T extends Message> ProducerRecord<String, byte[]> plain(String topic, String key, MessageType<T> type,
            T payload, String messageId) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, key, WireFormat.encode(payload));
        record.headers()
                .add(Headers.CE_SPECVERSION, bytes(Headers.SPEC_VERSION))
                .add(Headers.CE_ID, bytes(messageId))
                .add(Headers.CE_TYPE, bytes(type.name()))
                .add(Headers.CE_SOURCE, bytes("/test"))
                .add(Headers.CONTENT_TYPE, bytes(Headers.JSON))
                .add(Headers.SCHEMA_VERSION, bytes(Integer.toString(type.version())));
        return record;
    }

    /** The same record with one header replaced (or removed, when {@code value} is null). */
    public static ProducerRecord<String, byte[]> withHeader(ProducerRecord<String, byte[]> record, String name,
            String value) {
        ProducerRecord<String, byte[]> copy = new ProducerRecord<>(record.topic(), null, record.key(), record.value());
        record.headers().forEach(h -> {
            if (!h.key().equals(name)) {
                copy.headers().add(h);
            }
        });
        if (value != null) {
            copy.headers().add(name, bytes(value));
        }
        return copy;
    }

    /** The same record with another body (for unreadable-payload tests). */
    public static ProducerRecord<String, byte[]> withBody(ProducerRecord<String, byte[]> record, String body) {
        return new ProducerRecord<>(record.topic(), null, record.key(), body == null ? null : bytes(body),
                record.headers());
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
