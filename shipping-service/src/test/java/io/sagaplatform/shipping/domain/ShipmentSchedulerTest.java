package io.sagaplatform.shipping.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class ShipmentSchedulerTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final List<ShipmentLine> LINES = List.of(new ShipmentLine("SKU-APPLE", 2));

    private final InMemoryShipments shipments = new InMemoryShipments();
    private final Map<String, String> unserviceable = new HashMap<>(Map.of("AQ", "Antarctica: no carrier"));
    private final ShipmentScheduler scheduler = new ShipmentScheduler(shipments,
            new ServiceArea(country -> Optional.ofNullable(unserviceable.get(country)), Set.of("00000")));
    private final UUID orderId = UUID.randomUUID();

    private static DeliveryAddress to(String country, String postalCode) {
        return new DeliveryAddress("Alice", "1 Main St", "Lyon", postalCode, country);
    }

    private void scheduled() {
        scheduler.schedule(orderId, to("FR", "69001"), LINES, NOW);
    }

    @Test
    void withdrawingAScheduledShipmentStopsItOnceAndARepeatChangesNothing() {
        scheduled();

        assertThat(scheduler.withdraw(orderId, NOW.plusSeconds(60))).isEqualTo(WithdrawalOutcome.WITHDRAWN);
        assertThat(scheduler.withdraw(orderId, NOW.plusSeconds(90))).isEqualTo(WithdrawalOutcome.ALREADY_STOPPED);

        Shipment stored = shipments.byOrder.get(orderId);
        assertThat(stored.status()).isEqualTo(ShipmentStatus.WITHDRAWN);
        assertThat(stored.withdrawnAt()).contains(NOW.plusSeconds(60));
    }

    @Test
    void aDispatchedShipmentCannotBeWithdrawnAndStaysDispatched() {
        scheduled();
        assertThat(scheduler.dispatch(orderId, NOW.plusSeconds(10))).isEqualTo(DispatchOutcome.DISPATCHED);

        assertThat(scheduler.withdraw(orderId, NOW.plusSeconds(60)))
                .isEqualTo(WithdrawalOutcome.REFUSED_ALREADY_DISPATCHED);
        assertThat(shipments.byOrder.get(orderId).status()).isEqualTo(ShipmentStatus.DISPATCHED);
    }

    @Test
    void withdrawingWithoutAShipmentIsRefusedAndStoresNothing() {
        assertThat(scheduler.withdraw(orderId, NOW)).isEqualTo(WithdrawalOutcome.REFUSED_UNKNOWN_SHIPMENT);
        assertThat(shipments.byOrder).isEmpty();
    }

    @Test
    void aCancelledShipmentIsAnsweredAsWithdrawnWithoutChange() {
        scheduled();
        scheduler.cancel(orderId, NOW);

        assertThat(scheduler.withdraw(orderId, NOW.plusSeconds(1))).isEqualTo(WithdrawalOutcome.ALREADY_STOPPED);
        assertThat(shipments.byOrder.get(orderId).status()).isEqualTo(ShipmentStatus.CANCELLED);
        assertThat(shipments.byOrder.get(orderId).withdrawnAt()).isEmpty();
    }

    @Test
    void dispatchingTwiceDispatchesOnceAndAStoppedShipmentNeverLeaves() {
        scheduled();
        assertThat(scheduler.dispatch(orderId, NOW.plusSeconds(1))).isEqualTo(DispatchOutcome.DISPATCHED);
        assertThat(scheduler.dispatch(orderId, NOW.plusSeconds(2))).isEqualTo(DispatchOutcome.ALREADY_DISPATCHED);
        assertThat(shipments.byOrder.get(orderId).dispatchedAt()).contains(NOW.plusSeconds(1));

        UUID withdrawn = UUID.randomUUID();
        scheduler.schedule(withdrawn, to("FR", "69001"), LINES, NOW);
        scheduler.withdraw(withdrawn, NOW);
        assertThat(scheduler.dispatch(withdrawn, NOW)).isEqualTo(DispatchOutcome.REFUSED_STOPPED);
        UUID marker = UUID.randomUUID();
        scheduler.cancel(marker, NOW);
        assertThat(scheduler.dispatch(marker, NOW)).isEqualTo(DispatchOutcome.REFUSED_STOPPED);
        assertThat(scheduler.dispatch(UUID.randomUUID(), NOW)).isEqualTo(DispatchOutcome.NO_SHIPMENT);
    }

    @Test
    void aDispatchedShipmentCannotBeCancelledByACompensation() {
        scheduled();
        scheduler.dispatch(orderId, NOW);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> scheduler.cancel(orderId, NOW))
                .isInstanceOf(ShipmentAlreadyDispatched.class).hasMessageContaining("cannot be cancelled");
        assertThat(shipments.byOrder.get(orderId).status()).isEqualTo(ShipmentStatus.DISPATCHED);
    }

    @Test
    void aWithdrawnShipmentIsNeverScheduledAgainAndItsCompensationHasNothingToUndo() {
        scheduled();
        scheduler.withdraw(orderId, NOW);

        assertThat(scheduler.schedule(orderId, to("FR", "69001"), LINES, NOW)).isInstanceOfSatisfying(
                SchedulingOutcome.Refused.class, r -> assertThat(r.reason()).isEqualTo(SchedulingRefusal.ORDER_CANCELLED));
        assertThat(scheduler.cancel(orderId, NOW)).isEqualTo(CancellationOutcome.ALREADY_CANCELLED);
        assertThat(shipments.byOrder.get(orderId).status()).isEqualTo(ShipmentStatus.WITHDRAWN);
    }

    @Test
    void schedulesAShipmentToAServiceableAddress() {
        SchedulingOutcome outcome = scheduler.schedule(orderId, to("FR", "69001"), LINES, NOW);

        SchedulingOutcome.Scheduled scheduled = (SchedulingOutcome.Scheduled) outcome;
        assertThat(scheduled.repeated()).isFalse();
        Shipment stored = shipments.byOrder.get(orderId);
        assertThat(stored.status()).isEqualTo(ShipmentStatus.SCHEDULED);
        assertThat(stored.shipmentId()).contains(scheduled.shipmentId());
        assertThat(stored.lines()).singleElement().satisfies(l -> {
            assertThat(l.sku()).isEqualTo("SKU-APPLE");
            assertThat(l.quantity()).isEqualTo(2);
        });
    }

    @Test
    void schedulingAgainAnswersTheSameShipmentAndSchedulesNothingMore() {
        UUID first = ((SchedulingOutcome.Scheduled) scheduler.schedule(orderId, to("FR", "69001"), LINES, NOW))
                .shipmentId();

        SchedulingOutcome again = scheduler.schedule(orderId, to("DE", "10115"), LINES, NOW.plusSeconds(30));

        assertThat(again).isInstanceOfSatisfying(SchedulingOutcome.Scheduled.class, s -> {
            assertThat(s.shipmentId()).isEqualTo(first);
            assertThat(s.repeated()).isTrue();
        });
        assertThat(shipments.added).isEqualTo(1);
        assertThat(shipments.byOrder.get(orderId).address().orElseThrow().country()).isEqualTo("FR");
    }

    @Test
    void aScheduledShipmentStaysScheduledWhenItsCountryBecomesUnserviceable() {
        UUID first = ((SchedulingOutcome.Scheduled) scheduler.schedule(orderId, to("FR", "69001"), LINES, NOW))
                .shipmentId();
        unserviceable.put("FR", "strike");

        assertThat(scheduler.schedule(orderId, to("FR", "69001"), LINES, NOW))
                .isInstanceOfSatisfying(SchedulingOutcome.Scheduled.class, s -> assertThat(s.shipmentId()).isEqualTo(first));
    }

    @Test
    void refusesAnUnserviceableDestinationAndStoresNothing() {
        SchedulingOutcome outcome = scheduler.schedule(orderId, to("AQ", "BIOT 1"), LINES, NOW);

        assertThat(outcome).isInstanceOfSatisfying(SchedulingOutcome.Refused.class, r -> {
            assertThat(r.reason()).isEqualTo(SchedulingRefusal.UNSERVICEABLE_DESTINATION);
            assertThat(r.detail()).contains("AQ").contains("Antarctica: no carrier");
        });
        assertThat(shipments.byOrder).isEmpty();
    }

    @Test
    void cancellingAScheduledShipmentUndoesItExactlyOnce() {
        scheduler.schedule(orderId, to("FR", "69001"), LINES, NOW);

        assertThat(scheduler.cancel(orderId, NOW.plusSeconds(5))).isEqualTo(CancellationOutcome.CANCELLED);
        assertThat(scheduler.cancel(orderId, NOW.plusSeconds(9))).isEqualTo(CancellationOutcome.ALREADY_CANCELLED);

        Shipment shipment = shipments.byOrder.get(orderId);
        assertThat(shipment.status()).isEqualTo(ShipmentStatus.CANCELLED);
        assertThat(shipment.cancelledAt()).contains(NOW.plusSeconds(5));
        assertThat(shipment.cancelledBeforeScheduling()).isFalse();
        assertThat(CancellationOutcome.CANCELLED.nothingToUndo()).isFalse();
        assertThat(CancellationOutcome.ALREADY_CANCELLED.nothingToUndo()).isTrue();
    }

    @Test
    void cancellingBeforeSchedulingHasNothingToUndoAndLeavesAMarker() {
        CancellationOutcome outcome = scheduler.cancel(orderId, NOW);

        assertThat(outcome).isEqualTo(CancellationOutcome.RECORDED_BEFORE_SCHEDULING);
        assertThat(outcome.nothingToUndo()).isTrue();
        Shipment marker = shipments.byOrder.get(orderId);
        assertThat(marker.status()).isEqualTo(ShipmentStatus.CANCELLED);
        assertThat(marker.cancelledBeforeScheduling()).isTrue();
        assertThat(marker.shipmentId()).isEmpty();
        assertThat(marker.address()).isEmpty();
        assertThat(marker.lines()).isEmpty();
    }

    @Test
    void aSchedulingAfterAnEarlyCancellationIsRefusedAsOrderCancelledAndChangesNothing() {
        scheduler.cancel(orderId, NOW);

        SchedulingOutcome late = scheduler.schedule(orderId, to("FR", "69001"), LINES, NOW.plusSeconds(1));

        assertThat(late).isInstanceOfSatisfying(SchedulingOutcome.Refused.class, r -> {
            assertThat(r.reason()).isEqualTo(SchedulingRefusal.ORDER_CANCELLED);
            assertThat(r.detail()).contains(orderId.toString()).contains("before its shipment was scheduled");
        });
        Shipment marker = shipments.byOrder.get(orderId);
        assertThat(marker.shipmentId()).isEmpty();
        assertThat(marker.lines()).isEmpty();
        assertThat(shipments.added).isEqualTo(1);
    }

    @Test
    void aCancelledShipmentIsNeverScheduledAgain() {
        scheduler.schedule(orderId, to("FR", "69001"), LINES, NOW);
        scheduler.cancel(orderId, NOW);

        assertThat(scheduler.schedule(orderId, to("FR", "69001"), LINES, NOW))
                .isInstanceOfSatisfying(SchedulingOutcome.Refused.class, r -> {
                    assertThat(r.reason()).isEqualTo(SchedulingRefusal.ORDER_CANCELLED);
                    assertThat(r.detail()).contains("never scheduled again");
                });
        assertThat(shipments.byOrder.get(orderId).status()).isEqualTo(ShipmentStatus.CANCELLED);
    }

    @Test
    void cancellingARefusedSchedulingHasNothingToUndoAndRefusesItsRetry() {
        scheduler.schedule(orderId, to("AQ", "BIOT 1"), LINES, NOW);
        unserviceable.remove("AQ");

        assertThat(scheduler.cancel(orderId, NOW).nothingToUndo()).isTrue();
        assertThat(scheduler.schedule(orderId, to("AQ", "BIOT 1"), LINES, NOW))
                .isInstanceOfSatisfying(SchedulingOutcome.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(SchedulingRefusal.ORDER_CANCELLED));
    }

    /** Shipments in a map; the database's row lock has no equivalent in a single-threaded test. */
    private static final class InMemoryShipments implements Shipments {
        final Map<UUID, Shipment> byOrder = new HashMap<>();
        int added;

        @Override
        public Optional<Shipment> lockByOrder(UUID orderId) {
            return Optional.ofNullable(byOrder.get(orderId));
        }

        @Override
        public void add(Shipment shipment) {
            if (byOrder.putIfAbsent(shipment.orderId(), shipment) != null) {
                throw new IllegalStateException("a second shipment for order " + shipment.orderId());
            }
            added++;
        }
    }
}
