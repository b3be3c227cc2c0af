package io.sagaplatform.payment.domain;

/** Why an authorization request was declined: a business outcome, answered to the saga, never an error. */
public enum DeclineReason {
    /** No customer with that id. */
    UNKNOWN_CUSTOMER,
    /** The customer's credit line is in another currency, or its available credit is below the amount. */
    INSUFFICIENT_CREDIT,
    /** The order's authorization was voided (or cancelled before it existed): a late request is refused. */
    ORDER_CANCELLED
}
