package io.sagaplatform.shipping.domain;

/**
 * SCHEDULED once the service accepted the shipment; CANCELLED for good, whether the shipment was scheduled
 * first or the cancellation arrived before any scheduling. There is no way back from CANCELLED.
 */
public enum ShipmentStatus {
    SCHEDULED, CANCELLED
}
