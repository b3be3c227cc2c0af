package io.sagaplatform.orchestrator.placeorder;

import static io.sagaplatform.orchestrator.placeorder.PlaceOrderSagaTest.APPROVE;
import static io.sagaplatform.orchestrator.placeorder.PlaceOrderSagaTest.AUTHORIZE;
import static io.sagaplatform.orchestrator.placeorder.PlaceOrderSagaTest.CAPTURE;
import static io.sagaplatform.orchestrator.placeorder.PlaceOrderSagaTest.RELEASE;
import static io.sagaplatform.orchestrator.placeorder.PlaceOrderSagaTest.REJECT;
import static io.sagaplatform.orchestrator.placeorder.PlaceOrderSagaTest.RESERVE;
import static io.sagaplatform.orchestrator.placeorder.PlaceOrderSagaTest.SCHEDULE;
import static io.sagaplatform.orchestrator.placeorder.PlaceOrderSagaTest.TIMEOUT;
import static io.sagaplatform.orchestrator.placeorder.PlaceOrderSagaTest.VOID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.sagaplatform.orchestrator.SagaScenario;
import io.sagaplatform.contracts.common.OrderLine;
import io.sagaplatform.contracts.common.ShippingAddress;
import io.sagaplatform.contracts.inventory.InventoryReleased;
import io.sagaplatform.contracts.inventory.InventoryReserved;
import io.sagaplatform.contracts.order.OrderApproved;
import io.sagaplatform.contracts.order.OrderPlaced;
import io.sagaplatform.contracts.order.OrderRejected;
import io.sagaplatform.contracts.payment.PaymentAuthorizationVoided;
import io.sagaplatform.contracts.payment.PaymentAuthorized;
import io.sagaplatform.contracts.payment.PaymentCaptured;
import io.sagaplatform.contracts.payment.PaymentDeclineReason;
import io.sagaplatform.contracts.payment.PaymentDeclined;
import io.sagaplatform.contracts.shipping.ShipmentScheduled;
import io.sagaplatform.orchestrator.engine.IllegalSagaAction;
import io.sagaplatform.orchestrator.engine.CommandToSend;
import io.sagaplatform.orchestrator.engine.CommandPreview;
import io.sagaplatform.orchestrator.engine.OperatorAction;
import io.sagaplatform.orchestrator.engine.SagaEngine;
import io.sagaplatform.orchestrator.engine.SagaState;
import io.sagaplatform.orchestrator.engine.SagaStatus;
import io.sagaplatform.orchestrator.engine.TimelineEvent;
import io.sagaplatform.orchestrator.engine.TimelineEvent.Kind;

/**
 * A command its participant dead-lettered, given / expect on the virtual clock: the saga stops resending it and
 * goes FAILED with the participant's reason; only the dead letter of the command a step waits on counts.
 */
class DeadLetteredCommandTest {

    static final String REFUSED = "Payment rule violated: no authorization to capture for order";

    final UUID orderId = UUID.randomUUID();
    SagaScenario<PlaceOrderData> saga;

    @BeforeEach
    void startSaga() {
        saga = new SagaScenario<>(new SagaEngine<>(PlaceOrderSaga.definition(PlaceOrderSagaTest.CONFIG)));
        saga.start(PlaceOrderData.from(new OrderPlaced(orderId, "alice",
                List.of(new OrderLine("SKU-APPLE", 2, new BigDecimal("1.25"))), new BigDecimal("2.50"), "EUR",
                new ShippingAddress("Alice", "1 Main St", "Lyon", "69001", "FR"), Instant.now())));
    }

    private SagaScenario<PlaceOrderData> atThePivot() {
        return saga.reply("reserve-inventory", new InventoryReserved(orderId))
                .reply("authorize-payment", new PaymentAuthorized(orderId, UUID.randomUUID()))
                .reply("schedule-shipment", new ShipmentScheduled(orderId, UUID.randomUUID()))
                .expectSent(RESERVE, AUTHORIZE, SCHEDULE, APPROVE, CAPTURE);
    }

    @Test
    void aRetriableCommandItsParticipantRefusedFailsTheSagaWithTheReasonAndIsNeverSentAgain() {
        atThePivot().reply("approve-order", new OrderApproved(orderId))
                .after(TIMEOUT).after(Duration.ofSeconds(4)).expectSent(CAPTURE) // resent once, unanswered
                .deadLetter("capture-payment", "payment-service", REFUSED)
                .expectStatus(SagaStatus.FAILED).expectTimeline(Kind.COMMAND_DEAD_LETTERED)
                .expectTimeline(Kind.SAGA_FAILED);
        assertThat(saga.state().failureReason()).contains(
                "capture-payment: payment.CapturePayment dead-lettered by payment-service: " + REFUSED);
        TimelineEvent deadLettered = saga.timeline().stream().filter(e -> e.kind() == Kind.COMMAND_DEAD_LETTERED)
                .findFirst().orElseThrow();
        assertThat(deadLettered.step()).contains("capture-payment");
        assertThat(deadLettered.attempt()).isEqualTo(2);
        assertThat(deadLettered.messageId()).contains(saga.lastSent("capture-payment").messageId());
        assertThat(deadLettered.detail()).contains("payment-service", REFUSED);
        assertThat(saga.state().wakeAt()).as("nothing scheduled").isEmpty();

        for (int i = 0; i < 10; i++) {
            saga.after(Duration.ofHours(1));
        }
        saga.expectNothingSent().expectStatus(SagaStatus.FAILED);
        assertThat(saga.engine().allowedActions(saga.state())).as("past the pivot, and the same capture would be"
                + " refused again").containsExactly(OperatorAction.ABORT);
        assertThatThrownBy(() -> saga.operatorRetry()).isInstanceOf(IllegalSagaAction.class)
                .hasMessageContaining("dead-lettered capture-payment");
        saga.operatorAbort().expectStatus(SagaStatus.ABORTED).expectNothingSent();
    }

    @Test
    void beforeThePivotTheOperatorMayCompensateAndTheRefusedStepIsNotUndone() {
        saga.deadLetter("reserve-inventory", "inventory-service", "Unsupported schema version 1")
                .expectStatus(SagaStatus.FAILED)
                .reply("authorize-payment", new PaymentAuthorized(orderId, UUID.randomUUID()))
                .expectStatus(SagaStatus.FAILED).expectSent(RESERVE, AUTHORIZE);
        assertThat(saga.engine().allowedActions(saga.state()))
                .containsExactly(OperatorAction.COMPENSATE, OperatorAction.ABORT);
        assertThat(saga.engine().compensationsFrom(saga.state())).containsExactly("authorize-payment", "reject-order");
        assertThat(saga.engine().wouldSend(OperatorAction.COMPENSATE, saga.state()))
                .as("never applied, so nothing to release")
                .containsExactly(new CommandPreview("authorize-payment", VOID, true),
                        new CommandPreview("reject-order", REJECT, true));

        saga.operatorCompensate().expectStatus(SagaStatus.COMPENSATING).expectSent(VOID)
                .reply("authorize-payment", new PaymentAuthorizationVoided(orderId, false)).expectSent(REJECT)
                .reply("reject-order", new OrderRejected(orderId, "x")).expectStatus(SagaStatus.COMPENSATED);
    }

    @Test
    void theStepBesideStillAnswersAndItsFailureCompensatesWithoutWaitingForTheRefusedStep() {
        saga.deadLetter("reserve-inventory", "inventory-service", "handler failed 3 times")
                .expectStatus(SagaStatus.FAILED)
                .reply("authorize-payment", new PaymentDeclined(orderId, PaymentDeclineReason.INSUFFICIENT_CREDIT, null))
                .expectSent(RESERVE, AUTHORIZE, REJECT).expectStatus(SagaStatus.COMPENSATING)
                .reply("reject-order", new OrderRejected(orderId, "x")).expectStatus(SagaStatus.COMPENSATED);
    }

    @Test
    void aRefusedCompensationLeavesTheSagaFailedForAnOperatorWhoCanOnlyAbort() {
        saga.reply("reserve-inventory", new InventoryReserved(orderId))
                .reply("authorize-payment", new PaymentDeclined(orderId, PaymentDeclineReason.INSUFFICIENT_CREDIT, null))
                .expectSent(RESERVE, AUTHORIZE, RELEASE)
                .deadLetter("reserve-inventory", "inventory-service", "reservation unknown")
                .expectStatus(SagaStatus.FAILED).after(Duration.ofHours(1)).expectNothingSent();
        assertThat(saga.state().failureReason()).contains(
                "reserve-inventory: compensation inventory.ReleaseInventory dead-lettered by inventory-service:"
                        + " reservation unknown");
        assertThat(saga.engine().allowedActions(saga.state())).containsExactly(OperatorAction.ABORT);
    }

    @Test
    void aSagaAlreadyFailedForAnOperatorLearnsWhyItsCommandWasNeverAnswered() {
        atThePivot().reply("capture-payment", new PaymentCaptured(orderId));
        for (int i = 0; i < 6; i++) {
            saga.after(TIMEOUT).after(Duration.ofSeconds(4));
        }
        saga.expectStatus(SagaStatus.FAILED).expectSent(APPROVE, APPROVE);
        assertThat(saga.engine().allowedActions(saga.state()))
                .containsExactly(OperatorAction.RETRY, OperatorAction.ABORT);

        saga.deadLetter("approve-order", "order-service", "Order is REJECTED, cannot approve")
                .expectStatus(SagaStatus.FAILED);
        assertThat(saga.state().failureReason()).hasValueSatisfying(r -> assertThat(r)
                .contains("dead-lettered by order-service: Order is REJECTED"));
        assertThat(saga.timeline()).extracting(TimelineEvent::kind).containsOnlyOnce(Kind.SAGA_FAILED);
        assertThat(saga.engine().allowedActions(saga.state())).containsExactly(OperatorAction.ABORT);
    }

    @Test
    void deadLettersOfCommandsNoStepWaitsOnAreRecordedAndChangeNothing() {
        CommandToSend firstReserve = saga.lastSent("reserve-inventory");
        saga.reply("authorize-payment", new PaymentAuthorized(orderId, UUID.randomUUID()))
                .after(TIMEOUT).after(Duration.ofSeconds(1)).expectSent(RESERVE, AUTHORIZE, RESERVE);

        // attempt 1 was refused, but attempt 2 (same message id) is in flight and is judged on its own
        expectIgnored(() -> saga.deadLetter(firstReserve, "inventory-service", "late"), "attempt 2 is in flight");
        expectIgnored(() -> saga.deadLetter("reserve-inventory", 3, firstReserve.messageId(), RESERVE,
                "inventory-service", "x"), "attempt 3 was never sent");
        expectIgnored(() -> saga.deadLetter("reserve-inventory", 2, UUID.randomUUID().toString(), RESERVE,
                "inventory-service", "x"), "waits on another message");
        expectIgnored(() -> saga.deadLetter("approve-order", 1, UUID.randomUUID().toString(), APPROVE,
                "order-service", "x"), "the saga is at step reserve-inventory + authorize-payment");
        expectIgnored(() -> saga.deadLetter(saga.lastSent("authorize-payment"), "payment-service", "x"),
                "step authorize-payment is SUCCEEDED");

        // its forward command's dead letter while its compensation is awaited
        saga.reply("reserve-inventory", new InventoryReserved(orderId)).expectSent(SCHEDULE);
        saga.deadLetter("schedule-shipment", "shipping-service", "refused").expectStatus(SagaStatus.FAILED);
        CommandToSend schedule = saga.lastSent("schedule-shipment");
        expectIgnored(() -> saga.deadLetter(schedule, "shipping-service", "refused"), "already dead-lettered");
    }

    @Test
    void deadLettersOfAFinishedSagaAreRecordedAndChangeNothing() {
        atThePivot().reply("approve-order", new OrderApproved(orderId))
                .reply("capture-payment", new PaymentCaptured(orderId)).expectStatus(SagaStatus.COMPLETED);
        expectIgnored(() -> saga.deadLetter("capture-payment", "payment-service", REFUSED), "the saga is COMPLETED");
        saga.expectStatus(SagaStatus.COMPLETED);
    }

    @Test
    void aForwardCommandsDeadLetterWhileItsCompensationIsAwaitedIsStale() {
        CommandToSend reserve = saga.lastSent("reserve-inventory");
        saga.reply("reserve-inventory", new InventoryReserved(orderId))
                .reply("authorize-payment", new PaymentDeclined(orderId, PaymentDeclineReason.INSUFFICIENT_CREDIT, null))
                .expectSent(RESERVE, AUTHORIZE, RELEASE);
        expectIgnored(() -> saga.deadLetter(reserve, "inventory-service", "late"), "waits on another message");
        saga.expectStatus(SagaStatus.COMPENSATING)
                .reply("reserve-inventory", new InventoryReleased(orderId, false)).expectSent(REJECT);
    }

    private void expectIgnored(Runnable deadLetter, String why) {
        SagaState<PlaceOrderData> before = saga.state();
        int recorded = saga.timeline().size();
        deadLetter.run();
        assertThat(saga.state()).as("state unchanged").isEqualTo(before);
        assertThat(saga.timeline().subList(recorded, saga.timeline().size())).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(Kind.STALE_DEAD_LETTER_IGNORED);
            assertThat(e.detail()).contains(why);
        });
        saga.expectNothingSent();
    }
    @Test
    void aReplayedCommandIsAwaitedAgainAndItsLateAnswerCarriesTheSagaOn() {
        CommandToSend schedule = saga.reply("reserve-inventory", new InventoryReserved(orderId))
                .reply("authorize-payment", new PaymentAuthorized(orderId, UUID.randomUUID()))
                .lastSent("schedule-shipment");
        saga.deadLetter("schedule-shipment", "shipping-service", "handler failed 3 times: carrier registry offline")
                .expectStatus(SagaStatus.FAILED)
                .operatorReplay(schedule.messageId())
                .expectStatus(SagaStatus.RUNNING).expectTimeline(Kind.OPERATOR_REPLAY).expectSent(RESERVE, AUTHORIZE,
                        SCHEDULE); // nothing new: the replay is the parked record itself
        assertThat(saga.state().step("schedule-shipment").orElseThrow().deadLettered()).isFalse();
        assertThat(saga.state().step("schedule-shipment").orElseThrow().wakeAt()).isPresent();

        saga.reply("schedule-shipment", new ShipmentScheduled(orderId, UUID.randomUUID()))
                .expectSent(APPROVE, CAPTURE)
                .reply("approve-order", new OrderApproved(orderId))
                .reply("capture-payment", new PaymentCaptured(orderId))
                .expectStatus(SagaStatus.COMPLETED);
    }

    @Test
    void aReplayedCommandParkedAgainFailsTheSagaAgainAndUnansweredItIsResentUnderTheSameId() {
        CommandToSend reserve = saga.lastSent("reserve-inventory");
        saga.deadLetter("reserve-inventory", "inventory-service", "handler failed")
                .operatorReplay(reserve.messageId())
                .deadLetter(reserve, "inventory-service", "handler failed again")
                .expectStatus(SagaStatus.FAILED);
        assertThat(saga.state().failureReason()).hasValueSatisfying(r -> assertThat(r).endsWith("handler failed again"));

        saga.operatorReplay(reserve.messageId()).after(TIMEOUT).after(Duration.ofSeconds(4));
        assertThat(saga.lastSent("reserve-inventory").messageId()).isEqualTo(reserve.messageId());
    }

    @Test
    void aCommandNoStepWaitsOnIsNotReplayed() {
        CommandToSend reserve = saga.lastSent("reserve-inventory");
        assertThatThrownBy(() -> saga.operatorReplay(reserve.messageId())).isInstanceOf(IllegalSagaAction.class)
                .hasMessageContaining("RUNNING");

        saga.deadLetter("reserve-inventory", "inventory-service", "handler failed").operatorAbort();
        assertThatThrownBy(() -> saga.operatorReplay(reserve.messageId())).isInstanceOf(IllegalSagaAction.class)
                .hasMessageContaining("ABORTED").hasMessageContaining("discard it");
    }

    @Test
    void withTwoStepsRefusedTheSagaStaysFailedUntilBothAreReplayed() {
        CommandToSend reserve = saga.lastSent("reserve-inventory");
        CommandToSend authorize = saga.lastSent("authorize-payment");
        saga.deadLetter("reserve-inventory", "inventory-service", "a")
                .deadLetter("authorize-payment", "payment-service", "b")
                .operatorReplay(reserve.messageId()).expectStatus(SagaStatus.FAILED)
                .operatorReplay(authorize.messageId()).expectStatus(SagaStatus.RUNNING);
        assertThatThrownBy(() -> saga.operatorReplay(authorize.messageId())).isInstanceOf(IllegalSagaAction.class);
    }
}
