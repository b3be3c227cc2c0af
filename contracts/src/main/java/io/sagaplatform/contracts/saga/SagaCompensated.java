package io.sagaplatform.contracts.saga;

import java.time.Instant;
import java.util.UUID;

/**
 * A step failed for {@code reason}, every completed step was compensated and the order rejected
 * (terminal state COMPENSATED).
 *
 * <p>Sent by the orchestrator; consumed by whoever watches sagas. Topic {@code saga.events}, key saga id.
 */
public record SagaCompensated(UUID sagaId, String sagaType, UUID orderId, String reason, Instant finishedAt)
        implements SagaEvent {
}
