package io.sagaplatform.order.domain;

import java.util.UUID;

/** An order was asked to move to a state its current state does not lead to. */
public class IllegalOrderTransition extends RuntimeException {

    private final OrderStatus from;

    public IllegalOrderTransition(UUID orderId, OrderStatus from, OrderStatus to) {
        super("Order " + orderId + " is " + from + " and cannot become " + to);
        this.from = from;
    }

    /** The state the order was in, which did not allow the transition. */
    public OrderStatus from() {
        return from;
    }
}
