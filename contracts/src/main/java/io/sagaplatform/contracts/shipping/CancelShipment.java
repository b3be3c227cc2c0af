package io.sagaplatform.contracts.shipping;

import java.util.UUID;

/**
 * Compensation of {@link ScheduleShipment}: cancel the order's scheduled shipment.
 *
 * <p>Sent by the orchestrator when a later step failed, or when the scheduling's outcome is unknown
 * after its retries ran out. May arrive before the scheduling or when nothing was scheduled; a later
 * scheduling for the order must then be refused. Consumed by shipping-service, which replies
 * {@link ShipmentCancelled}. Topic {@code shipping.commands}, key saga id.
 */
public record CancelShipment(UUID orderId) implements ShippingCommand {
}
