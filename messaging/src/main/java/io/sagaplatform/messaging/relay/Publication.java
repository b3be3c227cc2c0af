package io.sagaplatform.messaging.relay;

import java.time.Instant;
import java.util.Optional;

/**
 * One outbox record the broker acknowledged: where it went, when its row was written ({@code ce_time}, the
 * outbox {@code created_at}) and when the relay saw the acknowledgement. The difference is the relay lag.
 */
record Publication(String topic, Optional<Instant> createdAt, Instant ackedAt) {
}
