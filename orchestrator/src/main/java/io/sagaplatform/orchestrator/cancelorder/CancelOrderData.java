package io.sagaplatform.orchestrator.cancelorder;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.UUID;

import io.sagaplatform.contracts.order.OrderCancellationRequested;

/**
 * What the cancel-order saga carries: who asked to cancel which order and why, plus what payment-service refunded.
 * Immutable.
 */
public record CancelOrderData(
        UUID orderId,
        String customerId,
        String requestedBy,
        String reason,
        Optional<BigDecimal> refundedAmount,
        Optional<String> refundedCurrency) {

    public static CancelOrderData from(OrderCancellationRequested event) {
        return new CancelOrderData(event.orderId(), event.customerId(), event.requestedBy(), event.reason(),
                Optional.empty(), Optional.empty());
    }

    public CancelOrderData withRefund(BigDecimal amount, String currency) {
        return new CancelOrderData(orderId, customerId, requestedBy, reason, Optional.of(amount),
                Optional.of(currency));
    }
}
