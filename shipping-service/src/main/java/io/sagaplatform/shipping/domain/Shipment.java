package io.sagaplatform.shipping.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * The shipment of one order, identified by the order: at most one per order, which is what makes a repeated
 * scheduling answer the same shipment.
 *
 * <p>It comes into being either SCHEDULED (with an address and lines) or already CANCELLED, as a marker that
 * the order's cancellation arrived before any scheduling. A SCHEDULED shipment moves once: to CANCELLED (the
 * place-order saga compensates), WITHDRAWN (the approved order is cancelled) or DISPATCHED (it left the
 * warehouse); nothing leads back to SCHEDULED. Creation and every transition are package-private: only
 * {@link ShipmentScheduler}, which applies the rules, decides them.
 */
@Entity
@Table(name = "shipments")
public class Shipment {

    @Id
    @Column(name = "order_id")
    private UUID orderId;

    /** Null for a cancellation that came before scheduling: no shipment ever existed. */
    @Column(name = "shipment_id")
    private UUID shipmentId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private ShipmentStatus status;

    @Embedded
    private DeliveryAddress address;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "shipment_lines", joinColumns = @JoinColumn(name = "order_id"))
    @OrderColumn(name = "line_no")
    private List<ShipmentLine> lines = new ArrayList<>();

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "cancelled_at")
    private Instant cancelledAt;

    @Column(name = "withdrawn_at")
    private Instant withdrawnAt;

    @Column(name = "dispatched_at")
    private Instant dispatchedAt;

    @Column(name = "cancelled_before_scheduling", nullable = false)
    private boolean cancelledBeforeScheduling;

    @Version
    private long version;

    protected Shipment() {
    }

    static Shipment schedule(UUID orderId, DeliveryAddress address, List<ShipmentLine> lines, Instant now) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a shipment needs at least one line");
        }
        Shipment shipment = new Shipment();
        shipment.orderId = orderId;
        shipment.shipmentId = UUID.randomUUID();
        shipment.status = ShipmentStatus.SCHEDULED;
        shipment.address = address;
        shipment.lines = new ArrayList<>(lines);
        shipment.createdAt = now;
        return shipment;
    }

    static Shipment cancelledBeforeScheduling(UUID orderId, Instant now) {
        Shipment marker = new Shipment();
        marker.orderId = orderId;
        marker.status = ShipmentStatus.CANCELLED;
        marker.cancelledBeforeScheduling = true;
        marker.createdAt = now;
        marker.cancelledAt = now;
        return marker;
    }

    /**
     * The place-order saga's compensation. A withdrawn shipment will not leave either: nothing to undo.
     *
     * @throws ShipmentAlreadyDispatched when it left the warehouse, which no cancellation can undo
     */
    CancellationOutcome cancel(Instant now) {
        if (status.stopped()) {
            return CancellationOutcome.ALREADY_CANCELLED;
        }
        if (status == ShipmentStatus.DISPATCHED) {
            throw new ShipmentAlreadyDispatched(orderId, shipmentId, dispatchedAt);
        }
        status = ShipmentStatus.CANCELLED;
        cancelledAt = now;
        return CancellationOutcome.CANCELLED;
    }

    /** The cancel-order saga's pivot: a scheduled shipment is withdrawn, unless it already left. */
    WithdrawalOutcome withdraw(Instant now) {
        return switch (status) {
            case SCHEDULED -> {
                status = ShipmentStatus.WITHDRAWN;
                withdrawnAt = now;
                yield WithdrawalOutcome.WITHDRAWN;
            }
            case CANCELLED, WITHDRAWN -> WithdrawalOutcome.ALREADY_STOPPED;
            case DISPATCHED -> WithdrawalOutcome.REFUSED_ALREADY_DISPATCHED;
        };
    }

    /** The warehouse hands a scheduled shipment to the carrier; a cancelled or withdrawn one must stay. */
    DispatchOutcome dispatch(Instant now) {
        return switch (status) {
            case SCHEDULED -> {
                status = ShipmentStatus.DISPATCHED;
                dispatchedAt = now;
                yield DispatchOutcome.DISPATCHED;
            }
            case DISPATCHED -> DispatchOutcome.ALREADY_DISPATCHED;
            case CANCELLED, WITHDRAWN -> DispatchOutcome.REFUSED_STOPPED;
        };
    }

    public UUID orderId() {
        return orderId;
    }

    public Optional<UUID> shipmentId() {
        return Optional.ofNullable(shipmentId);
    }

    public ShipmentStatus status() {
        return status;
    }

    public Optional<DeliveryAddress> address() {
        return Optional.ofNullable(address);
    }

    public List<ShipmentLine> lines() {
        return List.copyOf(lines);
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Optional<Instant> cancelledAt() {
        return Optional.ofNullable(cancelledAt);
    }

    public Optional<Instant> withdrawnAt() {
        return Optional.ofNullable(withdrawnAt);
    }

    public Optional<Instant> dispatchedAt() {
        return Optional.ofNullable(dispatchedAt);
    }

    public boolean cancelledBeforeScheduling() {
        return cancelledBeforeScheduling;
    }
}
