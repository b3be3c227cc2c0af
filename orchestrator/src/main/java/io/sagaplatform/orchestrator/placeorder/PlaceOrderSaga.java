package io.sagaplatform.orchestrator.placeorder;

import java.time.Duration;

import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.contracts.inventory.ReleaseInventory;
import io.sagaplatform.contracts.inventory.ReserveInventory;
import io.sagaplatform.contracts.order.ApproveOrder;
import io.sagaplatform.contracts.order.RejectOrder;
import io.sagaplatform.contracts.payment.AuthorizePayment;
import io.sagaplatform.contracts.payment.CapturePayment;
import io.sagaplatform.contracts.payment.VoidPaymentAuthorization;
import io.sagaplatform.contracts.shipping.CancelShipment;
import io.sagaplatform.contracts.shipping.ScheduleShipment;
import io.sagaplatform.orchestrator.engine.Command;
import io.sagaplatform.orchestrator.engine.RetryPolicy;
import io.sagaplatform.orchestrator.engine.SagaDefinition;
import io.sagaplatform.orchestrator.engine.SagaDefinition.StepBuilder;

/**
 * The order saga, stage by stage (steps joined by ∥ run side by side):
 * <ol>
 * <li>{@code reject-order} — nothing to do going forward (the order exists, PENDING); if the saga
 * compensates, this is the last compensation: the order is rejected with the reason.</li>
 * <li>{@code reserve-inventory} ∥ {@code authorize-payment} — all lines or none, undone by releasing the stock;
 * hold the amount on the customer's credit line, undone by voiding it. Neither needs the other's answer.</li>
 * <li>{@code schedule-shipment} — undone by cancelling the shipment. After the first stage, so that no shipment is
 * ever scheduled for stock that is not reserved or an order that is not paid for.</li>
 * <li>{@code approve-order} ∥ {@code capture-payment} — the pivot and the retriable step after it. Approving cannot
 * fail by business rules (only time out), so once this stage starts the order goes through: the authorized money
 * is taken while the order is approved, and neither is ever undone.</li>
 * </ol>
 * Any business failure compensates what succeeded (a step in flight beside the failed one is awaited, and undone
 * if it succeeds), newest stage first, and rejects the order.
 *
 * <p>That is version {@value #VERSION}. Version {@value #SEQUENTIAL_VERSION} ({@link #sequential}) runs the same steps
 * one after another; it stays registered so that sagas started on it finish on it ({@code PlaceOrderSagaProducer}).
 */
public final class PlaceOrderSaga {

    public static final String TYPE = "place-order";
    /** Today's definition (above): new sagas start on it unless configured otherwise. */
    public static final int VERSION = 2;
    /**
     * The first definition, kept registered for the sagas that started on it: the same steps, commands and
     * replies, one stage per step (reserve, authorize, schedule, approve, capture one after another).
     */
    public static final int SEQUENTIAL_VERSION = 1;
    /** What a place-order saga is about: one order, by its id. */
    public static final String AGGREGATE_TYPE = "order";
    public static final String KEY_NAME = "orderId";

    private PlaceOrderSaga() {
    }

    /** Version 2: reserve ∥ authorize, schedule, approve ∥ capture. */
    public static SagaDefinition<PlaceOrderData> definition(PlaceOrderSagaConfig config) {
        return build(config, VERSION, true);
    }

    /** Version 1: every step in a stage of its own, in the order of version 2's steps. */
    public static SagaDefinition<PlaceOrderData> sequential(PlaceOrderSagaConfig config) {
        return build(config, SEQUENTIAL_VERSION, false);
    }

    private static SagaDefinition<PlaceOrderData> build(PlaceOrderSagaConfig config, int version, boolean parallel) {
        Duration timeout = config.stepTimeout();
        RetryPolicy retry = RetryPolicy.exponential(config.maxAttempts(), config.retryBackoff(), config.retryBackoffMax());
        RetryPolicy forever = RetryPolicy.exponential(Integer.MAX_VALUE, config.retryBackoff(), config.retryBackoffMax());
        SagaDefinition.Builder<PlaceOrderData> saga = SagaDefinition.builder(TYPE, version, PlaceOrderData.class)
                .correlatedBy(AGGREGATE_TYPE, KEY_NAME);
        saga.step("reject-order").compensatable()
                .compensateWith((order, reason) -> new Command(Topics.ORDER_COMMANDS,
                        new RejectOrder(order.orderId(), truncate(reason))), MessageTypes.ORDER_REJECTED)
                .timeout(timeout).retry(forever);
        saga.step("reserve-inventory").compensatable()
                .invoke(order -> new Command(Topics.INVENTORY_COMMANDS,
                        new ReserveInventory(order.orderId(), order.stockLines())))
                .onReply(MessageTypes.INVENTORY_RESERVED)
                .failsOn(MessageTypes.INVENTORY_RESERVATION_FAILED, failed -> failed.reason() + detail(failed.detail()))
                .compensateWith((order, reason) -> new Command(Topics.INVENTORY_COMMANDS,
                        new ReleaseInventory(order.orderId())), MessageTypes.INVENTORY_RELEASED)
                .timeout(timeout).retry(retry);
        alongside(saga.step("authorize-payment").compensatable(), parallel, "reserve-inventory")
                .invoke(order -> new Command(Topics.PAYMENT_COMMANDS, new AuthorizePayment(order.orderId(),
                        order.customerId(), order.totalAmount(), order.currency())))
                .onReply(MessageTypes.PAYMENT_AUTHORIZED, (order, authorized) -> order.withAuthorization(
                        authorized.authorizationId()))
                .failsOn(MessageTypes.PAYMENT_DECLINED, declined -> declined.reason() + detail(declined.detail()))
                .compensateWith((order, reason) -> new Command(Topics.PAYMENT_COMMANDS,
                        new VoidPaymentAuthorization(order.orderId())), MessageTypes.PAYMENT_AUTHORIZATION_VOIDED)
                .timeout(timeout).retry(retry);
        saga.step("schedule-shipment").compensatable()
                .invoke(order -> new Command(Topics.SHIPPING_COMMANDS, new ScheduleShipment(order.orderId(),
                        order.shippingAddress(), order.stockLines())))
                .onReply(MessageTypes.SHIPMENT_SCHEDULED, (order, scheduled) -> order.withShipment(
                        scheduled.shipmentId()))
                .failsOn(MessageTypes.SHIPMENT_SCHEDULING_FAILED, failed -> failed.reason() + detail(failed.detail()))
                .compensateWith((order, reason) -> new Command(Topics.SHIPPING_COMMANDS,
                        new CancelShipment(order.orderId())), MessageTypes.SHIPMENT_CANCELLED)
                .timeout(timeout).retry(retry);
        saga.step("approve-order").pivot()
                .invoke(order -> new Command(Topics.ORDER_COMMANDS, new ApproveOrder(order.orderId())))
                .onReply(MessageTypes.ORDER_APPROVED)
                .timeout(timeout).retry(retry);
        alongside(saga.step("capture-payment").retriable(), parallel, "approve-order")
                .invoke(order -> new Command(Topics.PAYMENT_COMMANDS, new CapturePayment(order.orderId())))
                .onReply(MessageTypes.PAYMENT_CAPTURED)
                .timeout(timeout).retry(forever);
        return saga.deadline(config.sagaDeadline()).build();
    }

    /** In version 2 the step joins the stage of the step before it; in version 1 it runs after it. */
    private static StepBuilder<PlaceOrderData> alongside(StepBuilder<PlaceOrderData> step, boolean parallel,
            String previous) {
        return parallel ? step.inParallelWith(previous) : step;
    }

    private static String detail(String detail) {
        return detail == null || detail.isBlank() ? "" : " (" + detail + ")";
    }

    /** RejectOrder's reason is at most 500 characters on the wire. */
    private static String truncate(String reason) {
        return reason.length() <= 500 ? reason : reason.substring(0, 499) + "…";
    }
}
