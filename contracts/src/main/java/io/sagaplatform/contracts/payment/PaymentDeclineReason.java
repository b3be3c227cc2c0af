package io.sagaplatform.contracts.payment;

/** Why payment-service declined an {@link AuthorizePayment}. */
public enum PaymentDeclineReason {
    /** The customer's remaining credit does not cover the amount. */
    INSUFFICIENT_CREDIT,
    /** payment-service does not know the customer. */
    UNKNOWN_CUSTOMER,
    /** The order's {@link VoidPaymentAuthorization} already arrived, so this late authorization is refused. */
    ORDER_CANCELLED
}
