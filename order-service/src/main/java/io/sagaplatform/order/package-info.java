/**
 * The order service: takes orders over REST, keeps the order aggregate, announces each new order with
 * {@code OrderPlaced} through its outbox, and applies the saga's final decision ({@code ApproveOrder} /
 * {@code RejectOrder}), replying on {@code saga.replies}.
 */
package io.sagaplatform.order;
