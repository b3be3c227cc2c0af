package io.sagaplatform.contracts.order;

import java.util.UUID;

/**
 * Approve the order: stock is reserved, payment authorized and shipment scheduled.
 *
 * <p>Sent by the orchestrator as the last step of the place-order saga; consumed by order-service,
 * which moves the order from PENDING to APPROVED and replies {@link OrderApproved}. Topic
 * {@code order.commands}, key saga id.
 */
public record ApproveOrder(UUID orderId) implements OrderCommand {
}
