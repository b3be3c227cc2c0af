package io.sagaplatform.shipping.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.sagaplatform.shipping.domain.Shipment;
import io.sagaplatform.shipping.domain.ShipmentStatus;

/**
 * A shipment as the API shows it. A cancellation that arrived before any scheduling shows as CANCELLED with
 * {@code cancelledBeforeScheduling: true} and no shipment id, address or lines.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Shipment")
public record ShipmentResponse(
        UUID orderId,
        UUID shipmentId,
        ShipmentStatus status,
        boolean cancelledBeforeScheduling,
        Address address,
        List<Line> lines,
        Instant createdAt,
        Instant cancelledAt,
        Instant withdrawnAt,
        Instant dispatchedAt) {

    @Schema(name = "ShipmentAddress")
    public record Address(String recipient, String street, String city, String postalCode, String country) {
    }

    @Schema(name = "ShipmentLine")
    public record Line(String sku, int quantity) {
    }

    static ShipmentResponse of(Shipment shipment) {
        return new ShipmentResponse(shipment.orderId(), shipment.shipmentId().orElse(null), shipment.status(),
                shipment.cancelledBeforeScheduling(),
                shipment.address().map(a -> new Address(a.recipient(), a.street(), a.city(), a.postalCode(),
                        a.country())).orElse(null),
                shipment.lines().stream().map(l -> new Line(l.sku(), l.quantity())).toList(),
                shipment.createdAt(), shipment.cancelledAt().orElse(null), shipment.withdrawnAt().orElse(null),
                shipment.dispatchedAt().orElse(null));
    }
}
