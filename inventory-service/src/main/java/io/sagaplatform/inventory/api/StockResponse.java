package io.sagaplatform.inventory.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.sagaplatform.inventory.domain.StockItem;

/** A SKU's stock as the API shows it; {@code total} is always {@code available + reserved}. */
@Schema(name = "Stock")
public record StockResponse(
        @Schema(examples = "SKU-APPLE") String sku,
        @Schema(description = "What can still be reserved") long available,
        @Schema(description = "What orders hold") long reserved,
        @Schema(description = "available + reserved; changes only when an operator sets the stock") long total) {

    static StockResponse of(StockItem item) {
        return new StockResponse(item.sku(), item.available(), item.reserved(), item.total());
    }
}
