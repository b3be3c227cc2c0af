package io.sagaplatform.contracts.shipping;

import java.util.UUID;

/**
 * Withdraw the order's shipment: the customer or an operator cancels the order, and it must not leave the
 * warehouse.
 *
 * <p>Unlike the compensation {@link CancelShipment}, which must always succeed, a withdrawal can be refused: once
 * the shipment is dispatched the goods are gone. Sent by the orchestrator as the pivot of the cancel-order saga;
 * consumed by shipping-service, which replies {@link ShipmentWithdrawn} or {@link ShipmentWithdrawalRefused}.
 * Topic {@code shipping.commands}, key saga id.
 */
public record WithdrawShipment(UUID orderId) implements ShippingCommand {
}
