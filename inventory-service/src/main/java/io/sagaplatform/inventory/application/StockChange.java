package io.sagaplatform.inventory.application;

import io.sagaplatform.inventory.domain.StockItem;

/** A SKU's stock after an operator set it, and whether the SKU was new. */
public record StockChange(StockItem item, boolean created) {
}
