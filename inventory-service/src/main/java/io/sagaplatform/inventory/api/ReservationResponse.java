package io.sagaplatform.inventory.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.sagaplatform.inventory.domain.Reservation;
import io.sagaplatform.inventory.domain.ReservationStatus;

/**
 * An order's reservation: RESERVED with what it holds, RELEASED, RESTOCKED (the approved order was cancelled),
 * or CANCELLED (released before any reservation, no lines). {@code releasedAt} is when its stock was given back.
 */
@Schema(name = "Reservation")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReservationResponse(UUID orderId, ReservationStatus status, List<Line> lines, Instant createdAt,
        Instant releasedAt) {

    @Schema(name = "ReservationLine", description = "What the order holds of one SKU (its lines summed)")
    public record Line(String sku, int quantity) {
    }

    static ReservationResponse of(Reservation reservation) {
        return new ReservationResponse(reservation.orderId(), reservation.status(),
                reservation.lines().stream().map(l -> new Line(l.sku(), l.quantity())).toList(),
                reservation.createdAt(), reservation.releasedAt().orElse(null));
    }
}
