package io.sagaplatform.contracts.common;

/** Where an order is delivered; {@code country} is an ISO 3166-1 alpha-2 code such as {@code DE}. */
public record ShippingAddress(String recipient, String street, String city, String postalCode, String country) {
}
