package io.sagaplatform.contracts.inventory;

import java.util.UUID;

/**
 * The stock the order held is available again.
 *
 * <p>Sent by inventory-service in reply to {@link RestockInventory}; consumed by the orchestrator. Topic
 * {@code saga.replies}, key saga id.
 */
public record InventoryRestocked(UUID orderId) implements InventoryReply {
}
