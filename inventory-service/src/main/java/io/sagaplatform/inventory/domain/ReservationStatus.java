package io.sagaplatform.inventory.domain;

/**
 * RESERVED holds stock; RELEASED gave it back; CANCELLED means the release came before any reservation
 * and is kept as a marker so that the late reservation is refused. RELEASED and CANCELLED are final.
 */
public enum ReservationStatus {
    RESERVED, RELEASED, CANCELLED
}
