package io.sagaplatform.messaging.dispatch;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import io.sagaplatform.contracts.Headers;
import io.sagaplatform.messaging.SagaContext;

/** Reads the {@link Envelope} of a Kafka record; anything missing or malformed is a dead-letter reason. */
final class EnvelopeReader {

    private EnvelopeReader() {
    }

    static Envelope read(ConsumerRecord<String, byte[]> record) {
        String id = required(record, Headers.CE_ID);
        String type = required(record, Headers.CE_TYPE);
        int version = integer(Headers.SCHEMA_VERSION, required(record, Headers.SCHEMA_VERSION));
        Optional<SagaContext> saga = Optional.empty();
        Optional<String> sagaId = optional(record, Headers.SAGA_ID);
        if (sagaId.isPresent()) {
            UUID parsed;
            try {
                parsed = UUID.fromString(sagaId.get());
            } catch (IllegalArgumentException e) {
                throw new DeadLetterException("Header " + Headers.SAGA_ID + " is not a UUID: '" + sagaId.get() + "'");
            }
            int attempt = integer(Headers.ATTEMPT, required(record, Headers.ATTEMPT));
            try {
                saga = Optional.of(new SagaContext(parsed, required(record, Headers.SAGA_TYPE),
                        required(record, Headers.STEP), attempt));
            } catch (IllegalArgumentException e) {
                throw new DeadLetterException("Invalid saga headers: " + e.getMessage());
            }
        }
        Optional<Instant> time = optional(record, Headers.CE_TIME).map(value -> {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new DeadLetterException("Header " + Headers.CE_TIME + " is not an RFC 3339 time: '" + value + "'");
            }
        });
        return new Envelope(id, type, version, optional(record, Headers.CE_SOURCE).orElse(""), time,
                optional(record, Headers.CE_SUBJECT), record.key(), saga, optional(record, Headers.CAUSATION_ID),
                optional(record, Headers.TRACEPARENT), record.topic(), record.partition(), record.offset());
    }

    private static String required(ConsumerRecord<String, byte[]> record, String name) {
        return optional(record, name)
                .orElseThrow(() -> new DeadLetterException("Missing required header " + name));
    }

    private static Optional<String> optional(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null || header.value() == null) {
            return Optional.empty();
        }
        String value = new String(header.value(), StandardCharsets.UTF_8).trim();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new DeadLetterException("Header " + name + " is not a whole number: '" + value + "'");
        }
    }
}
