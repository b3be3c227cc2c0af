package io.sagaplatform.contracts.order;

import java.util.UUID;

/**
 * The order is CANCELLED (also sent again for a repeated {@link CancelOrder}).
 *
 * <p>Sent by order-service in reply to {@link CancelOrder}; consumed by the orchestrator, which completes the
 * cancel-order saga. Topic {@code saga.replies}, key saga id.
 */
public record OrderCancelled(UUID orderId) implements OrderReply {
}
