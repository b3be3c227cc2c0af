package io.sagaplatform.shipping.domain;

/**
 * What a withdrawal (the cancel-order saga's pivot) came to. The first two tell the saga the shipment will not
 * leave; the last two refuse, and nothing changed.
 */
public enum WithdrawalOutcome {
    /** A scheduled shipment is now WITHDRAWN. */
    WITHDRAWN,
    /** It was withdrawn or cancelled already (a repeated command): nothing changed, it will not leave. */
    ALREADY_STOPPED,
    /** It left the warehouse: it cannot be withdrawn. */
    REFUSED_ALREADY_DISPATCHED,
    /** There is no shipment for the order. */
    REFUSED_UNKNOWN_SHIPMENT
}
