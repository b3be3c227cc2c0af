package io.sagaplatform.shipping.application;

import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The shipping rules that are settings rather than data. Unserviceable <em>countries</em> are data (they change
 * at run time through {@code /destinations/unserviceable}); these are not.
 */
@ConfigMapping(prefix = "shipping")
public interface ShippingConfig {

    /**
     * Postal codes no real address carries, such as the placeholder {@code 00000} a form fills in when the
     * customer typed none. A shipment to one of them, in any country, is refused as
     * {@code UNSERVICEABLE_DESTINATION}: no carrier would deliver it.
     */
    @WithDefault("00000")
    Set<String> unserviceablePostalCodes();
}
