package io.sagaplatform.contracts.inventory;

import java.util.UUID;

/**
 * The order holds no reserved stock any more. {@code nothingToUndo} is true when there was no
 * reservation to release (never made, refused, or already released).
 *
 * <p>Sent by inventory-service in reply to {@link ReleaseInventory}; consumed by the orchestrator, which
 * continues compensating. Topic {@code saga.replies}, key saga id.
 */
public record InventoryReleased(UUID orderId, boolean nothingToUndo) implements InventoryReply {
}
