package io.sagaplatform.payment.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.sagaplatform.payment.domain.AuthorizationOutcome.Authorized;
import io.sagaplatform.payment.domain.AuthorizationOutcome.Declined;

/**
 * The payment of one order (at most one per order: the order id is the key, which is what makes a second
 * request answer with the first authorization instead of charging twice).
 *
 * <p>AUTHORIZED → VOIDED (compensation) or CAPTURED (charged); CAPTURED → REFUNDED when the approved order is
 * cancelled (the charged amount goes back to the customer's credit, once). A compensation that finds nothing leaves a
 * CANCELLED marker, so that an authorization arriving after it — the classic saga anomaly, when the request
 * timed out and its compensation overtook it — is refused. Every transition is checked here; there is no
 * way to set a status from outside.
 */
@Entity
@Table(name = "authorizations")
public class Authorization {

    @Id
    @Column(name = "order_id")
    private UUID orderId;

    @Column(name = "authorization_id")
    private UUID authorizationId;

    @Column(name = "customer_id")
    private String customerId;

    @Column(precision = 14, scale = 2)
    private BigDecimal amount;

    private String currency;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private AuthorizationStatus status;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "refunded_at")
    private Instant refundedAt;

    @Version
    private long version;

    protected Authorization() {
    }

    /**
     * The first request for an order that has no authorization yet: declined when the customer is unknown or
     * its credit line cannot cover the amount, otherwise the amount is held on {@code customer}'s credit.
     *
     * @param customer the requested customer, locked by the caller, or empty when there is no such customer
     */
    public static AuthorizationOutcome request(AuthorizationRequest request, Optional<Customer> customer,
            Instant now) {
        if (customer.isEmpty()) {
            return new Declined(DeclineReason.UNKNOWN_CUSTOMER, "no customer '" + request.customerId() + "'");
        }
        Optional<String> shortfall = customer.get().shortfall(request.amount(), request.currency());
        if (shortfall.isPresent()) {
            return new Declined(DeclineReason.INSUFFICIENT_CREDIT, shortfall.get());
        }
        customer.get().hold(request.amount(), request.currency());
        Authorization authorization = new Authorization();
        authorization.orderId = request.orderId();
        authorization.authorizationId = UUID.randomUUID();
        authorization.customerId = request.customerId();
        authorization.amount = request.amount();
        authorization.currency = request.currency();
        authorization.status = AuthorizationStatus.AUTHORIZED;
        authorization.createdAt = now;
        authorization.updatedAt = now;
        return new Authorized(authorization);
    }

    /** The marker a compensation leaves when it finds no authorization for the order: nothing was held. */
    public static Authorization cancelledBeforeAuthorization(UUID orderId, Instant now) {
        Authorization marker = new Authorization();
        marker.orderId = Objects.requireNonNull(orderId, "orderId");
        marker.status = AuthorizationStatus.CANCELLED;
        marker.createdAt = now;
        marker.updatedAt = now;
        return marker;
    }

    /**
     * Another request for this order (the saga retried with a new message id): it holds nothing more. An order
     * already authorized or captured gets the same authorization back; a voided or cancelled one is refused.
     *
     * @throws PaymentRuleViolation when the request differs from the one that was authorized: one order cannot
     *                              hold two different amounts
     */
    public AuthorizationOutcome requestAgain(AuthorizationRequest request) {
        return switch (status) {
            case VOIDED -> new Declined(DeclineReason.ORDER_CANCELLED, "order " + orderId
                    + " was cancelled: its authorization " + authorizationId + " was already voided");
            case REFUNDED -> new Declined(DeclineReason.ORDER_CANCELLED, "order " + orderId
                    + " was cancelled: its payment " + authorizationId + " was already refunded");
            case CANCELLED -> new Declined(DeclineReason.ORDER_CANCELLED, "order " + orderId
                    + " was cancelled before it was authorized");
            case AUTHORIZED, CAPTURED -> {
                if (!customerId.equals(request.customerId()) || amount.compareTo(request.amount()) != 0
                        || !currency.equals(request.currency())) {
                    throw new PaymentRuleViolation("Order " + orderId + " is already " + status + " as "
                            + authorizationId + " for " + Money.format(amount, currency) + " on " + customerId
                            + "'s credit; a different request (" + request + ") cannot be applied too");
                }
                yield new Authorized(this);
            }
        };
    }

    /**
     * The saga's compensation: releases the hold, exactly once.
     *
     * @param creditLineOf finds (and locks) a customer by id; asked only when there is a hold to release
     * @return {@code true} when a hold was released, {@code false} when there was nothing to undo
     * @throws PaymentRuleViolation for a captured payment, which can only be refunded, never voided
     */
    public boolean voidHold(Function<String, Customer> creditLineOf, Instant now) {
        return switch (status) {
            case AUTHORIZED -> {
                Customer holder = creditLineOf.apply(customerId);
                if (!holder.id().equals(customerId)) {
                    throw new IllegalArgumentException("Authorization " + authorizationId + " is held by "
                            + customerId + ", not by " + holder.id());
                }
                holder.release(amount);
                moveTo(AuthorizationStatus.VOIDED, now);
                yield true;
            }
            case VOIDED, CANCELLED, REFUNDED -> false;
            case CAPTURED -> throw new PaymentRuleViolation("Authorization " + authorizationId + " of order "
                    + orderId + " is CAPTURED: a captured payment cannot be voided (it would need a refund)");
        };
    }

    /**
     * Charges the held amount. It stays held on the customer's credit: it is spent, not released. Capturing a
     * captured authorization again changes nothing.
     *
     * @throws PaymentRuleViolation when the authorization was voided or the order cancelled
     */
    public void capture(Instant now) {
        switch (status) {
            case AUTHORIZED -> moveTo(AuthorizationStatus.CAPTURED, now);
            case CAPTURED -> {
                // charged already: the repeated command changes nothing
            }
            case VOIDED, CANCELLED, REFUNDED -> throw new PaymentRuleViolation("The authorization of order " + orderId
                    + " is " + status + " and cannot be captured");
        }
    }

    /**
     * The cancellation of an approved order: the captured amount goes back to the customer's credit (the hold is
     * released), exactly once. A refunded payment asked again changes nothing.
     *
     * @param creditLineOf finds (and locks) a customer by id; asked only when there is something to refund
     * @return {@code true} when the amount was given back now, {@code false} when it had been already
     * @throws PaymentRuleViolation when nothing was charged: an authorization not captured (yet), voided or
     *                              cancelled has nothing to refund
     */
    public boolean refund(Function<String, Customer> creditLineOf, Instant now) {
        return switch (status) {
            case CAPTURED -> {
                Customer holder = creditLineOf.apply(customerId);
                if (!holder.id().equals(customerId)) {
                    throw new IllegalArgumentException("Authorization " + authorizationId + " is held by "
                            + customerId + ", not by " + holder.id());
                }
                holder.release(amount);
                moveTo(AuthorizationStatus.REFUNDED, now);
                refundedAt = now;
                yield true;
            }
            case REFUNDED -> false;
            case AUTHORIZED, VOIDED, CANCELLED -> throw new PaymentRuleViolation("The payment of order " + orderId
                    + " is " + status + ", not captured: nothing was charged, so nothing can be refunded");
        };
    }

    private void moveTo(AuthorizationStatus target, Instant now) {
        status = target;
        updatedAt = now;
    }

    public UUID orderId() {
        return orderId;
    }

    /** Empty for a CANCELLED marker, which never authorized anything. */
    public Optional<UUID> authorizationId() {
        return Optional.ofNullable(authorizationId);
    }

    public Optional<String> customerId() {
        return Optional.ofNullable(customerId);
    }

    public Optional<BigDecimal> amount() {
        return Optional.ofNullable(amount);
    }

    public Optional<String> currency() {
        return Optional.ofNullable(currency);
    }

    public AuthorizationStatus status() {
        return status;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** When the captured amount was given back; empty unless REFUNDED. */
    public Optional<Instant> refundedAt() {
        return Optional.ofNullable(refundedAt);
    }
}
