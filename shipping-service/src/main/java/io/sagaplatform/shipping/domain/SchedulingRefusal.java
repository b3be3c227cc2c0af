package io.sagaplatform.shipping.domain;

/** Why no shipment was scheduled for an order. */
public enum SchedulingRefusal {
    /** The destination's country or postal code is one no carrier serves. */
    UNSERVICEABLE_DESTINATION,
    /** The order's shipment was cancelled (before or after scheduling); a cancelled order never ships. */
    ORDER_CANCELLED
}
