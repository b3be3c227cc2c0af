package io.sagaplatform.shipping.domain;

import java.util.regex.Pattern;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** Where a shipment goes. {@code country} is an ISO 3166-1 alpha-2 code, as on the wire. */
@Embeddable
public class DeliveryAddress {

    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    @Column(name = "recipient")
    private String recipient;
    @Column(name = "street")
    private String street;
    @Column(name = "city")
    private String city;
    @Column(name = "postal_code")
    private String postalCode;
    @Column(name = "country")
    private String country;

    protected DeliveryAddress() {
    }

    public DeliveryAddress(String recipient, String street, String city, String postalCode, String country) {
        if (country == null || !COUNTRY.matcher(country).matches()) {
            throw new IllegalArgumentException("country must be two upper-case letters, was " + country);
        }
        if (isBlank(recipient) || isBlank(street) || isBlank(city) || isBlank(postalCode)) {
            throw new IllegalArgumentException("recipient, street, city and postal code are all required");
        }
        this.recipient = recipient;
        this.street = street;
        this.city = city;
        this.postalCode = postalCode;
        this.country = country;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    public String recipient() {
        return recipient;
    }

    public String street() {
        return street;
    }

    public String city() {
        return city;
    }

    public String postalCode() {
        return postalCode;
    }

    public String country() {
        return country;
    }
}
