package io.sagaplatform.contracts.shipping;

import io.sagaplatform.contracts.Message;

import java.util.UUID;

/** Commands the orchestrator sends to shipping-service on {@code shipping.commands}, keyed by saga id. */
public sealed interface ShippingCommand extends Message permits ScheduleShipment, CancelShipment,
        WithdrawShipment {

    UUID orderId();
}
