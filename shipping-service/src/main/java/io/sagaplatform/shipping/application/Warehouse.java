package io.sagaplatform.shipping.application;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.sagaplatform.shipping.domain.DispatchOutcome;
import io.sagaplatform.shipping.domain.Shipment;
import io.sagaplatform.shipping.domain.ShipmentScheduler;

/**
 * The warehouse's side: a shipment leaves (is dispatched). Once dispatched it can no longer be withdrawn, which is
 * what makes the cancel-order saga refuse a cancellation. The order's row is locked, so a dispatch and a withdrawal
 * of the same shipment apply one after the other and exactly one of them wins.
 */
@ApplicationScoped
public class Warehouse {

    private static final Logger LOG = Logger.getLogger(Warehouse.class);

    private final ShipmentScheduler scheduler;
    private final ShipmentStore shipments;
    private final Clock clock;

    Warehouse(ShipmentScheduler scheduler, ShipmentStore shipments, Clock clock) {
        this.scheduler = scheduler;
        this.shipments = shipments;
        this.clock = clock;
    }

    /** What a dispatch came to, and the order's shipment as it is now (empty when there is none). */
    public record Dispatch(DispatchOutcome outcome, Optional<Shipment> shipment) {
    }

    @Transactional
    public Dispatch dispatch(UUID orderId, String by) {
        // the precision the database keeps, so that the first answer shows the dispatchedAt every later one shows
        DispatchOutcome outcome = scheduler.dispatch(orderId, clock.instant().truncatedTo(ChronoUnit.MICROS));
        LOG.infof("Shipment of order %s: %s (%s)", orderId, switch (outcome) {
            case DISPATCHED -> "dispatched, it can no longer be withdrawn";
            case ALREADY_DISPATCHED -> "already dispatched";
            case REFUSED_STOPPED -> "not dispatched, it was cancelled or withdrawn";
            case NO_SHIPMENT -> "no shipment to dispatch";
        }, by);
        return new Dispatch(outcome, shipments.lockByOrder(orderId));
    }
}
