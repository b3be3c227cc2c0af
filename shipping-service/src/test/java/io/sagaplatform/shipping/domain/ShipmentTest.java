package io.sagaplatform.shipping.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class ShipmentTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final DeliveryAddress ADDRESS = new DeliveryAddress("Alice", "1 Main St", "Lyon", "69001", "FR");

    @Test
    void aNewShipmentIsScheduledWithItsOwnId() {
        Shipment a = Shipment.schedule(UUID.randomUUID(), ADDRESS, List.of(new ShipmentLine("SKU-A", 1)), NOW);
        Shipment b = Shipment.schedule(UUID.randomUUID(), ADDRESS, List.of(new ShipmentLine("SKU-A", 1)), NOW);

        assertThat(a.status()).isEqualTo(ShipmentStatus.SCHEDULED);
        assertThat(a.cancelledAt()).isEmpty();
        assertThat(a.shipmentId()).isPresent().isNotEqualTo(b.shipmentId());
    }

    @Test
    void aShipmentNeedsAtLeastOneLine() {
        assertThatThrownBy(() -> Shipment.schedule(UUID.randomUUID(), ADDRESS, List.of(), NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cancellingTwiceKeepsTheFirstCancellationTime() {
        Shipment shipment = Shipment.schedule(UUID.randomUUID(), ADDRESS, List.of(new ShipmentLine("SKU-A", 1)), NOW);

        assertThat(shipment.cancel(NOW.plusSeconds(1))).isEqualTo(CancellationOutcome.CANCELLED);
        assertThat(shipment.cancel(NOW.plusSeconds(2))).isEqualTo(CancellationOutcome.ALREADY_CANCELLED);
        assertThat(shipment.cancelledAt()).contains(NOW.plusSeconds(1));
    }

    @Test
    void aCancellationMarkerIsAlreadyCancelled() {
        Shipment marker = Shipment.cancelledBeforeScheduling(UUID.randomUUID(), NOW);

        assertThat(marker.cancel(NOW.plusSeconds(1))).isEqualTo(CancellationOutcome.ALREADY_CANCELLED);
        assertThat(marker.cancelledAt()).contains(NOW);
    }

    @Test
    void refusesLinesWithoutSkuOrWithAQuantityOutOfRange() {
        assertThatThrownBy(() -> new ShipmentLine(" ", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ShipmentLine("SKU-A", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ShipmentLine("SKU-A", 1_000_001)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAnAddressWithoutRecipientOrWithALowerCaseCountry() {
        assertThatThrownBy(() -> new DeliveryAddress(" ", "1 Main St", "Lyon", "69001", "FR"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeliveryAddress("Alice", "1 Main St", "Lyon", "69001", "fr"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
