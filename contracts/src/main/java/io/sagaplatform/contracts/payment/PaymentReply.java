package io.sagaplatform.contracts.payment;

import io.sagaplatform.contracts.Message;

import java.util.UUID;

/** payment-service's replies to {@link PaymentCommand}s, on {@code saga.replies}, keyed by saga id. */
public sealed interface PaymentReply extends Message
        permits PaymentAuthorized, PaymentDeclined, PaymentAuthorizationVoided, PaymentCaptured, PaymentRefunded {

    UUID orderId();
}
