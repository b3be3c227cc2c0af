package io.sagaplatform.orchestrator.placeorder;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.sagaplatform.orchestrator.SagaScenario;
import io.sagaplatform.contracts.Message;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.contracts.common.OrderLine;
import io.sagaplatform.contracts.common.ShippingAddress;
import io.sagaplatform.contracts.inventory.InventoryFailureReason;
import io.sagaplatform.contracts.inventory.InventoryReleased;
import io.sagaplatform.contracts.inventory.InventoryReservationFailed;
import io.sagaplatform.contracts.inventory.InventoryReserved;
import io.sagaplatform.contracts.order.OrderApproved;
import io.sagaplatform.contracts.order.OrderPlaced;
import io.sagaplatform.contracts.order.OrderRejected;
import io.sagaplatform.contracts.payment.PaymentAuthorizationVoided;
import io.sagaplatform.contracts.payment.PaymentAuthorized;
import io.sagaplatform.contracts.payment.PaymentCaptured;
import io.sagaplatform.contracts.payment.PaymentDeclineReason;
import io.sagaplatform.contracts.payment.PaymentDeclined;
import io.sagaplatform.contracts.shipping.ShipmentCancelled;
import io.sagaplatform.orchestrator.engine.DeliveryEvidence;
import io.sagaplatform.orchestrator.engine.CommandToSend;
import io.sagaplatform.orchestrator.engine.OperatorAction;
import io.sagaplatform.orchestrator.engine.SagaEngine;
import io.sagaplatform.orchestrator.engine.SagaStatus;
import io.sagaplatform.orchestrator.engine.StepState;
import io.sagaplatform.orchestrator.engine.TimelineEvent;
import io.sagaplatform.orchestrator.engine.TimelineEvent.Kind;

/**
 * Every interleaving, within a parallel stage, of the replies (success, business failure, or none ever — the
 * attempts run out), and of an operator's action before, between or after them — on the virtual clock. After
 * the last event every compensation asked for is confirmed, and the saga's end is checked against what must
 * hold whatever the order: a step that may have had an effect is undone exactly once, a step that failed is not
 * undone, the order is rejected once and only after the stage is undone, and nothing moves on past a failed
 * stage.
 */
class ParallelStageInterleavingsTest {

    enum Outcome { SUCCEEDS, FAILS, NEVER_ANSWERS }

    enum Operator { NONE, COMPENSATE, ABORT }

    static final String RESERVE = "reserve-inventory", AUTHORIZE = "authorize-payment";
    static final Map<String, String> TOPIC = Map.of(RESERVE, Topics.INVENTORY_COMMANDS, AUTHORIZE,
            Topics.PAYMENT_COMMANDS, "approve-order", Topics.ORDER_COMMANDS, "capture-payment", Topics.PAYMENT_COMMANDS);

    final UUID orderId = UUID.randomUUID();

    static Stream<Arguments> firstStage() {
        List<Arguments> cases = new ArrayList<>();
        for (Outcome reserve : Outcome.values()) {
            for (Outcome authorize : Outcome.values()) {
                for (boolean reserveFirst : new boolean[] {true, false}) {
                    cases.add(Arguments.of(reserve, authorize, reserveFirst, Operator.NONE, 0));
                    for (Operator operator : List.of(Operator.COMPENSATE, Operator.ABORT)) {
                        for (int at = 0; at <= 2; at++) {
                            cases.add(Arguments.of(reserve, authorize, reserveFirst, operator, at));
                        }
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "reserve {0}, authorize {1}, reserve first {2}, operator {3} after {4} event(s)")
    @MethodSource("firstStage")
    void reserveAlongsideAuthorize(Outcome reserve, Outcome authorize, boolean reserveFirst, Operator operator,
            int operatorAt) {
        SagaScenario<PlaceOrderData> saga = started();
        List<Runnable> events = new ArrayList<>();
        events.add(() -> outcome(saga, reserveFirst ? RESERVE : AUTHORIZE, reserveFirst ? reserve : authorize));
        events.add(() -> outcome(saga, reserveFirst ? AUTHORIZE : RESERVE, reserveFirst ? authorize : reserve));
        if (operator != Operator.NONE) {
            events.add(operatorAt, () -> {
                if (operator == Operator.ABORT) {
                    saga.operatorAbort();
                } else if (saga.engine().allowedActions(saga.state()).contains(OperatorAction.COMPENSATE)) {
                    saga.operatorCompensate();
                }
            });
        }
        events.forEach(Runnable::run);
        int sentBeforeSettling = saga.sent().size();
        confirmEveryCompensation(saga);

        if (operator == Operator.ABORT) {
            assertThat(saga.state().status()).isEqualTo(SagaStatus.ABORTED);
            int abortedAt = indexOf(saga.timeline(), Kind.OPERATOR_ABORT);
            assertThat(saga.timeline().subList(abortedAt, saga.timeline().size())).extracting(TimelineEvent::kind)
                    .as("nothing is sent after an abort").doesNotContain(Kind.COMMAND_SENT, Kind.COMMAND_RESENT,
                            Kind.COMPENSATION_SENT, Kind.COMPENSATION_RESENT);
            assertThat(saga.sent()).hasSize(sentBeforeSettling);
            return;
        }
        boolean movedOn = sentFor(saga, "schedule-shipment", false) > 0;
        if (reserve == Outcome.SUCCEEDS && authorize == Outcome.SUCCEEDS && !compensatedBeforeBothSucceeded(saga)) {
            assertThat(movedOn).as("both succeeded: the next stage starts").isTrue();
        } else {
            assertThat(movedOn).as("a failed stage never moves on").isFalse();
        }
        if (!movedOn || operator == Operator.COMPENSATE) {
            assertThat(saga.state().status()).isEqualTo(SagaStatus.COMPENSATED);
            for (String step : List.of(RESERVE, AUTHORIZE)) {
                boolean failed = saga.timeline().stream().anyMatch(e -> e.kind() == Kind.STEP_FAILED
                        && e.step().orElse("").equals(step));
                int undone = sentFor(saga, step, true);
                assertThat(undone).as(step + ": undone exactly once unless it failed (failed: " + failed + ")")
                        .isEqualTo(failed ? 0 : 1);
            }
            assertThat(sentFor(saga, "reject-order", true)).as("the order is rejected once").isEqualTo(1);
            int rejected = lastIndexOfSend(saga.timeline(), "reject-order");
            saga.timeline().stream().filter(e -> e.kind() == Kind.STEP_COMPENSATED && !e.step().orElse("").equals(
                    "reject-order")).forEach(e -> assertThat(saga.timeline().indexOf(e))
                            .as("every undo of the stage is confirmed before the order is rejected")
                            .isLessThan(rejected));
        } else {
            assertThat(saga.state().status()).isEqualTo(SagaStatus.RUNNING);
            assertThat(sentFor(saga, RESERVE, true) + sentFor(saga, AUTHORIZE, true)).isZero();
        }
    }

    static Stream<Arguments> pivotStage() {
        List<Arguments> cases = new ArrayList<>();
        for (boolean approveLate : new boolean[] {false, true}) {
            for (boolean captureLate : new boolean[] {false, true}) {
                for (boolean approveFirst : new boolean[] {true, false}) {
                    for (boolean operatorRetries : new boolean[] {false, true}) {
                        cases.add(Arguments.of(approveLate, captureLate, approveFirst, operatorRetries));
                    }
                }
            }
        }
        return cases.stream();
    }

    /**
     * The pivot beside the capture: whatever the order, and however late the answers come (the approval after the
     * saga went FAILED, the capture after many resends), the saga ends COMPLETED and nothing is ever undone.
     */
    @ParameterizedTest(name = "approve late {0}, capture late {1}, approve first {2}, operator retries {3}")
    @MethodSource("pivotStage")
    void approveAlongsideCapture(boolean approveLate, boolean captureLate, boolean approveFirst,
            boolean operatorRetries) {
        SagaScenario<PlaceOrderData> saga = started();
        saga.reply(RESERVE, new InventoryReserved(orderId))
                .reply(AUTHORIZE, new PaymentAuthorized(orderId, UUID.randomUUID()))
                .reply("schedule-shipment", new io.sagaplatform.contracts.shipping.ShipmentScheduled(orderId,
                        UUID.randomUUID()));
        List<Runnable> events = new ArrayList<>();
        events.add(() -> {
            if (approveLate) {
                exhaust(saga, "approve-order");
                assertThat(saga.state().status()).isEqualTo(SagaStatus.FAILED);
                assertThat(saga.engine().allowedActions(saga.state())).doesNotContain(OperatorAction.COMPENSATE);
                if (operatorRetries) {
                    saga.operatorRetry();
                }
            }
            saga.reply("approve-order", new OrderApproved(orderId));
        });
        events.add(() -> {
            if (captureLate && saga.state().status().isActive()) {
                exhaust(saga, "capture-payment");
            }
            saga.reply("capture-payment", new PaymentCaptured(orderId));
        });
        if (!approveFirst) {
            java.util.Collections.reverse(events);
        }
        events.forEach(Runnable::run);
        if (saga.state().status() == SagaStatus.FAILED) {
            saga.operatorRetry().reply("approve-order", new OrderApproved(orderId));
        }
        assertThat(saga.state().status()).isEqualTo(SagaStatus.COMPLETED);
        assertThat(saga.sent()).noneMatch(CommandToSend::compensation);
    }

    private SagaScenario<PlaceOrderData> started() {
        SagaScenario<PlaceOrderData> saga = new SagaScenario<>(new SagaEngine<>(PlaceOrderSaga.definition(
                PlaceOrderSagaTest.CONFIG)));
        return saga.start(PlaceOrderData.from(new OrderPlaced(orderId, "alice",
                List.of(new OrderLine("SKU-APPLE", 2, new BigDecimal("1.25"))), new BigDecimal("2.50"), "EUR",
                new ShippingAddress("Alice", "1 Main St", "Lyon", "69001", "FR"), Instant.now())));
    }

    private void outcome(SagaScenario<PlaceOrderData> saga, String step, Outcome outcome) {
        if (outcome == Outcome.NEVER_ANSWERS) {
            exhaust(saga, step);
            return;
        }
        if (saga.sent().stream().noneMatch(c -> c.step().equals(step) && !c.compensation())) {
            return;
        }
        int attempt = saga.sent().stream().filter(c -> c.step().equals(step) && !c.compensation())
                .mapToInt(CommandToSend::attempt).max().orElseThrow();
        Message reply = switch (step + "/" + outcome) {
            case RESERVE + "/SUCCEEDS" -> new InventoryReserved(orderId);
            case RESERVE + "/FAILS" -> new InventoryReservationFailed(orderId, InventoryFailureReason.OUT_OF_STOCK, null);
            case AUTHORIZE + "/SUCCEEDS" -> new PaymentAuthorized(orderId, UUID.randomUUID());
            default -> new PaymentDeclined(orderId, PaymentDeclineReason.INSUFFICIENT_CREDIT, null);
        };
        saga.reply(step, attempt, reply);
    }

    /** Lets time pass until the step's forward command has used every attempt it is given (others stay queued). */
    private static void exhaust(SagaScenario<PlaceOrderData> saga, String step) {
        DeliveryEvidence onlyThisStep = new DeliveryEvidence() {
            public Delivery delivery(String topic, String messageId) {
                boolean ours = saga.sent().stream().anyMatch(c -> c.messageId().equals(messageId) && c.step().equals(step)
                        && !c.compensation());
                return ours ? Delivery.CONSUMED : Delivery.QUEUED;
            }

            public boolean takeResend() {
                return true;
            }
        };
        for (int i = 0; i < 12 && waiting(saga, step); i++) {
            saga.after(Duration.ofSeconds(11), onlyThisStep);
        }
    }

    private static boolean waiting(SagaScenario<PlaceOrderData> saga, String step) {
        return saga.state().status().isActive() && saga.state().step(step)
                .map(s -> s.status() == StepState.Status.WAITING).orElse(false);
    }

    /** Confirms every compensation the saga waits for, stage by stage, until it waits for none. */
    private void confirmEveryCompensation(SagaScenario<PlaceOrderData> saga) {
        for (int i = 0; i < 10 && saga.state().status() == SagaStatus.COMPENSATING; i++) {
            for (StepState step : saga.state().unsettled()) {
                if (step.compensating()) {
                    Message confirmation = switch (step.step()) {
                        case RESERVE -> new InventoryReleased(orderId, false);
                        case AUTHORIZE -> new PaymentAuthorizationVoided(orderId, false);
                        case "schedule-shipment" -> new ShipmentCancelled(orderId, false);
                        default -> new OrderRejected(orderId, "x");
                    };
                    saga.reply(step.step(), step.attempt(), confirmation);
                }
            }
        }
    }

    private static boolean compensatedBeforeBothSucceeded(SagaScenario<PlaceOrderData> saga) {
        int compensated = indexOf(saga.timeline(), Kind.COMPENSATION_STARTED);
        int scheduled = -1;
        for (int i = 0; i < saga.timeline().size() && scheduled < 0; i++) {
            TimelineEvent e = saga.timeline().get(i);
            scheduled = e.kind() == Kind.COMMAND_SENT && e.step().orElse("").equals("schedule-shipment") ? i : -1;
        }
        return compensated >= 0 && (scheduled < 0 || compensated < scheduled);
    }

    private static int sentFor(SagaScenario<PlaceOrderData> saga, String step, boolean compensation) {
        return (int) saga.sent().stream().filter(c -> c.step().equals(step) && c.compensation() == compensation).count();
    }

    private static int indexOf(List<TimelineEvent> timeline, Kind kind) {
        for (int i = 0; i < timeline.size(); i++) {
            if (timeline.get(i).kind() == kind) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOfSend(List<TimelineEvent> timeline, String step) {
        for (int i = timeline.size() - 1; i >= 0; i--) {
            TimelineEvent e = timeline.get(i);
            if (e.step().orElse("").equals(step) && (e.kind() == Kind.COMMAND_SENT || e.kind() == Kind.COMPENSATION_SENT)) {
                return i;
            }
        }
        return -1;
    }
}
