package io.sagaplatform.shipping.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The shipping rules, applied to one order at a time:
 * <ul>
 * <li>an order has at most one shipment: scheduling again answers the shipment already scheduled (even if the
 * destination became unserviceable since), and schedules nothing more;</li>
 * <li>a cancelled order never ships: a scheduling after its cancellation is refused, and so is one after a
 * cancellation that arrived <em>before</em> any scheduling (the saga's classic anomaly), which is why such a
 * cancellation leaves a marker;</li>
 * <li>a new shipment goes only where the {@link ServiceArea} delivers;</li>
 * <li>cancelling undoes a scheduled shipment exactly once; every other cancellation has nothing to undo (a
 * dispatched shipment cannot be cancelled at all);</li>
 * <li>withdrawing (an approved order is cancelled) stops a scheduled shipment, and is refused once it was
 * dispatched or when there is none;</li>
 * <li>only a scheduled shipment can be dispatched; a cancelled or withdrawn one must stay.</li>
 * </ul>
 * The order's existing shipment is read first, locked, so that these checks and their effect are one step.
 */
public final class ShipmentScheduler {

    private final Shipments shipments;
    private final ServiceArea serviceArea;

    public ShipmentScheduler(Shipments shipments, ServiceArea serviceArea) {
        this.shipments = shipments;
        this.serviceArea = serviceArea;
    }

    public SchedulingOutcome schedule(UUID orderId, DeliveryAddress address, List<ShipmentLine> lines, Instant now) {
        Optional<Shipment> existing = shipments.lockByOrder(orderId);
        if (existing.isPresent()) {
            return again(existing.get());
        }
        Optional<String> unserviceable = serviceArea.whyUnserviceable(address);
        if (unserviceable.isPresent()) {
            return new SchedulingOutcome.Refused(SchedulingRefusal.UNSERVICEABLE_DESTINATION, unserviceable.get());
        }
        Shipment shipment = Shipment.schedule(orderId, address, lines, now);
        shipments.add(shipment);
        return new SchedulingOutcome.Scheduled(shipment, false);
    }

    public CancellationOutcome cancel(UUID orderId, Instant now) {
        Optional<Shipment> existing = shipments.lockByOrder(orderId);
        if (existing.isEmpty()) {
            shipments.add(Shipment.cancelledBeforeScheduling(orderId, now));
            return CancellationOutcome.RECORDED_BEFORE_SCHEDULING;
        }
        return existing.get().cancel(now);
    }

    public WithdrawalOutcome withdraw(UUID orderId, Instant now) {
        return shipments.lockByOrder(orderId).map(shipment -> shipment.withdraw(now))
                .orElse(WithdrawalOutcome.REFUSED_UNKNOWN_SHIPMENT);
    }

    public DispatchOutcome dispatch(UUID orderId, Instant now) {
        return shipments.lockByOrder(orderId).map(shipment -> shipment.dispatch(now))
                .orElse(DispatchOutcome.NO_SHIPMENT);
    }

    private static SchedulingOutcome again(Shipment shipment) {
        if (shipment.status() == ShipmentStatus.SCHEDULED || shipment.status() == ShipmentStatus.DISPATCHED) {
            return new SchedulingOutcome.Scheduled(shipment, true);
        }
        if (shipment.status() == ShipmentStatus.WITHDRAWN) {
            return new SchedulingOutcome.Refused(SchedulingRefusal.ORDER_CANCELLED, "Order " + shipment.orderId()
                    + " had its shipment " + shipment.shipmentId().orElseThrow() + " withdrawn at "
                    + shipment.withdrawnAt().orElseThrow() + "; a withdrawn shipment is never scheduled again");
        }
        String detail = shipment.cancelledBeforeScheduling()
                ? "Order " + shipment.orderId() + " was cancelled at " + shipment.cancelledAt().orElseThrow()
                        + ", before its shipment was scheduled"
                : "Order " + shipment.orderId() + " had its shipment " + shipment.shipmentId().orElseThrow()
                        + " cancelled at " + shipment.cancelledAt().orElseThrow()
                        + "; a cancelled shipment is never scheduled again";
        return new SchedulingOutcome.Refused(SchedulingRefusal.ORDER_CANCELLED, detail);
    }
}
