package io.sagaplatform.contracts;

import io.sagaplatform.contracts.inventory.InventoryReleased;
import io.sagaplatform.contracts.inventory.InventoryReservationFailed;
import io.sagaplatform.contracts.inventory.InventoryReserved;
import io.sagaplatform.contracts.inventory.InventoryRestocked;
import io.sagaplatform.contracts.inventory.ReleaseInventory;
import io.sagaplatform.contracts.inventory.ReserveInventory;
import io.sagaplatform.contracts.inventory.RestockInventory;
import io.sagaplatform.contracts.order.ApproveOrder;
import io.sagaplatform.contracts.order.CancelOrder;
import io.sagaplatform.contracts.order.OrderApproved;
import io.sagaplatform.contracts.order.OrderCancellationRefused;
import io.sagaplatform.contracts.order.OrderCancellationRequested;
import io.sagaplatform.contracts.order.OrderCancelled;
import io.sagaplatform.contracts.order.OrderPlaced;
import io.sagaplatform.contracts.order.OrderRejected;
import io.sagaplatform.contracts.order.RefuseCancellation;
import io.sagaplatform.contracts.order.RejectOrder;
import io.sagaplatform.contracts.payment.AuthorizePayment;
import io.sagaplatform.contracts.payment.CapturePayment;
import io.sagaplatform.contracts.payment.PaymentAuthorizationVoided;
import io.sagaplatform.contracts.payment.PaymentAuthorized;
import io.sagaplatform.contracts.payment.PaymentCaptured;
import io.sagaplatform.contracts.payment.PaymentDeclined;
import io.sagaplatform.contracts.payment.PaymentRefunded;
import io.sagaplatform.contracts.payment.RefundPayment;
import io.sagaplatform.contracts.payment.VoidPaymentAuthorization;
import io.sagaplatform.contracts.saga.SagaCompensated;
import io.sagaplatform.contracts.saga.SagaCompleted;
import io.sagaplatform.contracts.saga.SagaFailed;
import io.sagaplatform.contracts.saga.SagaStarted;
import io.sagaplatform.contracts.shipping.CancelShipment;
import io.sagaplatform.contracts.shipping.ScheduleShipment;
import io.sagaplatform.contracts.shipping.ShipmentCancelled;
import io.sagaplatform.contracts.shipping.ShipmentScheduled;
import io.sagaplatform.contracts.shipping.ShipmentSchedulingFailed;
import io.sagaplatform.contracts.shipping.ShipmentWithdrawalRefused;
import io.sagaplatform.contracts.shipping.ShipmentWithdrawn;
import io.sagaplatform.contracts.shipping.WithdrawShipment;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The registry of every message the platform sends: one constant per (name, version).
 *
 * <p>To change a message incompatibly, add a new constant with the same name and version 2 (and its
 * schema and golden file) instead of editing version 1; consumers keep decoding version 1 until no
 * producer sends it. {@link #byName(String)} and {@link #of(Class)} return the newest version.
 */
public final class MessageTypes {

    // --- order ---
    public static final MessageType<OrderPlaced> ORDER_PLACED =
            new MessageType<>("order.OrderPlaced", 1, OrderPlaced.class);
    public static final MessageType<ApproveOrder> APPROVE_ORDER =
            new MessageType<>("order.ApproveOrder", 1, ApproveOrder.class);
    public static final MessageType<RejectOrder> REJECT_ORDER =
            new MessageType<>("order.RejectOrder", 1, RejectOrder.class);
    public static final MessageType<OrderApproved> ORDER_APPROVED =
            new MessageType<>("order.OrderApproved", 1, OrderApproved.class);
    public static final MessageType<OrderRejected> ORDER_REJECTED =
            new MessageType<>("order.OrderRejected", 1, OrderRejected.class);
    public static final MessageType<OrderCancellationRequested> ORDER_CANCELLATION_REQUESTED =
            new MessageType<>("order.OrderCancellationRequested", 1, OrderCancellationRequested.class);
    public static final MessageType<CancelOrder> CANCEL_ORDER =
            new MessageType<>("order.CancelOrder", 1, CancelOrder.class);
    public static final MessageType<RefuseCancellation> REFUSE_CANCELLATION =
            new MessageType<>("order.RefuseCancellation", 1, RefuseCancellation.class);
    public static final MessageType<OrderCancelled> ORDER_CANCELLED =
            new MessageType<>("order.OrderCancelled", 1, OrderCancelled.class);
    public static final MessageType<OrderCancellationRefused> ORDER_CANCELLATION_REFUSED =
            new MessageType<>("order.OrderCancellationRefused", 1, OrderCancellationRefused.class);

    // --- inventory ---
    public static final MessageType<ReserveInventory> RESERVE_INVENTORY =
            new MessageType<>("inventory.ReserveInventory", 1, ReserveInventory.class);
    public static final MessageType<ReleaseInventory> RELEASE_INVENTORY =
            new MessageType<>("inventory.ReleaseInventory", 1, ReleaseInventory.class);
    public static final MessageType<InventoryReserved> INVENTORY_RESERVED =
            new MessageType<>("inventory.InventoryReserved", 1, InventoryReserved.class);
    public static final MessageType<InventoryReservationFailed> INVENTORY_RESERVATION_FAILED =
            new MessageType<>("inventory.InventoryReservationFailed", 1, InventoryReservationFailed.class);
    public static final MessageType<InventoryReleased> INVENTORY_RELEASED =
            new MessageType<>("inventory.InventoryReleased", 1, InventoryReleased.class);
    public static final MessageType<RestockInventory> RESTOCK_INVENTORY =
            new MessageType<>("inventory.RestockInventory", 1, RestockInventory.class);
    public static final MessageType<InventoryRestocked> INVENTORY_RESTOCKED =
            new MessageType<>("inventory.InventoryRestocked", 1, InventoryRestocked.class);

    // --- payment ---
    public static final MessageType<AuthorizePayment> AUTHORIZE_PAYMENT =
            new MessageType<>("payment.AuthorizePayment", 1, AuthorizePayment.class);
    public static final MessageType<VoidPaymentAuthorization> VOID_PAYMENT_AUTHORIZATION =
            new MessageType<>("payment.VoidPaymentAuthorization", 1, VoidPaymentAuthorization.class);
    public static final MessageType<CapturePayment> CAPTURE_PAYMENT =
            new MessageType<>("payment.CapturePayment", 1, CapturePayment.class);
    public static final MessageType<PaymentAuthorized> PAYMENT_AUTHORIZED =
            new MessageType<>("payment.PaymentAuthorized", 1, PaymentAuthorized.class);
    public static final MessageType<PaymentDeclined> PAYMENT_DECLINED =
            new MessageType<>("payment.PaymentDeclined", 1, PaymentDeclined.class);
    public static final MessageType<PaymentAuthorizationVoided> PAYMENT_AUTHORIZATION_VOIDED =
            new MessageType<>("payment.PaymentAuthorizationVoided", 1, PaymentAuthorizationVoided.class);
    public static final MessageType<PaymentCaptured> PAYMENT_CAPTURED =
            new MessageType<>("payment.PaymentCaptured", 1, PaymentCaptured.class);
    public static final MessageType<RefundPayment> REFUND_PAYMENT =
            new MessageType<>("payment.RefundPayment", 1, RefundPayment.class);
    public static final MessageType<PaymentRefunded> PAYMENT_REFUNDED =
            new MessageType<>("payment.PaymentRefunded", 1, PaymentRefunded.class);

    // --- shipping ---
    public static final MessageType<ScheduleShipment> SCHEDULE_SHIPMENT =
            new MessageType<>("shipping.ScheduleShipment", 1, ScheduleShipment.class);
    public static final MessageType<CancelShipment> CANCEL_SHIPMENT =
            new MessageType<>("shipping.CancelShipment", 1, CancelShipment.class);
    public static final MessageType<ShipmentScheduled> SHIPMENT_SCHEDULED =
            new MessageType<>("shipping.ShipmentScheduled", 1, ShipmentScheduled.class);
    public static final MessageType<ShipmentSchedulingFailed> SHIPMENT_SCHEDULING_FAILED =
            new MessageType<>("shipping.ShipmentSchedulingFailed", 1, ShipmentSchedulingFailed.class);
    public static final MessageType<ShipmentCancelled> SHIPMENT_CANCELLED =
            new MessageType<>("shipping.ShipmentCancelled", 1, ShipmentCancelled.class);
    public static final MessageType<WithdrawShipment> WITHDRAW_SHIPMENT =
            new MessageType<>("shipping.WithdrawShipment", 1, WithdrawShipment.class);
    public static final MessageType<ShipmentWithdrawn> SHIPMENT_WITHDRAWN =
            new MessageType<>("shipping.ShipmentWithdrawn", 1, ShipmentWithdrawn.class);
    public static final MessageType<ShipmentWithdrawalRefused> SHIPMENT_WITHDRAWAL_REFUSED =
            new MessageType<>("shipping.ShipmentWithdrawalRefused", 1, ShipmentWithdrawalRefused.class);

    // --- saga lifecycle ---
    public static final MessageType<SagaStarted> SAGA_STARTED =
            new MessageType<>("saga.SagaStarted", 1, SagaStarted.class);
    public static final MessageType<SagaCompleted> SAGA_COMPLETED =
            new MessageType<>("saga.SagaCompleted", 1, SagaCompleted.class);
    public static final MessageType<SagaCompensated> SAGA_COMPENSATED =
            new MessageType<>("saga.SagaCompensated", 1, SagaCompensated.class);
    public static final MessageType<SagaFailed> SAGA_FAILED =
            new MessageType<>("saga.SagaFailed", 1, SagaFailed.class);

    private static final List<MessageType<?>> ALL = List.of(
            ORDER_PLACED, APPROVE_ORDER, REJECT_ORDER, ORDER_APPROVED, ORDER_REJECTED,
            ORDER_CANCELLATION_REQUESTED, CANCEL_ORDER, REFUSE_CANCELLATION, ORDER_CANCELLED,
            ORDER_CANCELLATION_REFUSED,
            RESERVE_INVENTORY, RELEASE_INVENTORY, INVENTORY_RESERVED, INVENTORY_RESERVATION_FAILED,
            INVENTORY_RELEASED, RESTOCK_INVENTORY, INVENTORY_RESTOCKED,
            AUTHORIZE_PAYMENT, VOID_PAYMENT_AUTHORIZATION, CAPTURE_PAYMENT, PAYMENT_AUTHORIZED, PAYMENT_DECLINED,
            PAYMENT_AUTHORIZATION_VOIDED, PAYMENT_CAPTURED, REFUND_PAYMENT, PAYMENT_REFUNDED,
            SCHEDULE_SHIPMENT, CANCEL_SHIPMENT, SHIPMENT_SCHEDULED, SHIPMENT_SCHEDULING_FAILED, SHIPMENT_CANCELLED,
            WITHDRAW_SHIPMENT, SHIPMENT_WITHDRAWN, SHIPMENT_WITHDRAWAL_REFUSED,
            SAGA_STARTED, SAGA_COMPLETED, SAGA_COMPENSATED, SAGA_FAILED);

    static {
        Set<String> seen = new HashSet<>();
        for (MessageType<?> type : ALL) {
            if (!seen.add(type.name() + "#" + type.version())) {
                throw new IllegalStateException("message type registered twice: " + type);
            }
        }
    }

    private MessageTypes() {
    }

    /** Every registered message type, every version, in declaration order. */
    public static List<MessageType<?>> all() {
        return ALL;
    }

    /** The newest registered version of the message called {@code name}. */
    public static Optional<MessageType<?>> byName(String name) {
        return ALL.stream()
                .filter(type -> type.name().equals(name))
                .max(Comparator.comparingInt(MessageType::version));
    }

    /**
     * The message called {@code name} in exactly {@code version}; empty for a version this build does not
     * know, which a consumer dead-letters rather than guessing.
     */
    public static Optional<MessageType<?>> byName(String name, int version) {
        return ALL.stream()
                .filter(type -> type.name().equals(name) && type.version() == version)
                .findFirst();
    }

    /**
     * The newest registered type whose record is {@code type}.
     *
     * @throws IllegalArgumentException if {@code type} is not a registered message record
     */
    @SuppressWarnings("unchecked")
    public static <T extends Message> MessageType<T> of(Class<T> type) {
        return ALL.stream()
                .filter(registered -> registered.javaType().equals(type))
                .max(Comparator.comparingInt(MessageType::version))
                .map(registered -> (MessageType<T>) registered)
                .orElseThrow(() -> new IllegalArgumentException(
                        "not a registered message type: " + (type == null ? "null" : type.getName())
                                + " (add a constant to MessageTypes)"));
    }
}
