package io.sagaplatform.contracts.shipping;

import java.util.UUID;

/**
 * The order's shipment could not be withdrawn, for {@code reason}; nothing changed. {@code detail} is free text
 * for people and may be null.
 *
 * <p>Sent by shipping-service in reply to {@link WithdrawShipment}; consumed by the orchestrator, which refuses
 * the order's cancellation. Topic {@code saga.replies}, key saga id.
 */
public record ShipmentWithdrawalRefused(UUID orderId, WithdrawalRefusalReason reason, String detail)
        implements ShippingReply {
}
