package io.sagaplatform.contracts.payment;

import java.util.UUID;

/**
 * Give the order's captured amount back to the customer's credit, at most once.
 *
 * <p>Sent by the orchestrator in the cancel-order saga once the shipment is withdrawn; consumed by payment-service,
 * which replies {@link PaymentRefunded} (again, with the same amount and without refunding twice, for a repeated
 * command). Topic {@code payment.commands}, key saga id.
 */
public record RefundPayment(UUID orderId) implements PaymentCommand {
}
