package io.sagaplatform.shipping.domain;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where the service delivers: everywhere except the unserviceable countries and a few postal codes (such as
 * the placeholder {@code 00000}) that no real address has. The refusal names the country or postal code at
 * fault, so whoever reads the rejected order knows what to fix.
 */
public final class ServiceArea {

    private final UnserviceableCountries countries;
    private final Set<String> unserviceablePostalCodes;

    public ServiceArea(UnserviceableCountries countries, Set<String> unserviceablePostalCodes) {
        this.countries = countries;
        this.unserviceablePostalCodes = unserviceablePostalCodes.stream().map(String::strip)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Why the address cannot be served, or empty when it can. */
    public Optional<String> whyUnserviceable(DeliveryAddress address) {
        Optional<String> country = countries.reasonFor(address.country());
        if (country.isPresent()) {
            return Optional.of("Destination country " + address.country() + " is unserviceable: " + country.get());
        }
        String postalCode = address.postalCode().strip();
        if (unserviceablePostalCodes.contains(postalCode)) {
            return Optional.of("Destination postal code " + postalCode + " (" + address.country()
                    + ") is unserviceable");
        }
        return Optional.empty();
    }
}
