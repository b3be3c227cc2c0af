package io.sagaplatform.tracecollector;

import java.util.Map;
import java.util.Optional;

/**
 * One span as a service exported it, flattened for reading: ids in lower-case hex, the exporting service's
 * {@code service.name}, attribute values as text.
 *
 * @param parentSpanId empty for a root span
 * @param kind SERVER, CLIENT, PRODUCER, CONSUMER or INTERNAL
 * @param status UNSET, OK or ERROR
 */
public record CollectedSpan(String traceId, String spanId, String parentSpanId, String name, String kind,
        String service, long startEpochNanos, long endEpochNanos, Map<String, String> attributes, String status,
        String statusMessage) {

    public CollectedSpan {
        attributes = Map.copyOf(attributes);
    }

    public boolean isRoot() {
        return parentSpanId.isEmpty();
    }

    public Optional<String> attribute(String key) {
        return Optional.ofNullable(attributes.get(key));
    }

    public double durationMillis() {
        return (endEpochNanos - startEpochNanos) / 1_000_000.0;
    }
}
