package io.sagaplatform.contracts.order;

import java.util.UUID;

/**
 * The order is APPROVED (also sent again for a repeated {@link ApproveOrder}).
 *
 * <p>Sent by order-service in reply to {@link ApproveOrder}; consumed by the orchestrator, which
 * completes the saga. Topic {@code saga.replies}, key saga id.
 */
public record OrderApproved(UUID orderId) implements OrderReply {
}
