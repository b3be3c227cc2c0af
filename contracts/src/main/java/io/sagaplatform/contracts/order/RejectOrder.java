package io.sagaplatform.contracts.order;

import java.util.UUID;

/**
 * Reject the order, saying why (for example "payment declined: insufficient credit").
 *
 * <p>Sent by the orchestrator once a failed saga has compensated its completed steps; consumed by
 * order-service, which moves the order from PENDING to REJECTED and replies {@link OrderRejected}.
 * Topic {@code order.commands}, key saga id.
 */
public record RejectOrder(UUID orderId, String reason) implements OrderCommand {
}
