package io.sagaplatform.contracts.shipping;

import java.util.UUID;

/**
 * The order's shipment will not leave the warehouse: it is withdrawn (or was already withdrawn or cancelled).
 *
 * <p>Sent by shipping-service in reply to {@link WithdrawShipment}; consumed by the orchestrator, which goes on to
 * refund the payment and restock the inventory. Topic {@code saga.replies}, key saga id.
 */
public record ShipmentWithdrawn(UUID orderId) implements ShippingReply {
}
