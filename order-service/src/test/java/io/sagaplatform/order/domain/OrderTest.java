package io.sagaplatform.order.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class OrderTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private static Order pending() {
        return Order.place("alice", "EUR", List.of(new OrderLine("SKU-APPLE", 3, new BigDecimal("1.25")),
                new OrderLine("SKU-PEAR", 1, new BigDecimal("0.40"))),
                new ShippingAddress("Alice", "1 Main St", "Lyon", "69001", "FR"), NOW);
    }

    @Test
    void aNewOrderIsPendingWithItsExactTotal() {
        Order order = pending();
        assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
        assertThat(order.totalAmount()).isEqualByComparingTo("4.15");
        assertThat(order.totalAmount().scale()).isEqualTo(2);
    }

    @Test
    void approvingTwiceIsANoOp() {
        Order order = pending();
        order.approve(NOW);
        order.approve(NOW.plusSeconds(5));
        assertThat(order.status()).isEqualTo(OrderStatus.APPROVED);
        assertThat(order.decidedAt()).contains(NOW);
    }

    @Test
    void anOrderWhoseCancellationWasRefusedIsNotCancelledAgain() {
        Order order = approved();
        order.requestCancellation("alice", null, NOW);
        order.refuseCancellation("withdraw-shipment: ALREADY_DISPATCHED");
        // its one cancel-order saga has ended: a second request would start none and leave the order CANCELLING
        assertThatThrownBy(() -> order.requestCancellation("ops", "try again", NOW.plusSeconds(5)))
                .isInstanceOf(IllegalOrderTransition.class)
                .satisfies(e -> assertThat(((IllegalOrderTransition) e).from()).isEqualTo(OrderStatus.APPROVED));
        assertThat(order.status()).isEqualTo(OrderStatus.APPROVED);
        assertThat(order.cancellationRefusedReason()).contains("withdraw-shipment: ALREADY_DISPATCHED");
    }

    @Test
    void aRejectedOrderCannotBeApproved() {
        Order order = pending();
        order.reject("out of stock", NOW);
        assertThatThrownBy(() -> order.approve(NOW)).isInstanceOf(IllegalOrderTransition.class)
                .hasMessageContaining("is REJECTED and cannot become APPROVED");
        assertThat(order.rejectionReason()).contains("out of stock");
    }

    @Test
    void anApprovedOrderCannotBeRejected() {
        Order order = pending();
        order.approve(NOW);
        assertThatThrownBy(() -> order.reject("late", NOW)).isInstanceOf(IllegalOrderTransition.class);
    }

    @Test
    void rejectingAgainKeepsTheFirstReason() {
        Order order = pending();
        order.reject("payment declined", NOW);
        order.reject("something else", NOW);
        assertThat(order.rejectionReason()).contains("payment declined");
    }

    @Test
    void refusesNegativePricesAndQuantities() {
        assertThatThrownBy(() -> new OrderLine("SKU", 0, BigDecimal.ONE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OrderLine("SKU", 1, new BigDecimal("-0.01")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Order approved() {
        Order order = pending();
        order.approve(NOW);
        return order;
    }

    @Test
    void anApprovedOrderIsCancellingOnceACancellationIsRequested() {
        Order order = approved();
        order.requestCancellation("alice", "wrong size", NOW.plusSeconds(60));
        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLING);
        assertThat(order.cancellationRequestedBy()).contains("alice");
        assertThat(order.cancellationReason()).contains("wrong size");
        assertThat(order.cancellationRequestedAt()).contains(NOW.plusSeconds(60));
    }

    @Test
    void onlyAnApprovedOrderCanBeAskedToBeCancelled() {
        Order pending = pending();
        assertThatThrownBy(() -> pending.requestCancellation("alice", null, NOW))
                .isInstanceOf(IllegalOrderTransition.class).hasMessageContaining("is PENDING and cannot become CANCELLING");
        Order rejected = pending();
        rejected.reject("declined", NOW);
        assertThatThrownBy(() -> rejected.requestCancellation("alice", null, NOW))
                .isInstanceOf(IllegalOrderTransition.class);
        Order cancelling = approved();
        cancelling.requestCancellation("alice", null, NOW);
        assertThatThrownBy(() -> cancelling.requestCancellation("ops", null, NOW))
                .isInstanceOf(IllegalOrderTransition.class)
                .satisfies(e -> assertThat(((IllegalOrderTransition) e).from()).isEqualTo(OrderStatus.CANCELLING));
        assertThat(cancelling.cancellationRequestedBy()).contains("alice");
    }

    @Test
    void cancellingACancellingOrderCancelsItAndCancellingAgainChangesNothing() {
        Order order = approved();
        order.requestCancellation("alice", null, NOW);
        order.cancel(NOW.plusSeconds(1));
        order.cancel(NOW.plusSeconds(9));
        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(order.cancelledAt()).contains(NOW.plusSeconds(1));
    }

    @Test
    void anOrderNobodyAskedToCancelCannotBeCancelled() {
        Order order = approved();
        assertThatThrownBy(() -> order.cancel(NOW)).isInstanceOf(IllegalOrderTransition.class)
                .hasMessageContaining("is APPROVED and cannot become CANCELLED");
    }

    @Test
    void aRefusedCancellationMakesTheOrderApprovedAgainWithTheReasonAndARepeatKeepsIt() {
        Order order = approved();
        order.requestCancellation("alice", null, NOW);
        order.refuseCancellation("shipment already dispatched");
        order.refuseCancellation("another reason");
        assertThat(order.status()).isEqualTo(OrderStatus.APPROVED);
        assertThat(order.cancellationRefusedReason()).contains("shipment already dispatched");
        assertThat(order.decidedAt()).contains(NOW);
    }

    @Test
    void aCancelledOrderCannotHaveItsCancellationRefused() {
        Order order = approved();
        order.requestCancellation("alice", null, NOW);
        order.cancel(NOW);
        assertThatThrownBy(() -> order.refuseCancellation("late")).isInstanceOf(IllegalOrderTransition.class);
        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
    }
}
