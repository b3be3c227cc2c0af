package io.sagaplatform.contracts.shipping;

import io.sagaplatform.contracts.common.ShippingAddress;
import io.sagaplatform.contracts.common.StockLine;

import java.util.List;
import java.util.UUID;

/**
 * Schedule the shipment of the order's lines to {@code address}.
 *
 * <p>Sent by the orchestrator once payment is authorized; consumed by shipping-service, which replies
 * {@link ShipmentScheduled} or {@link ShipmentSchedulingFailed}. Topic {@code shipping.commands},
 * key saga id.
 */
public record ScheduleShipment(UUID orderId, ShippingAddress address, List<StockLine> lines)
        implements ShippingCommand {
}
