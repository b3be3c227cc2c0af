package io.sagaplatform.payment.domain;

/**
 * Where an order's authorization stands. AUTHORIZED moves on to VOIDED or CAPTURED, and CAPTURED to REFUNDED; the
 * others are final.
 */
public enum AuthorizationStatus {
    /** The amount is held on the customer's credit, not yet charged. */
    AUTHORIZED,
    /** The hold was released by the saga's compensation; the order is cancelled. */
    VOIDED,
    /** The amount is charged; it stays held (it is spent) and can no longer be voided, only refunded. */
    CAPTURED,
    /** The approved order was cancelled: the charged amount went back to the customer's credit (no longer held). */
    REFUNDED,
    /**
     * The compensation arrived before any authorization: nothing was held, and this marker makes a late
     * authorization for the order be refused.
     */
    CANCELLED
}
