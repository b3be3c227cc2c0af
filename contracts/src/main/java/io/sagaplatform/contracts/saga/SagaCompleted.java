package io.sagaplatform.contracts.saga;

import java.time.Instant;
import java.util.UUID;

/**
 * The saga ran every step successfully (terminal state COMPLETED): the order is approved.
 *
 * <p>Sent by the orchestrator; consumed by whoever watches sagas. Topic {@code saga.events}, key saga id.
 */
public record SagaCompleted(UUID sagaId, String sagaType, UUID orderId, Instant finishedAt) implements SagaEvent {
}
