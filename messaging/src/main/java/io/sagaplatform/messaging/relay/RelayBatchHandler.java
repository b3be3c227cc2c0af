package io.sagaplatform.messaging.relay;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.jboss.logging.Logger;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.opentelemetry.api.trace.Span;
import io.sagaplatform.contracts.Headers;
import io.sagaplatform.messaging.tracing.MessageTracing;

/**
 * Publishes one engine batch. Every outbox record of the batch is sent, then the handler waits for every
 * acknowledgement, and only then marks the records processed, in order. If any send fails, nothing of the
 * batch is marked, the handler refuses every later batch of this engine instance (Debezium would otherwise
 * go on and commit positions past the failed record), and the relay restarts the engine from the last
 * committed position. That holds for whatever the send throws, an {@link Error} too (a StackOverflowError while
 * serializing, say): the guarantee must not depend on the failure's type.
 *
 * <p>Each record that carries a trace context is sent under a PRODUCER span ({@link MessageTracing#startSend}),
 * ended when the broker acknowledged it, or marked failed with the batch.
 *
 * <p>Records that are not outbox messages — Debezium heartbeats and the heartbeat table's changes, which
 * exist only to move the slot forward — are marked processed without being sent.
 */
final class RelayBatchHandler implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {

    private static final Logger LOG = Logger.getLogger(RelayBatchHandler.class);
    private static final byte[] SPEC_VERSION = Headers.SPEC_VERSION.getBytes(StandardCharsets.UTF_8);
    private static final byte[] JSON = Headers.JSON.getBytes(StandardCharsets.UTF_8);
    /** EventRouter's own id header; the same value travels as ce_id. */
    private static final String EVENT_ROUTER_ID_HEADER = "id";
    /** The embedded engine's context headers (connector name, run id): internal, not part of the envelope. */
    private static final String DEBEZIUM_CONTEXT_HEADERS = "__debezium";

    /** Where the handler sends; the platform producer in production. */
    interface Sender {
        Future<RecordMetadata> send(ProducerRecord<String, byte[]> record);
    }

    private final Sender sender;
    private final Duration ackTimeout;
    private final Clock clock;
    private final Consumer<List<Publication>> onPublished;
    private final Consumer<Throwable> onFailure;
    private final MessageTracing tracing;
    private volatile Throwable failure;

    /**
     * @param onPublished called after a batch was acknowledged and marked, with each published record's topic,
     *        outbox time and acknowledgement time (read from {@code clock} as each acknowledgement is seen)
     */
    RelayBatchHandler(Sender sender, Duration ackTimeout, Clock clock, Consumer<List<Publication>> onPublished,
            Consumer<Throwable> onFailure, MessageTracing tracing) {
        this.tracing = tracing;
        this.sender = sender;
        this.ackTimeout = ackTimeout;
        this.clock = clock;
        this.onPublished = onPublished;
        this.onFailure = onFailure;
    }

    @Override
    public void handleBatch(List<RecordChangeEvent<SourceRecord>> records,
            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
        if (failure != null) {
            throw new IllegalStateException("Relay stopped after a failed send; waiting for restart", failure);
        }
        List<ProducerRecord<String, byte[]>> sent = new ArrayList<>(records.size());
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        List<Publication> published = new ArrayList<>(records.size());
        List<Optional<Span>> spans = new ArrayList<>(records.size());
        try {
            for (RecordChangeEvent<SourceRecord> event : records) {
                ProducerRecord<String, byte[]> record = toProducerRecord(event.record());
                if (record != null) {
                    sent.add(record);
                    spans.add(tracing.startSend(record));
                    acks.add(sender.send(record));
                }
            }
            long deadline = System.nanoTime() + ackTimeout.toNanos();
            for (int i = 0; i < acks.size(); i++) {
                RecordMetadata ack = acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                published.add(new Publication(sent.get(i).topic(), messageId(sent.get(i)), ack.partition(), ack.offset(),
                        createdAt(sent.get(i)), clock.instant()));
                spans.get(i).ifPresent(Span::end);
            }
        } catch (ExecutionException | TimeoutException | RuntimeException | Error e) {
            failure = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            for (int i = published.size(); i < spans.size(); i++) {
                spans.get(i).ifPresent(span -> {
                    MessageTracing.failed(span, failure);
                    span.end();
                });
            }
            LOG.errorf("Outbox relay could not publish a batch of %d changes; nothing of it is marked processed,"
                    + " the relay restarts from the last committed position: %s", records.size(), failure);
            onFailure.accept(failure);
            throw new IllegalStateException("Outbox relay send failed", failure);
        }
        for (RecordChangeEvent<SourceRecord> event : records) {
            committer.markProcessed(event);
        }
        committer.markBatchFinished();
        if (!published.isEmpty()) {
            onPublished.accept(published);
        }
    }

    private static String messageId(ProducerRecord<String, byte[]> record) {
        org.apache.kafka.common.header.Header id = record.headers().lastHeader(Headers.CE_ID);
        return id == null || id.value() == null ? null : new String(id.value(), StandardCharsets.UTF_8);
    }

    /** The outbox row's {@code created_at}, which the EventRouter placed in {@code ce_time}. */
    private static Optional<Instant> createdAt(ProducerRecord<String, byte[]> record) {
        org.apache.kafka.common.header.Header time = record.headers().lastHeader(Headers.CE_TIME);
        if (time == null || time.value() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(new String(time.value(), StandardCharsets.UTF_8).trim()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The Kafka record for an outbox change, or {@code null} for a change that is not an outbox message. */
    static ProducerRecord<String, byte[]> toProducerRecord(SourceRecord change) {
        if (change.headers().lastWithName(Headers.CE_ID) == null) {
            return null;
        }
        byte[] value = change.value() == null ? null : change.value().toString().getBytes(StandardCharsets.UTF_8);
        String key = change.key() == null ? null : change.key().toString();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(change.topic(), null, key, value);
        record.headers().add(Headers.CE_SPECVERSION, SPEC_VERSION).add(Headers.CONTENT_TYPE, JSON);
        for (Header header : change.headers()) {
            if (header.value() != null && !EVENT_ROUTER_ID_HEADER.equals(header.key())
                    && !header.key().startsWith(DEBEZIUM_CONTEXT_HEADERS)) {
                record.headers().add(header.key(), header.value().toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        return record;
    }

    boolean failed() {
        return failure != null;
    }
}
