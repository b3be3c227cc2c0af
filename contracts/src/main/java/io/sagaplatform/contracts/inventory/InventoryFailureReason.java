package io.sagaplatform.contracts.inventory;

/** Why inventory-service refused a {@link ReserveInventory}. */
public enum InventoryFailureReason {
    /** At least one line asks for more than is available; nothing was reserved (all-or-nothing). */
    OUT_OF_STOCK,
    /** At least one line names a SKU the inventory does not know. */
    UNKNOWN_SKU,
    /** The order's {@link ReleaseInventory} already arrived, so this late reservation is refused. */
    ORDER_CANCELLED
}
