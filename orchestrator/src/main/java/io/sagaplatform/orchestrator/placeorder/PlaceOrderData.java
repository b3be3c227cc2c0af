package io.sagaplatform.orchestrator.placeorder;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.sagaplatform.contracts.common.OrderLine;
import io.sagaplatform.contracts.common.ShippingAddress;
import io.sagaplatform.contracts.common.StockLine;
import io.sagaplatform.contracts.order.OrderPlaced;

/**
 * What the place-order saga carries from step to step: the order as it was placed, plus what the
 * participants answered (the payment authorization and the shipment). Immutable.
 */
public record PlaceOrderData(
        UUID orderId,
        String customerId,
        List<OrderLine> lines,
        BigDecimal totalAmount,
        String currency,
        ShippingAddress shippingAddress,
        Optional<UUID> authorizationId,
        Optional<UUID> shipmentId) {

    public static PlaceOrderData from(OrderPlaced event) {
        return new PlaceOrderData(event.orderId(), event.customerId(), event.lines(), event.totalAmount(),
                event.currency(), event.shippingAddress(), Optional.empty(), Optional.empty());
    }

    public List<StockLine> stockLines() {
        return lines.stream().map(line -> new StockLine(line.sku(), line.quantity())).toList();
    }

    public PlaceOrderData withAuthorization(UUID id) {
        return new PlaceOrderData(orderId, customerId, lines, totalAmount, currency, shippingAddress, Optional.of(id),
                shipmentId);
    }

    public PlaceOrderData withShipment(UUID id) {
        return new PlaceOrderData(orderId, customerId, lines, totalAmount, currency, shippingAddress, authorizationId,
                Optional.of(id));
    }
}
