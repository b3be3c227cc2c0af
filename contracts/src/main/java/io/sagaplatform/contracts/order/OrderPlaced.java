package io.sagaplatform.contracts.order;

import io.sagaplatform.contracts.common.OrderLine;
import io.sagaplatform.contracts.common.ShippingAddress;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A customer placed an order; it is PENDING until its saga approves or rejects it.
 *
 * <p>Sent by order-service through its outbox in the transaction that stores the order; consumed by
 * the orchestrator, which starts a place-order saga for it. Topic {@code order.events}, key order id.
 * {@code totalAmount} is the sum of the lines, in {@code currency} (ISO 4217).
 */
public record OrderPlaced(
        UUID orderId,
        String customerId,
        List<OrderLine> lines,
        BigDecimal totalAmount,
        String currency,
        ShippingAddress shippingAddress,
        Instant placedAt) implements OrderEvent {
}
