package io.sagaplatform.shipping;

import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;

import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.contracts.common.ShippingAddress;
import io.sagaplatform.contracts.common.StockLine;
import io.sagaplatform.contracts.shipping.CancelShipment;
import io.sagaplatform.contracts.shipping.ScheduleShipment;
import io.sagaplatform.contracts.shipping.WithdrawShipment;
import io.sagaplatform.testing.ParticipantProbe;
import io.sagaplatform.testing.TestMessages;

/**
 * Plays the orchestrator towards shipping-service: builds its commands exactly as it publishes them on
 * {@code shipping.commands}, and hands out the checked replies and dead letters of {@link ParticipantProbe}.
 */
public final class ShippingCommands extends ParticipantProbe {

    private static final String STEP = "schedule-shipment";

    public ShippingCommands() {
        super("shipping-service", Topics.SHIPPING_COMMANDS);
    }

    public static ScheduleShipment scheduleTo(UUID orderId, String country, String postalCode, int quantity) {
        return new ScheduleShipment(orderId, new ShippingAddress("Alice", "1 Main St", "Lyon", postalCode, country),
                List.of(new StockLine("SKU-APPLE", quantity), new StockLine("SKU-PEAR", 1)));
    }

    /** To a serviceable address (Lyon, France), 2 apples and a pear. */
    public static ScheduleShipment schedule(UUID orderId) {
        return scheduleTo(orderId, "FR", "69001", 2);
    }

    public static ProducerRecord<String, byte[]> record(ScheduleShipment command, UUID sagaId, String messageId) {
        return TestMessages.saga(Topics.SHIPPING_COMMANDS, MessageTypes.SCHEDULE_SHIPMENT, command, sagaId, STEP, 1,
                messageId);
    }

    public static ProducerRecord<String, byte[]> cancel(UUID orderId, UUID sagaId, String messageId) {
        return TestMessages.saga(Topics.SHIPPING_COMMANDS, MessageTypes.CANCEL_SHIPMENT, new CancelShipment(orderId),
                sagaId, STEP, 1, messageId);
    }

    /** The cancel-order saga's pivot, under that saga's step name. */
    public static ProducerRecord<String, byte[]> withdraw(UUID orderId, UUID sagaId, String messageId) {
        return TestMessages.saga(Topics.SHIPPING_COMMANDS, MessageTypes.WITHDRAW_SHIPMENT, new WithdrawShipment(orderId),
                sagaId, "withdraw-shipment", 1, messageId);
    }
}
