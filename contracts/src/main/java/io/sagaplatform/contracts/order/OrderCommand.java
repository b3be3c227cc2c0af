package io.sagaplatform.contracts.order;

import io.sagaplatform.contracts.Message;

import java.util.UUID;

/** Commands the orchestrator sends to order-service on {@code order.commands}, keyed by saga id. */
public sealed interface OrderCommand extends Message permits ApproveOrder, RejectOrder, CancelOrder,
        RefuseCancellation {

    UUID orderId();
}
