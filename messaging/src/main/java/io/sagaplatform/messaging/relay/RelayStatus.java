package io.sagaplatform.messaging.relay;

import java.time.Instant;
import java.util.Optional;

/** A snapshot of the relay for health checks, metrics and tests. */
public record RelayStatus(
        RelayState state,
        String slotName,
        long published,
        long restarts,
        Optional<Instant> lastPublishedAt,
        Optional<String> lastError) {
}
