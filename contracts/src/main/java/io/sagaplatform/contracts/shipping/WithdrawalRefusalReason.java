package io.sagaplatform.contracts.shipping;

/** Why shipping-service refused a {@link WithdrawShipment}. */
public enum WithdrawalRefusalReason {
    /** The shipment already left the warehouse: it cannot be withdrawn any more. */
    ALREADY_DISPATCHED,
    /** The service has no shipment for the order. */
    UNKNOWN_SHIPMENT
}
