package io.sagaplatform.contracts.payment;

import io.sagaplatform.contracts.Message;

import java.util.UUID;

/** Commands the orchestrator sends to payment-service on {@code payment.commands}, keyed by saga id. */
public sealed interface PaymentCommand extends Message
        permits AuthorizePayment, VoidPaymentAuthorization, CapturePayment, RefundPayment {

    UUID orderId();
}
