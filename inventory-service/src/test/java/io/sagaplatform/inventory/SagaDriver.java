package io.sagaplatform.inventory;

import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;

import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.contracts.common.StockLine;
import io.sagaplatform.contracts.inventory.ReleaseInventory;
import io.sagaplatform.contracts.inventory.ReserveInventory;
import io.sagaplatform.contracts.inventory.RestockInventory;
import io.sagaplatform.testing.ParticipantProbe;
import io.sagaplatform.testing.TestMessages;

/**
 * Plays the orchestrator towards inventory-service: sends inventory commands exactly as it publishes them and
 * hands out the checked replies and dead letters of {@link ParticipantProbe}.
 */
public final class SagaDriver extends ParticipantProbe {

    private static final String RESERVE_STEP = "reserve-inventory";
    private static final String RELEASE_STEP = "release-inventory";
    /** Releases go out as a retried attempt, so that a reply cannot pass the header checks with a fixed 1. */
    private static final int RELEASE_ATTEMPT = 2;

    public SagaDriver() {
        super("inventory-service", Topics.INVENTORY_COMMANDS);
    }

    public static ProducerRecord<String, byte[]> reserveRecord(UUID sagaId, UUID orderId, String messageId,
            StockLine... lines) {
        return TestMessages.saga(Topics.INVENTORY_COMMANDS, MessageTypes.RESERVE_INVENTORY,
                new ReserveInventory(orderId, List.of(lines)), sagaId, RESERVE_STEP, 1, messageId);
    }

    /** Sends a reservation under a new message id and returns it. */
    public static ProducerRecord<String, byte[]> reserve(UUID sagaId, UUID orderId, StockLine... lines) {
        return send(reserveRecord(sagaId, orderId, TestMessages.newId(), lines));
    }

    /** Sends a release under a new message id and returns it. */
    public static ProducerRecord<String, byte[]> release(UUID sagaId, UUID orderId) {
        return send(TestMessages.saga(Topics.INVENTORY_COMMANDS, MessageTypes.RELEASE_INVENTORY,
                new ReleaseInventory(orderId), sagaId, RELEASE_STEP, RELEASE_ATTEMPT, TestMessages.newId()));
    }

    /** Sends the cancel-order saga's restock under a new message id and returns it. */
    public static ProducerRecord<String, byte[]> restock(UUID sagaId, UUID orderId) {
        return send(TestMessages.saga(Topics.INVENTORY_COMMANDS, MessageTypes.RESTOCK_INVENTORY,
                new RestockInventory(orderId), sagaId, "restock-inventory", 1, TestMessages.newId()));
    }

    public static StockLine line(String sku, int quantity) {
        return new StockLine(sku, quantity);
    }
}
