package io.sagaplatform.order.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
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
 * The order aggregate. It is created PENDING and owns its transitions: {@link #approve} and
 * {@link #reject} check the current state; there is no way to set a status from outside.
 * Repeating the transition it is already in is a no-op, so a command applied twice changes nothing.
 *
 * <p>An APPROVED order may be cancelled: {@link #requestCancellation} makes it CANCELLING while its cancel-order
 * saga withdraws the shipment, refunds and restocks; the saga ends it CANCELLED ({@link #cancel}) or, when the
 * shipment already left, APPROVED again with the reason ({@link #refuseCancellation}).
 */
@Entity
@Table(name = "orders")
public class Order {

    @Id
    private UUID id;

    @Column(name = "customer_id", nullable = false)
    private String customerId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private OrderStatus status;

    @Column(name = "rejection_reason")
    private String rejectionReason;

    @Column(nullable = false)
    private String currency;

    @Column(name = "total_amount", nullable = false, precision = 16, scale = 2)
    private BigDecimal totalAmount;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "order_lines", joinColumns = @JoinColumn(name = "order_id"))
    @OrderColumn(name = "line_no")
    private List<OrderLine> lines = new ArrayList<>();

    @Embedded
    private ShippingAddress shippingAddress;

    @Column(name = "placed_at", nullable = false)
    private Instant placedAt;

    @Column(name = "decided_at")
    private Instant decidedAt;

    @Column(name = "cancellation_requested_by")
    private String cancellationRequestedBy;

    @Column(name = "cancellation_requested_at")
    private Instant cancellationRequestedAt;

    @Column(name = "cancellation_reason")
    private String cancellationReason;

    @Column(name = "cancellation_refused_reason")
    private String cancellationRefusedReason;

    @Column(name = "cancelled_at")
    private Instant cancelledAt;

    @Version
    private long version;

    protected Order() {
    }

    public static Order place(String customerId, String currency, List<OrderLine> lines,
            ShippingAddress shippingAddress, Instant now) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("an order needs at least one line");
        }
        Order order = new Order();
        order.id = UUID.randomUUID();
        order.customerId = customerId;
        order.status = OrderStatus.PENDING;
        order.currency = currency;
        order.lines = new ArrayList<>(lines);
        order.totalAmount = lines.stream().map(OrderLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add)
                .setScale(2, RoundingMode.UNNECESSARY);
        order.shippingAddress = shippingAddress;
        order.placedAt = now;
        return order;
    }

    public void approve(Instant now) {
        transition(OrderStatus.APPROVED, now);
    }

    public void reject(String reason, Instant now) {
        transition(OrderStatus.REJECTED, now);
        if (rejectionReason == null) {
            rejectionReason = reason;
        }
    }

    /**
     * Accepts a request to cancel the order: only an APPROVED order can be cancelled (a pending one has not been
     * decided, a rejected or cancelled one has nothing to cancel, a cancelling one is being cancelled already),
     * and only once: an order whose cancellation was refused (its shipment had left) keeps the refusal — its
     * cancel-order saga, one per order, has ended, and the reason stands.
     *
     * @param requestedBy who asked (the customer, or the operator's name)
     * @param reason      what they said, or null
     * @throws IllegalOrderTransition when the order is not APPROVED, or its cancellation was refused before
     */
    public void requestCancellation(String requestedBy, String reason, Instant now) {
        if (status != OrderStatus.APPROVED || cancellationRefusedReason != null) {
            throw new IllegalOrderTransition(id, status, OrderStatus.CANCELLING);
        }
        status = OrderStatus.CANCELLING;
        cancellationRequestedBy = requestedBy;
        cancellationReason = reason;
        cancellationRequestedAt = now;
    }

    /** The cancel-order saga is done: CANCELLING becomes CANCELLED; an order already CANCELLED stays so. */
    public void cancel(Instant now) {
        if (status == OrderStatus.CANCELLED) {
            return;
        }
        if (status != OrderStatus.CANCELLING) {
            throw new IllegalOrderTransition(id, status, OrderStatus.CANCELLED);
        }
        status = OrderStatus.CANCELLED;
        cancelledAt = now;
    }

    /**
     * The cancellation cannot be done (the shipment already left): CANCELLING goes back to APPROVED, and
     * {@code reason} is kept so that the customer sees why. An order already APPROVED again keeps the reason it
     * was given first, so a repeated refusal changes nothing.
     */
    public void refuseCancellation(String reason) {
        if (status == OrderStatus.APPROVED) {
            if (cancellationRefusedReason == null) {
                cancellationRefusedReason = reason;
            }
            return;
        }
        if (status != OrderStatus.CANCELLING) {
            throw new IllegalOrderTransition(id, status, OrderStatus.APPROVED);
        }
        status = OrderStatus.APPROVED;
        cancellationRefusedReason = reason;
    }

    private void transition(OrderStatus target, Instant now) {
        if (status == target) {
            return;
        }
        if (status != OrderStatus.PENDING) {
            throw new IllegalOrderTransition(id, status, target);
        }
        status = target;
        decidedAt = now;
    }

    public UUID id() {
        return id;
    }

    public String customerId() {
        return customerId;
    }

    public OrderStatus status() {
        return status;
    }

    public Optional<String> rejectionReason() {
        return Optional.ofNullable(rejectionReason);
    }

    public String currency() {
        return currency;
    }

    public BigDecimal totalAmount() {
        return totalAmount;
    }

    public List<OrderLine> lines() {
        return List.copyOf(lines);
    }

    public ShippingAddress shippingAddress() {
        return shippingAddress;
    }

    public Instant placedAt() {
        return placedAt;
    }

    public Optional<Instant> decidedAt() {
        return Optional.ofNullable(decidedAt);
    }

    /** Who asked to cancel the order last; empty when nobody did. */
    public Optional<String> cancellationRequestedBy() {
        return Optional.ofNullable(cancellationRequestedBy);
    }

    public Optional<Instant> cancellationRequestedAt() {
        return Optional.ofNullable(cancellationRequestedAt);
    }

    /** Why the requester wanted it cancelled, if they said. */
    public Optional<String> cancellationReason() {
        return Optional.ofNullable(cancellationReason);
    }

    /** Why the last cancellation was refused (the order stayed APPROVED); empty unless one was. */
    public Optional<String> cancellationRefusedReason() {
        return Optional.ofNullable(cancellationRefusedReason);
    }

    public Optional<Instant> cancelledAt() {
        return Optional.ofNullable(cancelledAt);
    }
}
