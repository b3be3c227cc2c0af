package io.sagaplatform.contracts.payment;

import java.util.UUID;

/**
 * Nothing was authorized for the order, for {@code reason}; {@code detail} is free text for people and
 * may be null.
 *
 * <p>Sent by payment-service in reply to {@link AuthorizePayment}; consumed by the orchestrator, which
 * compensates (releases stock) and rejects the order. Topic {@code saga.replies}, key saga id.
 */
public record PaymentDeclined(UUID orderId, PaymentDeclineReason reason, String detail) implements PaymentReply {
}
