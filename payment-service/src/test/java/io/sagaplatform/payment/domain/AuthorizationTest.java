package io.sagaplatform.payment.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.sagaplatform.payment.domain.AuthorizationOutcome.Authorized;
import io.sagaplatform.payment.domain.AuthorizationOutcome.Declined;

class AuthorizationTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final UUID ORDER = UUID.fromString("6f1c2a4e-0000-4000-8000-000000000001");

    private final Customer alice = Customer.open("alice", "EUR", new BigDecimal("100.00"));
    private final Function<String, Customer> creditLines = id -> {
        assertThat(id).isEqualTo("alice");
        return alice;
    };

    private static AuthorizationRequest request(String customer, String amount, String currency) {
        return new AuthorizationRequest(ORDER, customer, new BigDecimal(amount), currency);
    }

    private Authorization authorized(String amount) {
        AuthorizationOutcome outcome = Authorization.request(request("alice", amount, "EUR"), Optional.of(alice), NOW);
        assertThat(outcome).isInstanceOf(Authorized.class);
        return ((Authorized) outcome).authorization();
    }

    @Test
    void holdsTheAmountOnTheCustomersCredit() {
        Authorization authorization = authorized("30.5");

        assertThat(authorization.status()).isEqualTo(AuthorizationStatus.AUTHORIZED);
        assertThat(authorization.authorizationId()).isPresent();
        assertThat(authorization.amount()).contains(new BigDecimal("30.50"));
        assertThat(alice.held()).isEqualTo(new BigDecimal("30.50"));
        assertThat(alice.available()).isEqualTo(new BigDecimal("69.50"));
    }

    @Test
    void authorizesTheWholeAvailableCreditButNotOneCentMore() {
        assertThat(Authorization.request(request("alice", "100.01", "EUR"), Optional.of(alice), NOW))
                .isEqualTo(new Declined(DeclineReason.INSUFFICIENT_CREDIT,
                        "requested 100.01 EUR, available 100.00 EUR"));
        assertThat(authorized("100.00").status()).isEqualTo(AuthorizationStatus.AUTHORIZED);
        assertThat(alice.available()).isEqualByComparingTo("0.00");
    }

    @Test
    void authorizesAZeroAmountEvenWithoutCredit() {
        Customer carol = Customer.open("carol", "EUR", new BigDecimal("0.00"));
        AuthorizationOutcome outcome = Authorization.request(new AuthorizationRequest(ORDER, "carol", BigDecimal.ZERO,
                "EUR"), Optional.of(carol), NOW);

        assertThat(outcome).isInstanceOf(Authorized.class);
        assertThat(carol.held()).isEqualByComparingTo("0.00");
    }

    @Test
    void declinesAnUnknownCustomer() {
        assertThat(Authorization.request(request("zoe", "1.00", "EUR"), Optional.empty(), NOW))
                .isEqualTo(new Declined(DeclineReason.UNKNOWN_CUSTOMER, "no customer 'zoe'"));
    }

    @Test
    void declinesACurrencyWithoutCreditLineAndHoldsNothing() {
        AuthorizationOutcome outcome = Authorization.request(request("alice", "1.00", "USD"), Optional.of(alice), NOW);

        assertThat(outcome).isInstanceOfSatisfying(Declined.class, declined -> {
            assertThat(declined.reason()).isEqualTo(DeclineReason.INSUFFICIENT_CREDIT);
            assertThat(declined.detail()).startsWith("no credit line in USD");
        });
        assertThat(alice.held()).isEqualByComparingTo("0.00");
    }

    @Test
    void aRepeatedRequestGetsTheSameAuthorizationAndHoldsNothingMore() {
        Authorization authorization = authorized("30.00");

        assertThat(authorization.requestAgain(request("alice", "30", "EUR"))).isEqualTo(new Authorized(authorization));
        assertThat(alice.held()).isEqualByComparingTo("30.00");
    }

    @Test
    void aRepeatedRequestForACapturedOrderGetsTheSameAuthorization() {
        Authorization authorization = authorized("30.00");
        authorization.capture(NOW);

        assertThat(authorization.requestAgain(request("alice", "30.00", "EUR")))
                .isEqualTo(new Authorized(authorization));
    }

    @Test
    void aDifferentRequestForAnAuthorizedOrderCanNeverBeApplied() {
        Authorization authorization = authorized("30.00");

        assertThatThrownBy(() -> authorization.requestAgain(request("alice", "31.00", "EUR")))
                .isInstanceOf(PaymentRuleViolation.class).hasMessageContaining("is already AUTHORIZED");
        assertThatThrownBy(() -> authorization.requestAgain(request("bob", "30.00", "EUR")))
                .isInstanceOf(PaymentRuleViolation.class);
        assertThat(alice.held()).isEqualByComparingTo("30.00");
    }

    @Test
    void voidingReleasesTheHoldExactlyOnce() {
        Authorization authorization = authorized("30.00");

        assertThat(authorization.voidHold(creditLines, NOW)).isTrue();
        assertThat(authorization.status()).isEqualTo(AuthorizationStatus.VOIDED);
        assertThat(alice.held()).isEqualByComparingTo("0.00");

        assertThat(authorization.voidHold(creditLines, NOW)).isFalse();
        assertThat(alice.held()).isEqualByComparingTo("0.00");
    }

    @Test
    void aLateRequestAfterTheVoidIsRefusedAsCancelled() {
        Authorization authorization = authorized("30.00");
        authorization.voidHold(creditLines, NOW);

        assertThat(authorization.requestAgain(request("alice", "30.00", "EUR")))
                .isInstanceOfSatisfying(Declined.class,
                        declined -> assertThat(declined.reason()).isEqualTo(DeclineReason.ORDER_CANCELLED));
        assertThat(alice.held()).isEqualByComparingTo("0.00");
    }

    @Test
    void aCompensationBeforeTheRequestLeavesAMarkerThatRefusesTheLateRequest() {
        Authorization marker = Authorization.cancelledBeforeAuthorization(ORDER, NOW);

        assertThat(marker.status()).isEqualTo(AuthorizationStatus.CANCELLED);
        assertThat(marker.authorizationId()).isEmpty();
        assertThat(marker.voidHold(id -> {
            throw new AssertionError("nothing is held, no credit line to look up");
        }, NOW)).isFalse();
        assertThat(marker.requestAgain(request("alice", "30.00", "EUR")))
                .isEqualTo(new Declined(DeclineReason.ORDER_CANCELLED,
                        "order " + ORDER + " was cancelled before it was authorized"));
        assertThat(alice.held()).isEqualByComparingTo("0.00");
    }

    @Test
    void captureKeepsTheAmountHeldAndRepeatingItChangesNothing() {
        Authorization authorization = authorized("30.00");
        Instant later = NOW.plusSeconds(60);

        authorization.capture(later);
        authorization.capture(later.plusSeconds(60));

        assertThat(authorization.status()).isEqualTo(AuthorizationStatus.CAPTURED);
        assertThat(authorization.updatedAt()).isEqualTo(later);
        assertThat(alice.held()).isEqualByComparingTo("30.00");
    }

    @Test
    void aCapturedPaymentCanNeverBeVoided() {
        Authorization authorization = authorized("30.00");
        authorization.capture(NOW);

        assertThatThrownBy(() -> authorization.voidHold(creditLines, NOW)).isInstanceOf(PaymentRuleViolation.class)
                .hasMessageContaining("is CAPTURED: a captured payment cannot be voided");
        assertThat(authorization.status()).isEqualTo(AuthorizationStatus.CAPTURED);
        assertThat(alice.held()).isEqualByComparingTo("30.00");
    }

    @Test
    void refundingACapturedPaymentReleasesItsAmountExactlyOnce() {
        Authorization authorization = authorized("30.00");
        authorization.capture(NOW);

        assertThat(authorization.refund(creditLines, NOW.plusSeconds(60))).isTrue();
        assertThat(authorization.refund(creditLines, NOW.plusSeconds(90))).isFalse();

        assertThat(authorization.status()).isEqualTo(AuthorizationStatus.REFUNDED);
        assertThat(authorization.refundedAt()).contains(NOW.plusSeconds(60));
        assertThat(alice.held()).isEqualByComparingTo("0.00");
        assertThat(alice.available()).isEqualByComparingTo("100.00");
    }

    @Test
    void onlyACapturedPaymentCanBeRefunded() {
        Authorization authorized = authorized("30.00");
        assertThatThrownBy(() -> authorized.refund(creditLines, NOW)).isInstanceOf(PaymentRuleViolation.class)
                .hasMessageContaining("is AUTHORIZED, not captured");
        Authorization cancelled = Authorization.cancelledBeforeAuthorization(UUID.randomUUID(), NOW);
        assertThatThrownBy(() -> cancelled.refund(creditLines, NOW)).isInstanceOf(PaymentRuleViolation.class)
                .hasMessageContaining("is CANCELLED, not captured");
        assertThat(alice.held()).isEqualByComparingTo("30.00");
    }

    @Test
    void aRefundedPaymentIsNeitherCapturedNorVoidedAgain() {
        Authorization authorization = authorized("30.00");
        authorization.capture(NOW);
        authorization.refund(creditLines, NOW);

        assertThatThrownBy(() -> authorization.capture(NOW)).isInstanceOf(PaymentRuleViolation.class);
        assertThat(authorization.voidHold(creditLines, NOW)).isFalse();
        assertThat(authorization.requestAgain(request("alice", "30.00", "EUR")))
                .isInstanceOf(AuthorizationOutcome.Declined.class);
        assertThat(alice.held()).isEqualByComparingTo("0.00");
    }

    @Test
    void aVoidedOrCancelledAuthorizationCanNeverBeCaptured() {
        Authorization voided = authorized("30.00");
        voided.voidHold(creditLines, NOW);
        Authorization cancelled = Authorization.cancelledBeforeAuthorization(UUID.randomUUID(), NOW);

        assertThatThrownBy(() -> voided.capture(NOW)).isInstanceOf(PaymentRuleViolation.class)
                .hasMessageContaining("is VOIDED and cannot be captured");
        assertThatThrownBy(() -> cancelled.capture(NOW)).isInstanceOf(PaymentRuleViolation.class)
                .hasMessageContaining("is CANCELLED and cannot be captured");
    }

    @Test
    void refusesAmountsThatAreNotExactCents() {
        assertThatThrownBy(() -> request("alice", "-0.01", "EUR")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> request("alice", "0.001", "EUR")).isInstanceOf(IllegalArgumentException.class);
    }
}
