package io.sagaplatform.messaging.support;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import io.sagaplatform.contracts.MessageType;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.inventory.InventoryReserved;
import io.sagaplatform.contracts.inventory.ReserveInventory;
import io.sagaplatform.messaging.outbox.Outbox;
import io.sagaplatform.messaging.dispatch.Envelope;
import io.sagaplatform.messaging.dispatch.MessageHandler;

/**
 * A handler with a visible effect (a row in {@code test_effects}, and a reply when the command belongs to
 * a saga) and one deliberate defect: a line with the
 * SKU {@value #BROKEN_SKU} makes it throw, as a handler bug would.
 */
@ApplicationScoped
public class ReserveInventoryTestHandler implements MessageHandler<ReserveInventory> {

    public static final String BROKEN_SKU = "BROKEN-HANDLER";

    private final EntityManager em;
    private final Outbox outbox;

    ReserveInventoryTestHandler(EntityManager em, Outbox outbox) {
        this.em = em;
        this.outbox = outbox;
    }

    @Override
    public MessageType<ReserveInventory> type() {
        return MessageTypes.RESERVE_INVENTORY;
    }

    @Override
    public void handle(ReserveInventory message, Envelope envelope) {
        if (message.lines().stream().anyMatch(line -> line.sku().equals(BROKEN_SKU))) {
            throw new IllegalStateException("test handler cannot handle " + BROKEN_SKU);
        }
        em.createNativeQuery("INSERT INTO test_effects (message_id, order_id) VALUES (?1, ?2)")
                .setParameter(1, envelope.id())
                .setParameter(2, message.orderId())
                .executeUpdate();
        if (envelope.saga().isPresent()) {
            outbox.append(envelope.reply("order", message.orderId().toString(),
                    new InventoryReserved(message.orderId())));
        }
    }
}
