package io.sagaplatform.order.domain;

/** PENDING until the saga decides; then APPROVED or REJECTED, for good. */
public enum OrderStatus {
    PENDING, APPROVED, REJECTED
}
