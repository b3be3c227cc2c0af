package io.sagaplatform.messaging.dispatch;

import java.time.Instant;
import java.util.Optional;

import io.sagaplatform.messaging.SagaContext;

/**
 * What an inbound message says about itself, read from its Kafka headers (CloudEvents binary mode plus the
 * platform's correlation headers) and where it was read from.
 */
public record Envelope(
        String id,
        String type,
        int schemaVersion,
        String source,
        Optional<Instant> time,
        Optional<String> subject,
        String key,
        Optional<SagaContext> saga,
        Optional<String> causationId,
        Optional<String> traceparent,
        String topic,
        int partition,
        long offset) {
}
