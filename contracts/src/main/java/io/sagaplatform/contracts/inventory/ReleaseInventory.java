package io.sagaplatform.contracts.inventory;

import java.util.UUID;

/**
 * Compensation of {@link ReserveInventory}: give the order's reserved stock back.
 *
 * <p>Sent by the orchestrator when a later step failed, or when the reservation's outcome is unknown
 * after its retries ran out. May arrive before the reservation or when nothing was reserved; a later
 * reservation for the order must then be refused. Consumed by inventory-service, which replies
 * {@link InventoryReleased}. Topic {@code inventory.commands}, key saga id.
 */
public record ReleaseInventory(UUID orderId) implements InventoryCommand {
}
