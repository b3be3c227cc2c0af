package io.sagaplatform.order.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.sagaplatform.order.domain.Order;
import io.sagaplatform.order.domain.OrderStatus;

/**
 * An order as the API shows it. Once someone asked to cancel it: who, when and why; {@code cancellationRefusedReason}
 * says why a cancellation was refused (the order then stays APPROVED), {@code cancelledAt} when it was cancelled.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderResponse(
        UUID id,
        String customerId,
        OrderStatus status,
        String rejectionReason,
        String currency,
        BigDecimal totalAmount,
        List<PlaceOrderRequest.Line> lines,
        PlaceOrderRequest.Address shippingAddress,
        Instant placedAt,
        Instant decidedAt,
        String cancellationRequestedBy,
        Instant cancellationRequestedAt,
        String cancellationReason,
        String cancellationRefusedReason,
        Instant cancelledAt) {

    static OrderResponse of(Order order) {
        return new OrderResponse(order.id(), order.customerId(), order.status(), order.rejectionReason().orElse(null),
                order.currency(), order.totalAmount(),
                order.lines().stream().map(l -> new PlaceOrderRequest.Line(l.sku(), l.quantity(), l.unitPrice())).toList(),
                new PlaceOrderRequest.Address(order.shippingAddress().recipient(), order.shippingAddress().street(),
                        order.shippingAddress().city(), order.shippingAddress().postalCode(),
                        order.shippingAddress().country()),
                order.placedAt(), order.decidedAt().orElse(null), order.cancellationRequestedBy().orElse(null),
                order.cancellationRequestedAt().orElse(null), order.cancellationReason().orElse(null),
                order.cancellationRefusedReason().orElse(null), order.cancelledAt().orElse(null));
    }
}
