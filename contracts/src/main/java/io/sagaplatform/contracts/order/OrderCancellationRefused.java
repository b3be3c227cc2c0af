package io.sagaplatform.contracts.order;

import java.util.UUID;

/**
 * The order is APPROVED again: its cancellation was refused for {@code reason} (also sent again for a repeated
 * {@link RefuseCancellation}).
 *
 * <p>Sent by order-service in reply to {@link RefuseCancellation}; consumed by the orchestrator, which ends the
 * cancel-order saga as COMPENSATED. Topic {@code saga.replies}, key saga id.
 */
public record OrderCancellationRefused(UUID orderId, String reason) implements OrderReply {
}
