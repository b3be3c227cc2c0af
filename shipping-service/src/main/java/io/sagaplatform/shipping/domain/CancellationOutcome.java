package io.sagaplatform.shipping.domain;

/**
 * What a cancellation did. Only {@link #CANCELLED} undid something; the saga is told {@code nothingToUndo} for
 * the other two, so that a compensation counts once however often it is sent.
 */
public enum CancellationOutcome {
    /** A scheduled shipment is now cancelled. */
    CANCELLED(false),
    /** The shipment was already cancelled (a repeated compensation): nothing changed. */
    ALREADY_CANCELLED(true),
    /**
     * Nothing had been scheduled for the order: the cancellation is recorded so that a scheduling arriving later
     * (it timed out in the saga, its outcome unknown) is refused instead of shipping a compensated order.
     */
    RECORDED_BEFORE_SCHEDULING(true);

    private final boolean nothingToUndo;

    CancellationOutcome(boolean nothingToUndo) {
        this.nothingToUndo = nothingToUndo;
    }

    public boolean nothingToUndo() {
        return nothingToUndo;
    }
}
