package io.sagaplatform.inventory.domain;

/**
 * RESERVED holds stock; RELEASED gave it back (the place-order saga compensated); RESTOCKED gave it back because the
 * approved order was cancelled (the cancel-order saga); CANCELLED means the release came before any reservation
 * and is kept as a marker so that the late reservation is refused. All but RESERVED are final.
 */
public enum ReservationStatus {
    RESERVED, RELEASED, CANCELLED, RESTOCKED
}
