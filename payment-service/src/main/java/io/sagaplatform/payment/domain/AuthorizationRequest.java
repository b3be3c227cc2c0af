package io.sagaplatform.payment.domain;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.UUID;

/** What the saga asks to hold for an order; the amount is normalised to two decimals. */
public record AuthorizationRequest(UUID orderId, String customerId, BigDecimal amount, String currency) {

    public AuthorizationRequest {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(customerId, "customerId");
        amount = Money.amount(amount, "amount");
        currency = Money.currency(currency);
    }

    @Override
    public String toString() {
        return Money.format(amount, currency) + " on " + customerId + "'s credit for order " + orderId;
    }
}
