package io.sagaplatform.contracts.inventory;

import java.util.UUID;

/**
 * Stock for every line of the order is reserved.
 *
 * <p>Sent by inventory-service in reply to {@link ReserveInventory}; consumed by the orchestrator, which
 * moves on to payment. Topic {@code saga.replies}, key saga id.
 */
public record InventoryReserved(UUID orderId) implements InventoryReply {
}
