package io.sagaplatform.contracts.shipping;

import java.util.UUID;

/**
 * No shipment was scheduled for the order, for {@code reason}; {@code detail} is free text for people
 * and may be null.
 *
 * <p>Sent by shipping-service in reply to {@link ScheduleShipment}; consumed by the orchestrator, which
 * compensates (voids payment, releases stock) and rejects the order. Topic {@code saga.replies},
 * key saga id.
 */
public record ShipmentSchedulingFailed(UUID orderId, ShippingFailureReason reason, String detail)
        implements ShippingReply {
}
