package io.sagaplatform.contracts.payment;

import java.util.UUID;

/**
 * The order's authorized amount is charged.
 *
 * <p>Sent by payment-service in reply to {@link CapturePayment}; consumed by the orchestrator, which
 * moves on to approving the order. Topic {@code saga.replies}, key saga id.
 */
public record PaymentCaptured(UUID orderId) implements PaymentReply {
}
