package io.sagaplatform.contracts.common;

/** A quantity of one SKU: what to reserve in stock, or what to put in a shipment. */
public record StockLine(String sku, int quantity) {
}
