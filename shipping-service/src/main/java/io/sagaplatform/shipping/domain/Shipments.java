package io.sagaplatform.shipping.domain;

import java.util.Optional;
import java.util.UUID;

/** Where shipments are kept; implemented over the service's database by the application layer. */
public interface Shipments {

    /**
     * The order's shipment, if any, locked until the transaction ends: two commands for one order then apply one
     * after the other, each seeing what the other did.
     */
    Optional<Shipment> lockByOrder(UUID orderId);

    void add(Shipment shipment);
}
