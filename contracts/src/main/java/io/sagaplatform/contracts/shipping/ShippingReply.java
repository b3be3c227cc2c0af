package io.sagaplatform.contracts.shipping;

import io.sagaplatform.contracts.Message;

import java.util.UUID;

/** shipping-service's replies to {@link ShippingCommand}s, on {@code saga.replies}, keyed by saga id. */
public sealed interface ShippingReply extends Message
        permits ShipmentScheduled, ShipmentSchedulingFailed, ShipmentCancelled, ShipmentWithdrawn,
        ShipmentWithdrawalRefused {

    UUID orderId();
}
