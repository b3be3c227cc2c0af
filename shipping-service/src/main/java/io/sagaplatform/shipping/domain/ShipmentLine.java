package io.sagaplatform.shipping.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** How many units of one SKU travel in a shipment. */
@Embeddable
public class ShipmentLine {

    static final int MAX_QUANTITY = 1_000_000;

    @Column(nullable = false)
    private String sku;

    @Column(nullable = false)
    private int quantity;

    protected ShipmentLine() {
    }

    public ShipmentLine(String sku, int quantity) {
        if (sku == null || sku.isBlank()) {
            throw new IllegalArgumentException("a shipment line needs a SKU");
        }
        if (quantity < 1 || quantity > MAX_QUANTITY) {
            throw new IllegalArgumentException("quantity must be between 1 and " + MAX_QUANTITY + ", was " + quantity);
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
