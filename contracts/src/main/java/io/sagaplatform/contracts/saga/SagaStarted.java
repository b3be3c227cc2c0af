package io.sagaplatform.contracts.saga;

import java.time.Instant;
import java.util.UUID;

/**
 * A saga instance was created for an order and is about to send its first command.
 *
 * <p>Sent by the orchestrator in the transaction that creates the instance; consumed by whoever watches
 * sagas (dashboards, end-to-end tests). Topic {@code saga.events}, key saga id.
 */
public record SagaStarted(UUID sagaId, String sagaType, UUID orderId, Instant startedAt) implements SagaEvent {
}
