package io.sagaplatform.inventory.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;

/**
 * What one order holds in stock, and the memory of its compensation. There is at most one per order, so
 * an order never reserves twice, and a release is remembered even when it came first: the saga may send
 * {@code ReleaseInventory} for a reservation whose outcome it does not know, and the reservation may then
 * still arrive. Stock quantities only change through this aggregate, so reserving and releasing always move
 * between available and reserved together.
 */
@Entity
@Table(name = "reservations")
public class Reservation {

    @Id
    @Column(name = "order_id")
    private UUID orderId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private ReservationStatus status;

    /** One line per SKU: lines that named a SKU twice are summed. */
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "reservation_lines", joinColumns = @JoinColumn(name = "order_id"))
    @OrderBy("sku")
    private List<ReservationLine> lines = new ArrayList<>();

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "released_at")
    private Instant releasedAt;

    protected Reservation() {
    }

    private Reservation(UUID orderId, ReservationStatus status, Instant now) {
        this.orderId = orderId;
        this.status = status;
        this.createdAt = now;
    }

    /**
     * Reserves every requested line, or nothing. {@code stock} holds the stock items of the requested SKUs
     * that exist (locked by the caller); a SKU missing from it is unknown. Unknown SKUs are reported before
     * shortages, since no restock can fix them.
     */
    public static ReservationOutcome reserve(UUID orderId, Collection<ReservationLine> requested,
            Map<String, StockItem> stock, Instant now) {
        if (requested.isEmpty()) {
            throw new IllegalArgumentException("a reservation needs at least one line");
        }
        SortedMap<String, Integer> wanted = new TreeMap<>();
        requested.forEach(line -> wanted.merge(line.sku(), line.quantity(), Math::addExact));

        List<String> unknown = wanted.keySet().stream().filter(sku -> !stock.containsKey(sku)).toList();
        if (!unknown.isEmpty()) {
            return new ReservationOutcome.Refused(RefusalReason.UNKNOWN_SKU,
                    (unknown.size() == 1 ? "Unknown SKU " : "Unknown SKUs ") + String.join(", ", unknown));
        }
        String shortages = wanted.entrySet().stream()
                .filter(want -> want.getValue() > stock.get(want.getKey()).available())
                .map(want -> want.getKey() + ": requested " + want.getValue() + ", available "
                        + stock.get(want.getKey()).available())
                .collect(Collectors.joining("; "));
        if (!shortages.isEmpty()) {
            return new ReservationOutcome.Refused(RefusalReason.OUT_OF_STOCK, shortages);
        }

        Reservation reservation = new Reservation(orderId, ReservationStatus.RESERVED, now);
        wanted.forEach((sku, quantity) -> {
            stock.get(sku).reserve(quantity);
            reservation.lines.add(new ReservationLine(sku, quantity));
        });
        return new ReservationOutcome.Reserved(reservation);
    }

    /**
     * The marker a release leaves when it finds nothing reserved: it holds nothing and refuses the order's
     * reservation should it arrive late.
     */
    public static Reservation cancelledBeforeReserving(UUID orderId, Instant now) {
        Reservation marker = new Reservation(orderId, ReservationStatus.CANCELLED, now);
        marker.releasedAt = now;
        return marker;
    }

    /**
     * The answer to another request to reserve this order's stock: it already holds its stock (the first
     * request's lines stand; nothing is reserved twice), or the order is being compensated.
     */
    public ReservationOutcome reserveAgain() {
        return switch (status) {
            case RESERVED -> new ReservationOutcome.Reserved(this);
            case RELEASED -> new ReservationOutcome.Refused(RefusalReason.ORDER_CANCELLED,
                    "The order's reservation was released at " + releasedAt);
            case CANCELLED -> new ReservationOutcome.Refused(RefusalReason.ORDER_CANCELLED,
                    "The order's stock was released at " + releasedAt + ", before any reservation");
            case RESTOCKED -> new ReservationOutcome.Refused(RefusalReason.ORDER_CANCELLED,
                    "The order was cancelled: its stock was restocked at " + releasedAt);
        };
    }

    /**
     * Gives the reserved quantities back to {@code stock} (the locked items of {@link #skus()}) once.
     *
     * @return false when there was nothing to undo: already released or restocked, or cancelled before reserving
     */
    public boolean release(Map<String, StockItem> stock, Instant now) {
        if (status != ReservationStatus.RESERVED) {
            return false;
        }
        giveBack(stock);
        status = ReservationStatus.RELEASED;
        releasedAt = now;
        return true;
    }

    /**
     * The cancellation of an approved order: the units it holds go back to available, once. The order's stock was
     * never shipped out of {@code reserved} (no step consumes it), so this moves exactly what it reserved.
     *
     * @return false when it was restocked already (a repeat): nothing moved
     * @throws IllegalStateException when the order holds nothing (released by a compensation, or never reserved):
     *                               an approved order always holds its stock, so this is not a state to guess about
     */
    public boolean restock(Map<String, StockItem> stock, Instant now) {
        if (status == ReservationStatus.RESTOCKED) {
            return false;
        }
        if (status != ReservationStatus.RESERVED) {
            throw new IllegalStateException("The reservation of order " + orderId + " is " + status
                    + ": it holds no stock to restock");
        }
        giveBack(stock);
        status = ReservationStatus.RESTOCKED;
        releasedAt = now;
        return true;
    }

    private void giveBack(Map<String, StockItem> stock) {
        for (ReservationLine line : lines) {
            if (!stock.containsKey(line.sku())) {
                throw new IllegalStateException("Reservation of order " + orderId + " holds " + line.sku()
                        + ", which is not in the stock given to release it");
            }
        }
        lines.forEach(line -> stock.get(line.sku()).release(line.quantity()));
    }

    /** The SKUs of these lines in the order their stock rows must be locked (by SKU, to avoid deadlocks). */
    public static SortedSet<String> skus(Collection<ReservationLine> lines) {
        return lines.stream().map(ReservationLine::sku).collect(Collectors.toCollection(TreeSet::new));
    }

    public SortedSet<String> skus() {
        return skus(lines);
    }

    public UUID orderId() {
        return orderId;
    }

    public ReservationStatus status() {
        return status;
    }

    public List<ReservationLine> lines() {
        return List.copyOf(lines);
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Optional<Instant> releasedAt() {
        return Optional.ofNullable(releasedAt);
    }
}
