/**
 * Messages of the payment context. The orchestrator asks payment-service to authorize the order's
 * amount, to void that authorization when compensating, and to capture it once the shipment is
 * scheduled — and, when an APPROVED order is cancelled, to refund the captured amount — on
 * {@code payment.commands}; payment-service replies on {@code saga.replies}. Money is exact:
 * {@link java.math.BigDecimal} in Java, a JSON number with at most two decimals on the wire.
 */
package io.sagaplatform.contracts.payment;
