package io.sagaplatform.shipping.domain;

/** What the warehouse's dispatch of an order's shipment came to. */
public enum DispatchOutcome {
    /** A scheduled shipment left the warehouse now. */
    DISPATCHED,
    /** It had left already (a repeated request): nothing changed. */
    ALREADY_DISPATCHED,
    /** It was cancelled or withdrawn: it must not leave, nothing changed. */
    REFUSED_STOPPED,
    /** There is no shipment for the order. */
    NO_SHIPMENT
}
