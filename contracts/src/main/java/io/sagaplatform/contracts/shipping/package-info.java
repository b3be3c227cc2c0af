/**
 * Messages of the shipping context. The orchestrator asks shipping-service to schedule a shipment for
 * the order (and, when compensating, to cancel it) on {@code shipping.commands}; shipping-service
 * replies on {@code saga.replies}. When an APPROVED order is cancelled, the cancel-order saga asks to withdraw
 * the shipment, which is refused once it was dispatched.
 */
package io.sagaplatform.contracts.shipping;
