package io.sagaplatform.contracts.order;

import java.util.UUID;

/**
 * The order cannot be cancelled, saying why (for example "shipment already dispatched").
 *
 * <p>Sent by the orchestrator as the compensation of the cancel-order saga's first step, once the shipment could
 * not be withdrawn; consumed by order-service, which moves the order from CANCELLING back to APPROVED, records the
 * reason and replies {@link OrderCancellationRefused}. Topic {@code order.commands}, key saga id.
 */
public record RefuseCancellation(UUID orderId, String reason) implements OrderCommand {
}
