package io.sagaplatform.contracts.payment;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * The order's captured {@code amount} in {@code currency} (ISO 4217) is back on the customer's credit.
 *
 * <p>Sent by payment-service in reply to {@link RefundPayment}; consumed by the orchestrator. Topic
 * {@code saga.replies}, key saga id.
 */
public record PaymentRefunded(UUID orderId, BigDecimal amount, String currency) implements PaymentReply {
}
