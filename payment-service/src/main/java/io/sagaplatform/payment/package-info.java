/**
 * The payment service: customers with credit lines. It authorizes (holds) an order's amount against the
 * customer's credit, voids that hold when the saga compensates, and captures it once the shipment is
 * scheduled — each on the orchestrator's command from {@code payment.commands}, replying on
 * {@code saga.replies} through its outbox.
 */
package io.sagaplatform.payment;
