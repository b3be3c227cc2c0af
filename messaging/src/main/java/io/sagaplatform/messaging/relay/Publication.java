package io.sagaplatform.messaging.relay;

import java.time.Instant;
import java.util.Optional;

/**
 * One outbox record the broker acknowledged: its message id ({@code ce_id}), where it went (topic, partition,
 * offset), when its row was written ({@code ce_time}, the outbox {@code created_at}) and when the relay saw the
 * acknowledgement. The difference of the two times is the relay lag.
 */
public record Publication(String topic, String messageId, int partition, long offset, Optional<Instant> createdAt,
        Instant ackedAt) {
}
