package io.sagaplatform.contracts.inventory;

import io.sagaplatform.contracts.common.StockLine;

import java.util.List;
import java.util.UUID;

/**
 * Reserve stock for every line of an order, all or nothing.
 *
 * <p>Sent by the orchestrator as the first step of the place-order saga; consumed by
 * inventory-service, which replies {@link InventoryReserved} or {@link InventoryReservationFailed}.
 * Topic {@code inventory.commands}, key saga id.
 */
public record ReserveInventory(UUID orderId, List<StockLine> lines) implements InventoryCommand {
}
