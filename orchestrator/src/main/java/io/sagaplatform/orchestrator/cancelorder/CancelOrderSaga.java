package io.sagaplatform.orchestrator.cancelorder;

import java.time.Duration;

import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.contracts.inventory.RestockInventory;
import io.sagaplatform.contracts.order.CancelOrder;
import io.sagaplatform.contracts.order.RefuseCancellation;
import io.sagaplatform.contracts.payment.RefundPayment;
import io.sagaplatform.contracts.shipping.WithdrawShipment;
import io.sagaplatform.orchestrator.engine.Command;
import io.sagaplatform.orchestrator.engine.RetryPolicy;
import io.sagaplatform.orchestrator.engine.SagaDefinition;

/**
 * Cancelling an approved order, stage by stage (steps joined by ∥ run side by side):
 * <ol>
 * <li>{@code keep-order} — nothing to do going forward (the order is CANCELLING); if the saga compensates, the
 * cancellation is refused and the order goes back to APPROVED with the reason.</li>
 * <li>{@code withdraw-shipment} — the pivot: shipping-service withdraws the shipment unless it has left the warehouse
 * (then it refuses, and the saga compensates: nothing else was touched). Once withdrawn, the order is going to be
 * cancelled — nothing after this can fail by business rules.</li>
 * <li>{@code refund-payment} ∥ {@code restock-inventory} — the captured amount goes back to the customer's credit line
 * (once), the order's units back to available stock (once). Neither needs the other.</li>
 * <li>{@code mark-cancelled} — the order is CANCELLED. Last, so that a CANCELLED order has its money and stock back.</li>
 * </ol>
 */
public final class CancelOrderSaga {

    public static final String TYPE = "cancel-order";
    public static final int VERSION = 1;
    /** What a cancel-order saga is about: one order, by its id (one cancel-order saga per order). */
    public static final String AGGREGATE_TYPE = "order";
    public static final String KEY_NAME = "orderId";

    private CancelOrderSaga() {
    }

    public static SagaDefinition<CancelOrderData> definition(CancelOrderSagaConfig config) {
        Duration timeout = config.stepTimeout();
        RetryPolicy retry = RetryPolicy.exponential(config.maxAttempts(), config.retryBackoff(), config.retryBackoffMax());
        RetryPolicy forever = RetryPolicy.exponential(Integer.MAX_VALUE, config.retryBackoff(), config.retryBackoffMax());
        SagaDefinition.Builder<CancelOrderData> saga = SagaDefinition.builder(TYPE, VERSION, CancelOrderData.class)
                .correlatedBy(AGGREGATE_TYPE, KEY_NAME);
        saga.step("keep-order").compensatable()
                .compensateWith((cancel, reason) -> new Command(Topics.ORDER_COMMANDS,
                        new RefuseCancellation(cancel.orderId(), truncate(reason))),
                        MessageTypes.ORDER_CANCELLATION_REFUSED)
                .timeout(timeout).retry(forever);
        saga.step("withdraw-shipment").pivot()
                .invoke(cancel -> new Command(Topics.SHIPPING_COMMANDS, new WithdrawShipment(cancel.orderId())))
                .onReply(MessageTypes.SHIPMENT_WITHDRAWN)
                .failsOn(MessageTypes.SHIPMENT_WITHDRAWAL_REFUSED, refused -> refused.reason()
                        + (refused.detail() == null || refused.detail().isBlank() ? "" : " (" + refused.detail() + ")"))
                .timeout(timeout).retry(retry);
        saga.step("refund-payment").retriable()
                .invoke(cancel -> new Command(Topics.PAYMENT_COMMANDS, new RefundPayment(cancel.orderId())))
                .onReply(MessageTypes.PAYMENT_REFUNDED, (cancel, refunded) -> cancel.withRefund(refunded.amount(),
                        refunded.currency()))
                .timeout(timeout).retry(forever);
        saga.step("restock-inventory").retriable().inParallelWith("refund-payment")
                .invoke(cancel -> new Command(Topics.INVENTORY_COMMANDS, new RestockInventory(cancel.orderId())))
                .onReply(MessageTypes.INVENTORY_RESTOCKED)
                .timeout(timeout).retry(forever);
        saga.step("mark-cancelled").retriable()
                .invoke(cancel -> new Command(Topics.ORDER_COMMANDS, new CancelOrder(cancel.orderId())))
                .onReply(MessageTypes.ORDER_CANCELLED)
                .timeout(timeout).retry(forever);
        return saga.deadline(config.sagaDeadline()).build();
    }

    /** RefuseCancellation's reason is at most 500 characters on the wire. */
    private static String truncate(String reason) {
        return reason.length() <= 500 ? reason : reason.substring(0, 499) + "…";
    }
}
