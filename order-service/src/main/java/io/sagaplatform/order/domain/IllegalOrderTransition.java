package io.sagaplatform.order.domain;

import java.util.UUID;

/** An order was asked to move to a state its current state does not lead to. */
public class IllegalOrderTransition extends RuntimeException {

    public IllegalOrderTransition(UUID orderId, OrderStatus from, OrderStatus to) {
        super("Order " + orderId + " is " + from + " and cannot become " + to);
    }
}
