package io.sagaplatform.contracts.order;

import java.util.UUID;

/**
 * Cancel the order: its shipment was withdrawn, its payment refunded and its stock put back.
 *
 * <p>Sent by the orchestrator as the last step of the cancel-order saga; consumed by order-service, which moves
 * the order from CANCELLING to CANCELLED and replies {@link OrderCancelled}. Topic {@code order.commands}, key
 * saga id.
 */
public record CancelOrder(UUID orderId) implements OrderCommand {
}
