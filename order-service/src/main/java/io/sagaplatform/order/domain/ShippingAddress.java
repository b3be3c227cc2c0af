package io.sagaplatform.order.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

@Embeddable
public class ShippingAddress {

    @Column(name = "ship_recipient", nullable = false)
    private String recipient;
    @Column(name = "ship_street", nullable = false)
    private String street;
    @Column(name = "ship_city", nullable = false)
    private String city;
    @Column(name = "ship_postal_code", nullable = false)
    private String postalCode;
    @Column(name = "ship_country", nullable = false)
    private String country;

    protected ShippingAddress() {
    }

    public ShippingAddress(String recipient, String street, String city, String postalCode, String country) {
        this.recipient = recipient;
        this.street = street;
        this.city = city;
        this.postalCode = postalCode;
        this.country = country;
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
