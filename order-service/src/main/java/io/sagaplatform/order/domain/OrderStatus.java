package io.sagaplatform.order.domain;

/**
 * PENDING until the place-order saga decides; then APPROVED or REJECTED. An APPROVED order may be asked to be
 * cancelled: CANCELLING while its cancel-order saga runs, then CANCELLED for good, or APPROVED again when the
 * cancellation is refused.
 */
public enum OrderStatus {
    PENDING, APPROVED, REJECTED, CANCELLING, CANCELLED
}
