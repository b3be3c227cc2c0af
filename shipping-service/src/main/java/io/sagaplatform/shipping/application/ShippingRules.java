package io.sagaplatform.shipping.application;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.sagaplatform.shipping.domain.ServiceArea;
import io.sagaplatform.shipping.domain.ShipmentScheduler;

/** Wires the domain's rules to this service's database and configuration. */
class ShippingRules {

    @Produces
    @Singleton
    ShipmentScheduler scheduler(ShipmentStore shipments, Destinations destinations, ShippingConfig config) {
        return new ShipmentScheduler(shipments, new ServiceArea(destinations, config.unserviceablePostalCodes()));
    }
}
