package io.sagaplatform.inventory.domain;

/** Why a reservation was refused; a refused reservation changes no stock. */
public enum RefusalReason {
    /** A line names a SKU that is not stocked. */
    UNKNOWN_SKU,
    /** A SKU is asked for (over all lines) more than is available. */
    OUT_OF_STOCK,
    /** The order's stock was already released, or the release came first: the order is being compensated. */
    ORDER_CANCELLED
}
