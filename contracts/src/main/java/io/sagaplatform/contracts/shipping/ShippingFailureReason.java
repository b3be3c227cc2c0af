package io.sagaplatform.contracts.shipping;

/** Why shipping-service refused a {@link ScheduleShipment}. */
public enum ShippingFailureReason {
    /** No carrier delivers to the address. */
    UNSERVICEABLE_DESTINATION,
    /** The order's {@link CancelShipment} already arrived, so this late scheduling is refused. */
    ORDER_CANCELLED
}
