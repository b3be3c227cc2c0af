package io.sagaplatform.inventory.domain;

import java.util.Objects;

/** What asking to reserve an order's stock came to: its reservation, or a refusal that changed nothing. */
public sealed interface ReservationOutcome {

    /** The order holds its stock (just reserved, or already held from an earlier request). */
    record Reserved(Reservation reservation) implements ReservationOutcome {

        public Reserved {
            Objects.requireNonNull(reservation, "reservation");
        }
    }

    /**
     * Nothing was reserved. {@code detail} is for people (which SKU, how many) and is cut to
     * {@value #MAX_DETAIL} characters, the most a failure reply may carry.
     */
    record Refused(RefusalReason reason, String detail) implements ReservationOutcome {

        public static final int MAX_DETAIL = 500;

        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
            if (detail.length() > MAX_DETAIL) {
                detail = detail.substring(0, MAX_DETAIL - 1) + "…";
            }
        }
    }
}
