package io.sagaplatform.contracts.order;

import io.sagaplatform.contracts.Message;

import java.util.UUID;

/** order-service's replies to {@link OrderCommand}s, on {@code saga.replies}, keyed by saga id. */
public sealed interface OrderReply extends Message permits OrderApproved, OrderRejected, OrderCancelled,
        OrderCancellationRefused {

    UUID orderId();
}
