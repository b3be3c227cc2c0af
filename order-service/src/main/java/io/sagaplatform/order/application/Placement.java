package io.sagaplatform.order.application;

import io.sagaplatform.order.domain.Order;

/** The order a placement produced, and whether it is the replay of an earlier request with the same key. */
public record Placement(Order order, boolean replayed) {
}
