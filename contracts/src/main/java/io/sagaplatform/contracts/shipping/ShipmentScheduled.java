package io.sagaplatform.contracts.shipping;

import java.util.UUID;

/**
 * The order's shipment is scheduled as {@code shipmentId}.
 *
 * <p>Sent by shipping-service in reply to {@link ScheduleShipment}; consumed by the orchestrator.
 * Topic {@code saga.replies}, key saga id.
 */
public record ShipmentScheduled(UUID orderId, UUID shipmentId) implements ShippingReply {
}
