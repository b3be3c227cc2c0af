package io.sagaplatform.orchestrator.triggers;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import io.sagaplatform.contracts.Headers;
import io.sagaplatform.orchestrator.engine.DeadLetter;

/**
 * A record on a command topic's {@code .dlq}, read as the saga it belongs to and the {@link DeadLetter} the engine
 * judges: the command's own headers ({@code saga-id}, {@code step}, {@code attempt}, {@code ce_id}, {@code ce_type})
 * travel with it, and the participant's dead-letter publisher added who gave up ({@code dlq-consumer}), why
 * ({@code dlq-reason}) and where the command was read ({@code dlq-original-*}).
 *
 * @param key the inbox key: the original record's coordinates, so that the same command dead-lettered twice from
 *        the same offset (the participant stopped after parking it, before committing) counts once, while each
 *        resend parked anew counts on its own
 */
record DeadLetteredCommand(UUID sagaId, DeadLetter letter, String key) {

    /** Longest participant reason kept: the saga's failure reason and its timeline say it, not a stack trace. */
    static final int MAX_REASON = 500;
    private static final int MAX_KEY = 200;

    /** A dead letter that does not say which saga command it was: logged and skipped, never parked again. */
    static final class Unreadable extends IllegalArgumentException {
        Unreadable(String message) {
            super(message);
        }
    }

    static DeadLetteredCommand read(ConsumerRecord<String, byte[]> record) {
        String sagaHeader = required(record, Headers.SAGA_ID);
        UUID sagaId;
        try {
            sagaId = UUID.fromString(sagaHeader);
        } catch (IllegalArgumentException e) {
            throw new Unreadable("header " + Headers.SAGA_ID + " is not a UUID: '" + sagaHeader + "'");
        }
        String attemptHeader = required(record, Headers.ATTEMPT);
        int attempt;
        try {
            attempt = Integer.parseInt(attemptHeader);
        } catch (NumberFormatException e) {
            throw new Unreadable("header " + Headers.ATTEMPT + " is not a whole number: '" + attemptHeader + "'");
        }
        String reason = header(record, Headers.DLQ_REASON).orElse("no reason given");
        DeadLetter letter = new DeadLetter(required(record, Headers.STEP), attempt, required(record, Headers.CE_ID),
                header(record, Headers.CE_TYPE).orElse(null),
                header(record, Headers.DLQ_CONSUMER).orElse("an unnamed consumer"),
                reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 1) + "…");
        return new DeadLetteredCommand(sagaId, letter, key(record));
    }

    private static String key(ConsumerRecord<String, byte[]> record) {
        Optional<String> topic = header(record, Headers.DLQ_ORIGINAL_TOPIC);
        Optional<String> partition = header(record, Headers.DLQ_ORIGINAL_PARTITION);
        Optional<String> offset = header(record, Headers.DLQ_ORIGINAL_OFFSET);
        String key = topic.isPresent() && partition.isPresent() && offset.isPresent()
                ? "dead letter of " + topic.get() + "-" + partition.get() + "@" + offset.get()
                : "dead letter at " + coordinates(record);
        return key.length() <= MAX_KEY ? key
                : UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Where the record was read, for the log. */
    static String coordinates(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    private static String required(ConsumerRecord<String, byte[]> record, String name) {
        return header(record, name).orElseThrow(() -> new Unreadable("header " + name + " is missing"));
    }

    static Optional<String> header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null || header.value() == null) {
            return Optional.empty();
        }
        String value = new String(header.value(), StandardCharsets.UTF_8).trim();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}
