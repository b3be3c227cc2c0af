package io.sagaplatform.contracts.inventory;

import io.sagaplatform.contracts.Message;

import java.util.UUID;

/** inventory-service's replies to {@link InventoryCommand}s, on {@code saga.replies}, keyed by saga id. */
public sealed interface InventoryReply extends Message
        permits InventoryReserved, InventoryReservationFailed, InventoryReleased, InventoryRestocked {

    UUID orderId();
}
