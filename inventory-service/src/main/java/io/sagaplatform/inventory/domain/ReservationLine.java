package io.sagaplatform.inventory.domain;

import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** A quantity of one SKU: a line asked for, or what a reservation holds of that SKU. */
@Embeddable
public class ReservationLine {

    @Column(nullable = false)
    private String sku;

    @Column(nullable = false)
    private int quantity;

    protected ReservationLine() {
    }

    public ReservationLine(String sku, int quantity) {
        Objects.requireNonNull(sku, "sku");
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be at least 1, was " + quantity);
        }
        this.sku = sku;
        this.quantity = quantity;
    }

    public String sku() {
        return sku;
    }

    public int quantity() {
        return quantity;
    }
}
