package io.sagaplatform.contracts.inventory;

import java.util.UUID;

/**
 * Put the stock a cancelled order holds back to available, at most once.
 *
 * <p>Sent by the orchestrator in the cancel-order saga once the shipment is withdrawn; consumed by
 * inventory-service, which replies {@link InventoryRestocked} (again, without restocking twice, for a repeated
 * command). Topic {@code inventory.commands}, key saga id.
 */
public record RestockInventory(UUID orderId) implements InventoryCommand {
}
