package io.sagaplatform.contracts.saga;

import java.time.Instant;
import java.util.UUID;

/**
 * A compensation could not finish, for {@code reason} (terminal state FAILED): an operator must act.
 *
 * <p>Sent by the orchestrator; consumed by whoever watches sagas (and alerts). Topic {@code saga.events},
 * key saga id.
 */
public record SagaFailed(UUID sagaId, String sagaType, UUID orderId, String reason, Instant failedAt)
        implements SagaEvent {
}
