package io.sagaplatform.contracts;

import io.sagaplatform.contracts.common.OrderLine;
import io.sagaplatform.contracts.common.ShippingAddress;
import io.sagaplatform.contracts.common.StockLine;
import io.sagaplatform.contracts.inventory.InventoryFailureReason;
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
import io.sagaplatform.contracts.payment.PaymentDeclineReason;
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
import io.sagaplatform.contracts.shipping.WithdrawalRefusalReason;
import io.sagaplatform.contracts.shipping.ShippingFailureReason;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One fixed example instance per registered message type: the values the golden files under
 * {@code src/test/resources/golden} were written from.
 */
final class Examples {

    static final UUID ORDER_ID = UUID.fromString("3f2b8c1e-6a4d-4e2b-9c7a-1d5e8f0a2b3c");
    static final UUID SAGA_ID = UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7");
    static final UUID AUTHORIZATION_ID = UUID.fromString("1b4e28ba-2fa1-41d2-883f-0016d3cca427");
    static final UUID SHIPMENT_ID = UUID.fromString("6fa459ea-ee8a-4ca4-894e-db77e160355e");
    static final String CUSTOMER = "customer-42";
    static final String SAGA_TYPE = "place-order";
    static final String DECLINED = "payment declined: INSUFFICIENT_CREDIT";
    static final String DISPATCHED = "shipment withdrawal refused: ALREADY_DISPATCHED";
    static final BigDecimal TOTAL = new BigDecimal("59.90");
    static final ShippingAddress ADDRESS =
            new ShippingAddress("Ada Lovelace", "12 Analytical Lane", "Berlin", "10115", "DE");
    static final List<StockLine> STOCK_LINES =
            List.of(new StockLine("SKU-APPLE", 3), new StockLine("SKU-PEAR", 1));
    static final Instant FINISHED_AT = Instant.parse("2025-03-14T09:26:56.250Z");

    private static final Map<MessageType<?>, Message> BY_TYPE = build();

    private Examples() {
    }

    static Map<MessageType<?>, Message> all() {
        return BY_TYPE;
    }

    /** The example for {@code type}; fails the test if there is none. */
    @SuppressWarnings("unchecked")
    static <T extends Message> T of(MessageType<T> type) {
        Message example = BY_TYPE.get(type);
        if (example == null) {
            throw new AssertionError("no example for " + type + ": add one to Examples");
        }
        return (T) example;
    }

    private static Map<MessageType<?>, Message> build() {
        Map<MessageType<?>, Message> m = new LinkedHashMap<>();
        m.put(MessageTypes.ORDER_PLACED, new OrderPlaced(ORDER_ID, CUSTOMER,
                List.of(new OrderLine("SKU-APPLE", 3, new BigDecimal("1.20")),
                        new OrderLine("SKU-PEAR", 1, new BigDecimal("56.30"))),
                TOTAL, "EUR", ADDRESS, Instant.parse("2025-03-14T09:26:53Z")));
        m.put(MessageTypes.APPROVE_ORDER, new ApproveOrder(ORDER_ID));
        m.put(MessageTypes.REJECT_ORDER, new RejectOrder(ORDER_ID, DECLINED));
        m.put(MessageTypes.ORDER_APPROVED, new OrderApproved(ORDER_ID));
        m.put(MessageTypes.ORDER_REJECTED, new OrderRejected(ORDER_ID, DECLINED));
        m.put(MessageTypes.ORDER_CANCELLATION_REQUESTED, new OrderCancellationRequested(ORDER_ID, CUSTOMER, CUSTOMER,
                "ordered the wrong size", Instant.parse("2025-03-15T10:00:00Z")));
        m.put(MessageTypes.CANCEL_ORDER, new CancelOrder(ORDER_ID));
        m.put(MessageTypes.REFUSE_CANCELLATION, new RefuseCancellation(ORDER_ID, DISPATCHED));
        m.put(MessageTypes.ORDER_CANCELLED, new OrderCancelled(ORDER_ID));
        m.put(MessageTypes.ORDER_CANCELLATION_REFUSED, new OrderCancellationRefused(ORDER_ID, DISPATCHED));

        m.put(MessageTypes.RESERVE_INVENTORY, new ReserveInventory(ORDER_ID, STOCK_LINES));
        m.put(MessageTypes.RELEASE_INVENTORY, new ReleaseInventory(ORDER_ID));
        m.put(MessageTypes.INVENTORY_RESERVED, new InventoryReserved(ORDER_ID));
        m.put(MessageTypes.INVENTORY_RESERVATION_FAILED, new InventoryReservationFailed(ORDER_ID,
                InventoryFailureReason.OUT_OF_STOCK, "SKU-PEAR: requested 1, available 0"));
        m.put(MessageTypes.INVENTORY_RELEASED, new InventoryReleased(ORDER_ID, false));
        m.put(MessageTypes.RESTOCK_INVENTORY, new RestockInventory(ORDER_ID));
        m.put(MessageTypes.INVENTORY_RESTOCKED, new InventoryRestocked(ORDER_ID));

        m.put(MessageTypes.AUTHORIZE_PAYMENT, new AuthorizePayment(ORDER_ID, CUSTOMER, TOTAL, "EUR"));
        m.put(MessageTypes.VOID_PAYMENT_AUTHORIZATION, new VoidPaymentAuthorization(ORDER_ID));
        m.put(MessageTypes.CAPTURE_PAYMENT, new CapturePayment(ORDER_ID));
        m.put(MessageTypes.PAYMENT_AUTHORIZED, new PaymentAuthorized(ORDER_ID, AUTHORIZATION_ID));
        m.put(MessageTypes.PAYMENT_DECLINED, new PaymentDeclined(ORDER_ID,
                PaymentDeclineReason.INSUFFICIENT_CREDIT, "credit left 20.00 EUR, requested 59.90 EUR"));
        m.put(MessageTypes.PAYMENT_AUTHORIZATION_VOIDED, new PaymentAuthorizationVoided(ORDER_ID, true));
        m.put(MessageTypes.PAYMENT_CAPTURED, new PaymentCaptured(ORDER_ID));
        m.put(MessageTypes.REFUND_PAYMENT, new RefundPayment(ORDER_ID));
        m.put(MessageTypes.PAYMENT_REFUNDED, new PaymentRefunded(ORDER_ID, TOTAL, "EUR"));

        m.put(MessageTypes.SCHEDULE_SHIPMENT, new ScheduleShipment(ORDER_ID, ADDRESS, STOCK_LINES));
        m.put(MessageTypes.CANCEL_SHIPMENT, new CancelShipment(ORDER_ID));
        m.put(MessageTypes.SHIPMENT_SCHEDULED, new ShipmentScheduled(ORDER_ID, SHIPMENT_ID));
        m.put(MessageTypes.SHIPMENT_SCHEDULING_FAILED, new ShipmentSchedulingFailed(ORDER_ID,
                ShippingFailureReason.UNSERVICEABLE_DESTINATION, "no carrier delivers to AQ"));
        m.put(MessageTypes.SHIPMENT_CANCELLED, new ShipmentCancelled(ORDER_ID, false));
        m.put(MessageTypes.WITHDRAW_SHIPMENT, new WithdrawShipment(ORDER_ID));
        m.put(MessageTypes.SHIPMENT_WITHDRAWN, new ShipmentWithdrawn(ORDER_ID));
        m.put(MessageTypes.SHIPMENT_WITHDRAWAL_REFUSED, new ShipmentWithdrawalRefused(ORDER_ID,
                WithdrawalRefusalReason.ALREADY_DISPATCHED, "shipment 6fa459ea-ee8a-4ca4-894e-db77e160355e left the"
                        + " warehouse at 2025-03-15T08:12:00Z"));

        m.put(MessageTypes.SAGA_STARTED,
                new SagaStarted(SAGA_ID, SAGA_TYPE, ORDER_ID, Instant.parse("2025-03-14T09:26:54Z")));
        m.put(MessageTypes.SAGA_COMPLETED, new SagaCompleted(SAGA_ID, SAGA_TYPE, ORDER_ID, FINISHED_AT));
        m.put(MessageTypes.SAGA_COMPENSATED,
                new SagaCompensated(SAGA_ID, SAGA_TYPE, ORDER_ID, DECLINED, FINISHED_AT));
        m.put(MessageTypes.SAGA_FAILED, new SagaFailed(SAGA_ID, SAGA_TYPE, ORDER_ID,
                "shipping.CancelShipment timed out after 5 attempts", Instant.parse("2025-03-14T09:31:02Z")));
        return Collections.unmodifiableMap(m);
    }
}
