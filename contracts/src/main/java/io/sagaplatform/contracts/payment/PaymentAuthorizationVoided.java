package io.sagaplatform.contracts.payment;

import java.util.UUID;

/**
 * The order holds no authorized amount any more. {@code nothingToUndo} is true when there was no
 * authorization to void (never made, declined, or already voided).
 *
 * <p>Sent by payment-service in reply to {@link VoidPaymentAuthorization}; consumed by the orchestrator,
 * which continues compensating. Topic {@code saga.replies}, key saga id.
 */
public record PaymentAuthorizationVoided(UUID orderId, boolean nothingToUndo) implements PaymentReply {
}
