package io.sagaplatform.contracts.shipping;

import java.util.UUID;

/**
 * The order has no scheduled shipment any more. {@code nothingToUndo} is true when there was none to
 * cancel (never scheduled, refused, or already cancelled).
 *
 * <p>Sent by shipping-service in reply to {@link CancelShipment}; consumed by the orchestrator, which
 * continues compensating. Topic {@code saga.replies}, key saga id.
 */
public record ShipmentCancelled(UUID orderId, boolean nothingToUndo) implements ShippingReply {
}
