package io.sagaplatform.orchestrator.placeorder;

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
import io.sagaplatform.contracts.inventory.InventoryFailureReason;
import io.sagaplatform.contracts.inventory.InventoryReleased;
import io.sagaplatform.contracts.inventory.InventoryReservationFailed;
import io.sagaplatform.contracts.inventory.InventoryReserved;
import io.sagaplatform.contracts.order.OrderApproved;
import io.sagaplatform.contracts.order.OrderPlaced;
import io.sagaplatform.contracts.order.OrderRejected;
import io.sagaplatform.contracts.order.RejectOrder;
import io.sagaplatform.contracts.payment.PaymentAuthorizationVoided;
import io.sagaplatform.contracts.payment.PaymentAuthorized;
import io.sagaplatform.contracts.payment.PaymentCaptured;
import io.sagaplatform.contracts.payment.PaymentDeclineReason;
import io.sagaplatform.contracts.payment.PaymentDeclined;
import io.sagaplatform.contracts.shipping.ShipmentCancelled;
import io.sagaplatform.contracts.shipping.ShipmentScheduled;
import io.sagaplatform.contracts.shipping.ShipmentSchedulingFailed;
import io.sagaplatform.contracts.shipping.ShippingFailureReason;
import io.sagaplatform.orchestrator.engine.DeliveryEvidence;
import io.sagaplatform.orchestrator.engine.IllegalSagaAction;
import io.sagaplatform.orchestrator.engine.CommandPreview;
import io.sagaplatform.orchestrator.engine.RetryPolicy;
import io.sagaplatform.orchestrator.engine.OperatorAction;
import io.sagaplatform.orchestrator.engine.SagaEngine;
import io.sagaplatform.orchestrator.engine.SagaStatus;
import io.sagaplatform.orchestrator.engine.TimelineEvent.Kind;

/** Every path of the place-order saga, given / expect, on a virtual clock. */
class PlaceOrderSagaTest {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final PlaceOrderSagaConfig CONFIG = new PlaceOrderSagaConfig() {
        public Duration stepTimeout() {
            return TIMEOUT;
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

    static final String RESERVE = "inventory.ReserveInventory", RELEASE = "inventory.ReleaseInventory",
            AUTHORIZE = "payment.AuthorizePayment", VOID = "payment.VoidPaymentAuthorization",
            CAPTURE = "payment.CapturePayment", SCHEDULE = "shipping.ScheduleShipment",
            CANCEL = "shipping.CancelShipment", APPROVE = "order.ApproveOrder", REJECT = "order.RejectOrder";

    final UUID orderId = UUID.randomUUID();
    final UUID authorizationId = UUID.randomUUID();
    final UUID shipmentId = UUID.randomUUID();
    SagaScenario<PlaceOrderData> saga;

    @BeforeEach
    void startSaga() {
        saga = new SagaScenario<>(new SagaEngine<>(PlaceOrderSaga.definition(CONFIG)));
        saga.start(PlaceOrderData.from(new OrderPlaced(orderId, "alice",
                List.of(new OrderLine("SKU-APPLE", 2, new BigDecimal("1.25"))), new BigDecimal("2.50"), "EUR",
                new ShippingAddress("Alice", "1 Main St", "Lyon", "69001", "FR"), Instant.now())));
    }

    @Test
    void approvesTheOrderWhenEveryStepSucceeds() {
        saga.expectSent(RESERVE, AUTHORIZE)
                .reply("reserve-inventory", new InventoryReserved(orderId)).expectNothingSent()
                .reply("authorize-payment", new PaymentAuthorized(orderId, authorizationId)).expectSent(SCHEDULE)
                .reply("schedule-shipment", new ShipmentScheduled(orderId, shipmentId)).expectSent(APPROVE, CAPTURE)
                .reply("capture-payment", new PaymentCaptured(orderId)).expectNothingSent()
                .expectStatus(SagaStatus.RUNNING)
                .reply("approve-order", new OrderApproved(orderId)).expectNothingSent()
                .expectStatus(SagaStatus.COMPLETED).expectTimeline(Kind.SAGA_COMPLETED);
        assertThat(saga.state().data().authorizationId()).contains(authorizationId);
        assertThat(saga.state().data().shipmentId()).contains(shipmentId);
        assertThat(saga.state().wakeAt()).isEmpty();
    }

    @Test
    void version1RunsTheSameStepsOneAfterAnotherAndUndoesThemNewestFirst() {
        SagaScenario<PlaceOrderData> v1 = new SagaScenario<>(new SagaEngine<>(PlaceOrderSaga.sequential(CONFIG)));
        v1.start(saga.state().data());
        assertThat(v1.state().definitionVersion()).isEqualTo(PlaceOrderSaga.SEQUENTIAL_VERSION);
        assertThat(v1.engine().definition().stages()).hasSize(6);
        v1.expectSent(RESERVE)
                .reply("reserve-inventory", new InventoryReserved(orderId)).expectSent(AUTHORIZE)
                .reply("authorize-payment", new PaymentAuthorized(orderId, authorizationId)).expectSent(SCHEDULE)
                .reply("schedule-shipment", new ShipmentSchedulingFailed(orderId, ShippingFailureReason.UNSERVICEABLE_DESTINATION, null))
                .expectSent(VOID)
                .reply("authorize-payment", new PaymentAuthorizationVoided(orderId, true)).expectSent(RELEASE)
                .reply("reserve-inventory", new InventoryReleased(orderId, true)).expectSent(REJECT)
                .reply("reject-order", new OrderRejected(orderId, "x"))
                .expectNothingSent().expectStatus(SagaStatus.COMPENSATED);

        SagaScenario<PlaceOrderData> completing = new SagaScenario<>(new SagaEngine<>(PlaceOrderSaga.sequential(CONFIG)));
        completing.start(saga.state().data()).expectSent(RESERVE)
                .reply("reserve-inventory", new InventoryReserved(orderId)).expectSent(AUTHORIZE)
                .reply("authorize-payment", new PaymentAuthorized(orderId, authorizationId)).expectSent(SCHEDULE)
                .reply("schedule-shipment", new ShipmentScheduled(orderId, shipmentId)).expectSent(APPROVE)
                .reply("approve-order", new OrderApproved(orderId)).expectSent(CAPTURE)
                .reply("capture-payment", new PaymentCaptured(orderId)).expectNothingSent()
                .expectStatus(SagaStatus.COMPLETED);
    }

    @Test
    void rejectsTheOrderWithoutUndoingAnythingWhenStockIsMissingAndPaymentDeclined() {
        saga.expectSent(RESERVE, AUTHORIZE)
                .reply("reserve-inventory", new InventoryReservationFailed(orderId, InventoryFailureReason.OUT_OF_STOCK,
                        "SKU-APPLE: 2 requested, 0 available"))
                .expectNothingSent().expectStatus(SagaStatus.COMPENSATING)
                .reply("authorize-payment", new PaymentDeclined(orderId, PaymentDeclineReason.INSUFFICIENT_CREDIT, null))
                .expectSent(REJECT)
                .reply("reject-order", new OrderRejected(orderId, "x"))
                .expectNothingSent().expectStatus(SagaStatus.COMPENSATED);
        RejectOrder reject = (RejectOrder) saga.lastSent("reject-order").command().payload();
        assertThat(reject.reason()).isEqualTo("reserve-inventory: OUT_OF_STOCK (SKU-APPLE: 2 requested, 0 available)");
    }

    @Test
    void voidsAnAuthorizationThatSucceedsAfterTheReservationFailed() {
        saga.reply("reserve-inventory", new InventoryReservationFailed(orderId, InventoryFailureReason.OUT_OF_STOCK, null))
                .expectSent(RESERVE, AUTHORIZE)
                .reply("authorize-payment", new PaymentAuthorized(orderId, authorizationId)).expectSent(VOID)
                .reply("authorize-payment", new PaymentAuthorizationVoided(orderId, false)).expectSent(REJECT)
                .reply("reject-order", new OrderRejected(orderId, "x")).expectStatus(SagaStatus.COMPENSATED);
    }

    @Test
    void releasesStockWhenPaymentIsDeclined() {
        saga.reply("reserve-inventory", new InventoryReserved(orderId))
                .reply("authorize-payment", new PaymentDeclined(orderId, PaymentDeclineReason.INSUFFICIENT_CREDIT, null))
                .expectSent(RESERVE, AUTHORIZE, RELEASE)
                .reply("reserve-inventory", new InventoryReleased(orderId, false)).expectSent(REJECT)
                .reply("reject-order", new OrderRejected(orderId, "x")).expectStatus(SagaStatus.COMPENSATED);
        assertThat(saga.state().failureReason()).contains("authorize-payment: INSUFFICIENT_CREDIT");
    }

    @Test
    void voidsPaymentAndReleasesStockTogetherWhenShippingFails() {
        saga.reply("reserve-inventory", new InventoryReserved(orderId))
                .reply("authorize-payment", new PaymentAuthorized(orderId, authorizationId))
                .reply("schedule-shipment", new ShipmentSchedulingFailed(orderId,
                        ShippingFailureReason.UNSERVICEABLE_DESTINATION, "AQ"))
                .expectSent(RESERVE, AUTHORIZE, SCHEDULE, RELEASE, VOID)
                .reply("authorize-payment", new PaymentAuthorizationVoided(orderId, false)).expectNothingSent()
                .reply("reserve-inventory", new InventoryReleased(orderId, false)).expectSent(REJECT)
                .reply("reject-order", new OrderRejected(orderId, "x")).expectStatus(SagaStatus.COMPENSATED);
    }

    @Test
    void resendsTheSameCommandAfterATimeoutAndAcceptsTheLateReply() {
        String first = saga.lastSent("reserve-inventory").messageId();
        saga.reply("authorize-payment", new PaymentAuthorized(orderId, authorizationId))
                .expectSent(RESERVE, AUTHORIZE).after(TIMEOUT).expectNothingSent().expectTimeline(Kind.STEP_TIMED_OUT).expectTimeline(Kind.RETRY_SCHEDULED)
                .after(Duration.ofSeconds(1)).expectSent(RESERVE);
        assertThat(saga.lastSent("reserve-inventory").attempt()).isEqualTo(2);
        assertThat(saga.lastSent("reserve-inventory").messageId()).as("same message id: applied once").isEqualTo(first);

        saga.reply("reserve-inventory", 1, new InventoryReserved(orderId)).expectSent(SCHEDULE);
    }

    /** The participant has not consumed the command yet (behind, or down): a timeout resends nothing. */
    static final DeliveryEvidence QUEUED = evidence(DeliveryEvidence.Delivery.QUEUED, true);
    static final DeliveryEvidence CONSUMED = evidence(DeliveryEvidence.Delivery.CONSUMED, true);
    static final DeliveryEvidence BUDGET_SPENT = evidence(DeliveryEvidence.Delivery.CONSUMED, false);

    static DeliveryEvidence evidence(DeliveryEvidence.Delivery delivery, boolean budget) {
        return new DeliveryEvidence() {
            public Delivery delivery(String topic, String messageId) {
                return delivery;
            }

            public boolean takeResend() {
                return budget;
            }
        };
    }

    @Test
    void doesNotResendACommandThatStillWaitsAtItsParticipantAndTakesItsReplyWhenItComes() {
        saga.reply("authorize-payment", new PaymentAuthorized(orderId, authorizationId)).expectSent(RESERVE, AUTHORIZE);
        for (int i = 0; i < 20; i++) { // far longer than the retries would last: no attempt is used up
            saga.after(TIMEOUT, QUEUED);
        }
        saga.expectNothingSent().expectTimeline(Kind.COMMAND_QUEUED).expectStatus(SagaStatus.RUNNING);
        assertThat(saga.timeline()).extracting(e -> e.kind()).doesNotContain(Kind.STEP_TIMED_OUT, Kind.COMMAND_RESENT);
        assertThat(saga.state().attempt()).isEqualTo(1);
        assertThat(saga.timeline()).filteredOn(e -> e.kind() == Kind.COMMAND_QUEUED).first()
                .satisfies(e -> assertThat(e.detail()).contains("inventory.commands"));

        saga.reply("reserve-inventory", new InventoryReserved(orderId)).expectSent(SCHEDULE);
    }

    @Test
    void resendsOnceTheParticipantHasConsumedTheCommandWithoutAnswering() {
        saga.reply("authorize-payment", new PaymentAuthorized(orderId, authorizationId))
                .expectSent(RESERVE, AUTHORIZE).after(TIMEOUT, QUEUED).expectNothingSent()
                .after(TIMEOUT, CONSUMED).expectTimeline(Kind.STEP_TIMED_OUT).after(Duration.ofSeconds(1), CONSUMED)
                .expectSent(RESERVE);
        assertThat(saga.lastSent("reserve-inventory").attempt()).isEqualTo(2);
    }

    @Test
    void aSpentResendBudgetPutsTheResendOffWithoutUsingAnAttempt() {
        saga.reply("authorize-payment", new PaymentAuthorized(orderId, authorizationId))
                .expectSent(RESERVE, AUTHORIZE).after(TIMEOUT, BUDGET_SPENT).expectNothingSent().expectTimeline(Kind.RESEND_DEFERRED)
                .after(TIMEOUT, BUDGET_SPENT).expectNothingSent();
        assertThat(saga.state().attempt()).isEqualTo(1);
        saga.after(TIMEOUT, CONSUMED).after(Duration.ofSeconds(1), CONSUMED).expectSent(RESERVE);
    }

    @Test
    void theSagaDeadlineIsBusinessTimeAndCompensatesEvenWhileTheCommandIsQueued() {
        saga.reply("reserve-inventory", new InventoryReserved(orderId)).expectSent(RESERVE, AUTHORIZE);
        for (int i = 0; i < 29; i++) {
            saga.after(TIMEOUT, QUEUED);
        }
        saga.expectNothingSent().expectStatus(SagaStatus.RUNNING).after(TIMEOUT, QUEUED)
                .expectTimeline(Kind.DEADLINE_EXCEEDED).expectStatus(SagaStatus.COMPENSATING)
                .expectSent(RELEASE, VOID); // the reservation is undone, and so is the authorization still in flight
    }

    @Test
    void resendWaitsAreJitteredBetweenHalfAndAllOfTheBackoffAndStayTheSameForOneSaga() {
        RetryPolicy policy = RetryPolicy.exponential(5, Duration.ofSeconds(1), Duration.ofSeconds(30));
        java.util.Set<Duration> waits = new java.util.HashSet<>();
        for (long seed = 0; seed < 200; seed++) {
            Duration wait = policy.backoffAfter(3, seed);
            assertThat(wait).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
            assertThat(policy.backoffAfter(3, seed)).isEqualTo(wait);
            waits.add(wait);
        }
        assertThat(waits).as("spread, not one value").hasSizeGreaterThan(50);
    }

    @Test
    void compensatesAStepWhoseOutcomeStaysUnknownAfterItsRetriesAndTheStepBesideIt() {
        saga.reply("authorize-payment", new PaymentAuthorized(orderId, authorizationId)).after(TIMEOUT).after(Duration.ofSeconds(1)) // attempt 2
                .after(TIMEOUT).after(Duration.ofSeconds(2)) // attempt 3
                .expectSent(RESERVE, AUTHORIZE, RESERVE, RESERVE)
                .after(TIMEOUT).expectTimeline(Kind.OUTCOME_UNKNOWN)
                .expectSent(RELEASE, VOID).expectStatus(SagaStatus.COMPENSATING)
                .reply("reserve-inventory", new InventoryReleased(orderId, true)).expectNothingSent()
                .reply("authorize-payment", new PaymentAuthorizationVoided(orderId, false)).expectSent(REJECT)
                .reply("reject-order", new OrderRejected(orderId, "x")).expectStatus(SagaStatus.COMPENSATED);
    }

    @Test
    void ignoresADuplicateReplyAndRecordsIt() {
        saga.reply("reserve-inventory", new InventoryReserved(orderId))
                .reply("reserve-inventory", new InventoryReserved(orderId))
                .expectSent(RESERVE, AUTHORIZE).expectTimeline(Kind.STALE_REPLY_IGNORED)
                .expectStatus(SagaStatus.RUNNING);
    }

    @Test
    void ignoresAReplyForAStepOutsideTheCurrentStage() {
        saga.reply("schedule-shipment", 1, new ShipmentScheduled(orderId, shipmentId))
                .expectSent(RESERVE, AUTHORIZE).expectTimeline(Kind.STALE_REPLY_IGNORED);
        assertThat(saga.state().stage()).isEqualTo(1);
    }

    @Test
    void ignoresAForwardReplyWhileCompensatingThatStep() {
        saga.reply("reserve-inventory", new InventoryReserved(orderId))
                .reply("authorize-payment", new PaymentDeclined(orderId, PaymentDeclineReason.UNKNOWN_CUSTOMER, null))
                .reply("reserve-inventory", 1, new InventoryReserved(orderId))
                .expectTimeline(Kind.STALE_REPLY_IGNORED).expectStatus(SagaStatus.COMPENSATING);
    }

    @Test
    void aCompensationThatNeverFinishesLeavesTheSagaFailedUntilAnOperatorRetriesIt() {
        saga.reply("reserve-inventory", new InventoryReserved(orderId))
                .reply("authorize-payment", new PaymentDeclined(orderId, PaymentDeclineReason.INSUFFICIENT_CREDIT, null))
                .after(TIMEOUT).after(Duration.ofSeconds(1)).after(TIMEOUT).after(Duration.ofSeconds(2))
                .after(TIMEOUT)
                .expectStatus(SagaStatus.FAILED).expectTimeline(Kind.SAGA_FAILED)
                .expectSent(RESERVE, AUTHORIZE, RELEASE, RELEASE, RELEASE);
        String stuckId = saga.lastSent("reserve-inventory").messageId();
        assertThat(saga.engine().allowedActions(saga.state()))
                .containsExactly(OperatorAction.RETRY, OperatorAction.ABORT);
        assertThat(saga.engine().wouldSend(OperatorAction.RETRY, saga.state()))
                .as("the stuck compensation, then the rest")
                .containsExactly(new CommandPreview("reserve-inventory", RELEASE, true),
                        new CommandPreview("reject-order", REJECT, true));
        assertThatThrownBy(() -> saga.engine().wouldSend(OperatorAction.COMPENSATE, saga.state()))
                .isInstanceOf(IllegalSagaAction.class);

        saga.operatorRetry().expectStatus(SagaStatus.COMPENSATING).expectSent(RELEASE)
                .expectTimeline(Kind.OPERATOR_RETRY);
        assertThat(saga.lastSent("reserve-inventory").messageId()).as("a new round, a new message").isNotEqualTo(stuckId);
        saga.reply("reserve-inventory", new InventoryReleased(orderId, false)).expectSent(REJECT)
                .reply("reject-order", new OrderRejected(orderId, "x")).expectStatus(SagaStatus.COMPENSATED);
    }

    @Test
    void anUnknownOutcomeAtThePivotCanOnlyBeResolvedForwardAndALateApprovalReconcilesTheSaga() {
        saga.reply("reserve-inventory", new InventoryReserved(orderId))
                .reply("authorize-payment", new PaymentAuthorized(orderId, authorizationId))
                .reply("schedule-shipment", new ShipmentScheduled(orderId, shipmentId))
                .reply("capture-payment", new PaymentCaptured(orderId))
                .after(TIMEOUT).after(Duration.ofSeconds(1)).after(TIMEOUT).after(Duration.ofSeconds(2))
                .after(TIMEOUT).expectStatus(SagaStatus.FAILED)
                .expectSent(RESERVE, AUTHORIZE, SCHEDULE, APPROVE, CAPTURE, APPROVE, APPROVE);
        assertThat(saga.engine().allowedActions(saga.state())).as("no compensation once the pivot is in flight")
                .containsExactly(OperatorAction.RETRY, OperatorAction.ABORT);
        assertThat(saga.engine().wouldSend(OperatorAction.RETRY, saga.state())).containsExactly(
                new CommandPreview("approve-order", APPROVE, false));
        assertThat(saga.engine().wouldSend(OperatorAction.ABORT, saga.state())).isEmpty();
        assertThatThrownBy(() -> saga.operatorCompensate()).isInstanceOf(IllegalSagaAction.class)
                .hasMessageContaining("at or past its pivot");

        // order-service comes back and approves: the late reply is taken, not ignored
        saga.reply("approve-order", 3, new OrderApproved(orderId)).expectNothingSent()
                .expectStatus(SagaStatus.COMPLETED);
    }

    @Test
    void anOperatorRetryAtThePivotResendsOnlyTheStepStillWaiting() {
        saga.reply("reserve-inventory", new InventoryReserved(orderId))
                .reply("authorize-payment", new PaymentAuthorized(orderId, authorizationId))
                .reply("schedule-shipment", new ShipmentScheduled(orderId, shipmentId))
                .reply("capture-payment", new PaymentCaptured(orderId))
                .after(TIMEOUT).after(Duration.ofSeconds(1)).after(TIMEOUT).after(Duration.ofSeconds(2))
                .after(TIMEOUT).expectStatus(SagaStatus.FAILED).expectTimeline(Kind.SAGA_FAILED);
        saga.expectSent(RESERVE, AUTHORIZE, SCHEDULE, APPROVE, CAPTURE, APPROVE, APPROVE)
                .operatorRetry().expectSent(APPROVE).expectStatus(SagaStatus.RUNNING)
                .reply("approve-order", new OrderApproved(orderId)).expectStatus(SagaStatus.COMPLETED);
    }

    @Test
    void forcingCompensationWhileAStepWaitsUndoesThatStepTooAndSendsExactlyWhatWasAnnounced() {
        saga.reply("reserve-inventory", new InventoryReserved(orderId)).after(TIMEOUT);
        var announced = saga.engine().wouldSend(OperatorAction.COMPENSATE, saga.state());
        assertThat(announced).containsExactly(new CommandPreview("reserve-inventory", RELEASE, true),
                new CommandPreview("authorize-payment", VOID, true), new CommandPreview("reject-order", REJECT, true));

        saga.expectSent(RESERVE, AUTHORIZE).operatorCompensate().expectSent(RELEASE, VOID)
                .reply("authorize-payment", 1, new PaymentAuthorized(orderId, authorizationId))
                .expectTimeline(Kind.STALE_REPLY_IGNORED).expectNothingSent()
                .reply("authorize-payment", new PaymentAuthorizationVoided(orderId, true)).expectNothingSent()
                .reply("reserve-inventory", new InventoryReleased(orderId, false)).expectSent(REJECT);
    }

    @Test
    void theSagaDeadlineCompensatesASagaThatHasNotPassedItsPivot() {
        // the payment service keeps answering too late: retries stretch past the saga's deadline
        saga.reply("reserve-inventory", new InventoryReserved(orderId));
        for (int i = 0; i < 40 && saga.state().status() == SagaStatus.RUNNING; i++) {
            saga.after(Duration.ofSeconds(10));
            if (saga.state().stage() == 1 && saga.state().attempt() == 3 && !saga.state().awaitingRetry()) {
                break;
            }
        }
        saga.after(Duration.ofMinutes(5)).expectTimeline(Kind.DEADLINE_EXCEEDED).expectStatus(SagaStatus.COMPENSATING);
        assertThat(saga.lastSent("authorize-payment").command().payload().getClass().getSimpleName())
                .isEqualTo("VoidPaymentAuthorization");
    }

    @Test
    void retriesTheCaptureUntilItSucceedsOnceThePivotIsPassed() {
        saga.reply("reserve-inventory", new InventoryReserved(orderId))
                .reply("authorize-payment", new PaymentAuthorized(orderId, authorizationId))
                .reply("schedule-shipment", new ShipmentScheduled(orderId, shipmentId))
                .reply("approve-order", new OrderApproved(orderId));
        for (int i = 0; i < 10; i++) {
            saga.after(TIMEOUT).after(Duration.ofSeconds(4));
        }
        saga.expectStatus(SagaStatus.RUNNING);
        assertThat(saga.lastSent("capture-payment").attempt()).isEqualTo(11);
        assertThatThrownBy(() -> saga.operatorCompensate()).isInstanceOf(IllegalSagaAction.class)
                .hasMessageContaining("at or past its pivot");
        saga.reply("capture-payment", new PaymentCaptured(orderId)).expectStatus(SagaStatus.COMPLETED);
    }

    @Test
    void anAbortedSagaSendsNothingMoreAndIgnoresLateReplies() {
        saga.operatorAbort().expectStatus(SagaStatus.ABORTED).expectTimeline(Kind.OPERATOR_ABORT)
                .reply("reserve-inventory", 1, new InventoryReserved(orderId)).expectSent(RESERVE, AUTHORIZE)
                .expectTimeline(Kind.STALE_REPLY_IGNORED).after(Duration.ofHours(1)).expectNothingSent();
        assertThatThrownBy(() -> saga.operatorAbort()).isInstanceOf(IllegalSagaAction.class);
    }

    @Test
    void aSagaStartedOnAnotherVersionOfTheDefinitionIsStoppedLoudlyNeverReMapped() {
        SagaEngine<PlaceOrderData> engine = saga.engine();
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        // a v1 saga at its fourth step: under v2's stages, position 2 would mean schedule-shipment
        io.sagaplatform.orchestrator.engine.SagaState<PlaceOrderData> v1 = new io.sagaplatform.orchestrator.engine.SagaState<>(
                UUID.randomUUID(), PlaceOrderSaga.TYPE, 1, SagaStatus.RUNNING,
                io.sagaplatform.orchestrator.engine.Phase.FORWARD, 2, 1, List.of(), saga.state().data(),
                java.util.Optional.empty(), at, at, java.util.Optional.empty());

        var timer = engine.onTimer(v1, at.plusSeconds(30));
        assertThat(timer.commands()).isEmpty();
        assertThat(timer.state().status()).isEqualTo(SagaStatus.FAILED);
        assertThat(timer.state().failureReason()).hasValueSatisfying(r -> assertThat(r)
                .contains("started on place-order v1, and this orchestrator runs v" + PlaceOrderSaga.VERSION));
        assertThat(timer.timeline()).extracting(e -> e.kind()).containsExactly(Kind.SAGA_FAILED);
        assertThat(engine.allowedActions(timer.state())).containsExactly(OperatorAction.ABORT);
        assertThatThrownBy(() -> engine.retry(timer.state(), "ops", at)).isInstanceOf(IllegalSagaAction.class)
                .hasMessageContaining("never re-mapped");

        var reply = engine.onReply(v1, new io.sagaplatform.orchestrator.engine.Reply("schedule-shipment", 1,
                io.sagaplatform.contracts.MessageTypes.SHIPMENT_SCHEDULED, new ShipmentScheduled(orderId, shipmentId),
                "m-1"), at);
        assertThat(reply.commands()).as("a reply does not move it onto v2's steps").isEmpty();
        assertThat(reply.state().status()).isEqualTo(SagaStatus.FAILED);
    }

    @Test
    void refusesToRetryASagaThatIsNotFailed() {
        assertThatThrownBy(() -> saga.operatorRetry()).isInstanceOf(IllegalSagaAction.class)
                .hasMessageContaining("Only a FAILED saga can be retried");
    }
}
