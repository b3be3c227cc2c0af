package io.sagaplatform.contracts.payment;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * Authorize (hold, do not yet charge) {@code amount} in {@code currency} (ISO 4217) against the
 * customer's credit for the order.
 *
 * <p>Sent by the orchestrator once stock is reserved; consumed by payment-service, which replies
 * {@link PaymentAuthorized} or {@link PaymentDeclined}. Topic {@code payment.commands}, key saga id.
 */
public record AuthorizePayment(UUID orderId, String customerId, BigDecimal amount, String currency)
        implements PaymentCommand {
}
