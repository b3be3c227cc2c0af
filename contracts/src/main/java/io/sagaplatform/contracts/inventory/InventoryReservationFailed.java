package io.sagaplatform.contracts.inventory;

import java.util.UUID;

/**
 * Nothing was reserved for the order, for {@code reason}; {@code detail} is free text for people
 * (for example which SKU was short) and may be null.
 *
 * <p>Sent by inventory-service in reply to {@link ReserveInventory}; consumed by the orchestrator, which
 * compensates and rejects the order. Topic {@code saga.replies}, key saga id.
 */
public record InventoryReservationFailed(UUID orderId, InventoryFailureReason reason, String detail)
        implements InventoryReply {
}
