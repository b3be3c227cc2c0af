package io.sagaplatform.shipping.domain;

import java.util.UUID;

/**
 * A dispatched shipment was asked to be cancelled by the place-order saga's compensation. The goods are gone, so
 * no rule can undo it: the command is parked for an operator instead of pretending it was cancelled.
 */
public class ShipmentAlreadyDispatched extends RuntimeException {

    public ShipmentAlreadyDispatched(UUID orderId, UUID shipmentId, java.time.Instant dispatchedAt) {
        super("Shipment " + shipmentId + " of order " + orderId + " was dispatched at " + dispatchedAt
                + ": a dispatched shipment cannot be cancelled");
    }
}
