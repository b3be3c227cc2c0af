package io.sagaplatform.orchestrator.cancelorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.sagaplatform.contracts.inventory.InventoryRestocked;
import io.sagaplatform.contracts.order.OrderCancellationRefused;
import io.sagaplatform.contracts.order.OrderCancellationRequested;
import io.sagaplatform.contracts.order.OrderCancelled;
import io.sagaplatform.contracts.payment.PaymentRefunded;
import io.sagaplatform.contracts.shipping.ShipmentWithdrawalRefused;
import io.sagaplatform.contracts.shipping.ShipmentWithdrawn;
import io.sagaplatform.contracts.shipping.WithdrawalRefusalReason;
import io.sagaplatform.orchestrator.SagaScenario;
import io.sagaplatform.orchestrator.engine.DeliveryEvidence;
import io.sagaplatform.orchestrator.engine.IllegalSagaAction;
import io.sagaplatform.orchestrator.engine.SagaEngine;
import io.sagaplatform.orchestrator.engine.SagaStatus;
import io.sagaplatform.orchestrator.engine.TimelineEvent.Kind;

/** The cancel-order saga on the engine, on a virtual clock: every path, and the pivot's rules. */
class CancelOrderSagaTest {

    static final CancelOrderSagaConfig CONFIG = new CancelOrderSagaConfig() {
        public Duration stepTimeout() {
            return Duration.ofSeconds(10);
        }

        public int maxAttempts() {
            return 3;
        }

        public Duration retryBackoff() {
            return Duration.ofSeconds(1);
        }

        public Duration retryBackoffMax() {
            return Duration.ofSeconds(4);
        }

        public Duration sagaDeadline() {
            return Duration.ofMinutes(5);
        }
    };

    static final String WITHDRAW = "shipping.WithdrawShipment", REFUND = "payment.RefundPayment",
            RESTOCK = "inventory.RestockInventory", CANCEL = "order.CancelOrder",
            REFUSE = "order.RefuseCancellation";

    /** shipping-service is down: the withdrawal waits unconsumed, so it is not resent. */
    static final DeliveryEvidence STILL_QUEUED = new DeliveryEvidence() {
        @Override
        public Delivery delivery(String topic, String messageId) {
            return Delivery.QUEUED;
        }

        @Override
        public boolean takeResend() {
            return false;
        }
    };

    final UUID orderId = UUID.randomUUID();
    SagaScenario<CancelOrderData> saga;

    @BeforeEach
    void startSaga() {
        saga = new SagaScenario<>(new SagaEngine<>(CancelOrderSaga.definition(CONFIG)));
        saga.start(CancelOrderData.from(new OrderCancellationRequested(orderId, "alice", "alice", "changed my mind",
                Instant.now())));
    }

    @Test
    void withdrawsThenRefundsAndRestocksSideBySideThenCancelsTheOrder() {
        saga.expectSent(WITHDRAW)
                .reply("withdraw-shipment", new ShipmentWithdrawn(orderId)).expectSent(REFUND, RESTOCK)
                .reply("restock-inventory", new InventoryRestocked(orderId)).expectNothingSent()
                .expectStatus(SagaStatus.RUNNING)
                .reply("refund-payment", new PaymentRefunded(orderId, new BigDecimal("2.50"), "EUR"))
                .expectSent(CANCEL)
                .reply("mark-cancelled", new OrderCancelled(orderId))
                .expectStatus(SagaStatus.COMPLETED).expectTimeline(Kind.SAGA_COMPLETED);
        assertThat(saga.state().data().refundedAmount()).contains(new BigDecimal("2.50"));
        assertThat(saga.state().data().refundedCurrency()).contains("EUR");
    }

    @Test
    void aShipmentThatLeftRefusesTheCancellationAndTouchesNothingElse() {
        saga.reply("withdraw-shipment", new ShipmentWithdrawalRefused(orderId, WithdrawalRefusalReason.ALREADY_DISPATCHED,
                "dispatched by ops")).expectSent(WITHDRAW, REFUSE)
                .reply("keep-order", new OrderCancellationRefused(orderId, "x"))
                .expectStatus(SagaStatus.COMPENSATED);
        assertThat(saga.state().failureReason()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("withdraw-shipment").contains("ALREADY_DISPATCHED").contains("dispatched by ops"));
        assertThat(saga.sent()).extracting(c -> c.command().payload().getClass().getSimpleName())
                .doesNotContain("RefundPayment", "RestockInventory", "CancelOrder");
    }

    @Test
    void afterTheWithdrawalOnlyForwardRecoveryIsOffered() {
        saga.reply("withdraw-shipment", new ShipmentWithdrawn(orderId));
        assertThatThrownBy(saga::operatorCompensate).isInstanceOf(IllegalSagaAction.class);
    }

    @Test
    void aRefundThatTimesOutIsSentAgainUntilItIsAnswered() {
        saga.reply("withdraw-shipment", new ShipmentWithdrawn(orderId))
                .reply("restock-inventory", new InventoryRestocked(orderId));
        for (int i = 0; i < 16; i++) {
            saga.after(Duration.ofSeconds(15), DeliveryEvidence.NONE); // consumed, no reply: resent
        }
        assertThat(saga.lastSent("refund-payment").attempt()).isGreaterThan(CONFIG.maxAttempts());
        saga.expectStatus(SagaStatus.RUNNING)
                .reply("refund-payment", new PaymentRefunded(orderId, new BigDecimal("2.50"), "EUR"))
                .reply("mark-cancelled", new OrderCancelled(orderId)).expectStatus(SagaStatus.COMPLETED);
    }

    @Test
    void theDeadlineDoesNotRefuseACancellationWhoseWithdrawalIsInFlight() {
        // the withdrawal is the pivot: once sent, the shipment may be withdrawn already, so only forward recovery
        saga.expectSent(WITHDRAW);
        for (int i = 0; i < 7; i++) {
            saga.after(Duration.ofMinutes(1), STILL_QUEUED);
        }
        saga.expectNothingSent().expectStatus(SagaStatus.RUNNING)
                .reply("withdraw-shipment", new ShipmentWithdrawn(orderId)).expectSent(REFUND, RESTOCK);
    }
}
