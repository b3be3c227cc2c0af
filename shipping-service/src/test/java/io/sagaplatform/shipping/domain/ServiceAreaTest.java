package io.sagaplatform.shipping.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ServiceAreaTest {

    private final ServiceArea area = new ServiceArea(
            country -> Optional.ofNullable(Map.of("KP", "deliveries suspended").get(country)), Set.of(" 00000 "));

    private static DeliveryAddress to(String country, String postalCode) {
        return new DeliveryAddress("Bob", "2 High St", "Somewhere", postalCode, country);
    }

    @Test
    void servesAnOrdinaryAddress() {
        assertThat(area.whyUnserviceable(to("FR", "69001"))).isEmpty();
    }

    @Test
    void refusesAnUnserviceableCountryNamingItAndItsReason() {
        assertThat(area.whyUnserviceable(to("KP", "12345")))
                .contains("Destination country KP is unserviceable: deliveries suspended");
    }

    @Test
    void refusesAnUnserviceablePostalCodeInAnyCountryNamingIt() {
        assertThat(area.whyUnserviceable(to("FR", "00000"))).contains("Destination postal code 00000 (FR) is unserviceable");
        assertThat(area.whyUnserviceable(to("DE", " 00000"))).hasValueSatisfying(d -> assertThat(d).contains("00000"));
    }

    @Test
    void aPostalCodeThatOnlyContainsThePlaceholderIsServed() {
        assertThat(area.whyUnserviceable(to("FR", "000001"))).isEmpty();
        assertThat(area.whyUnserviceable(to("FR", "0000"))).isEmpty();
    }
}
