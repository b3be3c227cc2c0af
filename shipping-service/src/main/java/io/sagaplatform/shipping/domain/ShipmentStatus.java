package io.sagaplatform.shipping.domain;

/**
 * SCHEDULED once the service accepted the shipment. From there it either leaves the warehouse (DISPATCHED, for
 * good: the goods are gone), or it never will: CANCELLED by the place-order saga's compensation (or a cancellation
 * that arrived before any scheduling), or WITHDRAWN because the customer or an operator cancelled the approved
 * order. Nothing leads back to SCHEDULED, and nothing leaves DISPATCHED.
 */
public enum ShipmentStatus {
    SCHEDULED, CANCELLED, WITHDRAWN, DISPATCHED;

    /** Whether the shipment will never leave the warehouse. */
    public boolean stopped() {
        return this == CANCELLED || this == WITHDRAWN;
    }
}
