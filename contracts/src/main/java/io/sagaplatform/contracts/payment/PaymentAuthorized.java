package io.sagaplatform.contracts.payment;

import java.util.UUID;

/**
 * The order's amount is held under {@code authorizationId}.
 *
 * <p>Sent by payment-service in reply to {@link AuthorizePayment}; consumed by the orchestrator, which
 * moves on to shipping. Topic {@code saga.replies}, key saga id.
 */
public record PaymentAuthorized(UUID orderId, UUID authorizationId) implements PaymentReply {
}
