package io.sagaplatform.contracts.order;

import io.sagaplatform.contracts.Message;

import java.util.UUID;

/** Events order-service publishes on {@code order.events}, keyed by order id. */
public sealed interface OrderEvent extends Message permits OrderPlaced, OrderCancellationRequested {

    UUID orderId();
}
