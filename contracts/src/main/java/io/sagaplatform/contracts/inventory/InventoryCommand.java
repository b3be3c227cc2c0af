package io.sagaplatform.contracts.inventory;

import io.sagaplatform.contracts.Message;

import java.util.UUID;

/** Commands the orchestrator sends to inventory-service on {@code inventory.commands}, keyed by saga id. */
public sealed interface InventoryCommand extends Message permits ReserveInventory, ReleaseInventory,
        RestockInventory {

    UUID orderId();
}
