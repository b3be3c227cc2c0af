/**
 * Messages of the order context. order-service publishes {@link io.sagaplatform.contracts.order.OrderPlaced}
 * on {@code order.events}, which starts a place-order saga; at the end of the saga the orchestrator
 * tells order-service to approve or reject the order on {@code order.commands}, and order-service
 * replies on {@code saga.replies}. An APPROVED order's cancellation is asked for with
 * {@link io.sagaplatform.contracts.order.OrderCancellationRequested} on {@code order.events}, which starts a
 * cancel-order saga; it ends with {@code CancelOrder} or, when the shipment already left,
 * {@code RefuseCancellation}.
 */
package io.sagaplatform.contracts.order;
