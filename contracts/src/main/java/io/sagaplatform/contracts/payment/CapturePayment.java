package io.sagaplatform.contracts.payment;

import java.util.UUID;

/**
 * Charge the order's authorized amount, exactly once.
 *
 * <p>Sent by the orchestrator once the shipment is scheduled; consumed by payment-service, which replies
 * {@link PaymentCaptured} (again, without charging twice, for a repeated command). Topic
 * {@code payment.commands}, key saga id.
 */
public record CapturePayment(UUID orderId) implements PaymentCommand {
}
