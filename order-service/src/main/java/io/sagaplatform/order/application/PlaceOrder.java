package io.sagaplatform.order.application;

import java.util.List;

import io.sagaplatform.order.domain.OrderLine;
import io.sagaplatform.order.domain.ShippingAddress;

/** What a client asks for when placing an order, already validated by the API. */
public record PlaceOrder(String customerId, String currency, List<OrderLine> lines, ShippingAddress shippingAddress) {
}
