package io.sagaplatform.contracts.payment;

import java.util.UUID;

/**
 * Compensation of {@link AuthorizePayment}: release the order's held amount without charging it.
 *
 * <p>Sent by the orchestrator when a later step failed, or when the authorization's outcome is unknown
 * after its retries ran out. May arrive before the authorization or when nothing was authorized; a later
 * authorization for the order must then be refused. Consumed by payment-service, which replies
 * {@link PaymentAuthorizationVoided}. Topic {@code payment.commands}, key saga id.
 */
public record VoidPaymentAuthorization(UUID orderId) implements PaymentCommand {
}
