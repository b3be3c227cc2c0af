package io.sagaplatform.contracts.order;

import java.time.Instant;
import java.util.UUID;

/**
 * A customer (their own order) or an operator asked to cancel an APPROVED order; the order is CANCELLING until
 * its cancel-order saga cancels it or refuses the cancellation.
 *
 * <p>Sent by order-service through its outbox in the transaction that accepts the request; consumed by the
 * orchestrator, which starts a cancel-order saga for it. Topic {@code order.events}, key order id.
 * {@code requestedBy} is the requester's token subject (the customer id, or the operator's name);
 * {@code reason} is what the requester said, and may be null.
 */
public record OrderCancellationRequested(
        UUID orderId,
        String customerId,
        String requestedBy,
        String reason,
        Instant requestedAt) implements OrderEvent {
}
