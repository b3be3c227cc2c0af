package io.sagaplatform.contracts.order;

import java.util.UUID;

/**
 * The order is REJECTED, with the reason it was rejected for.
 *
 * <p>Sent by order-service in reply to {@link RejectOrder}; consumed by the orchestrator, which ends the
 * saga as COMPENSATED. Topic {@code saga.replies}, key saga id.
 */
public record OrderRejected(UUID orderId, String reason) implements OrderReply {
}
