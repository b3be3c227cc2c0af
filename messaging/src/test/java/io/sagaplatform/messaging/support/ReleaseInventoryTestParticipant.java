package io.sagaplatform.messaging.support;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.inventory.InventoryReleased;
import io.sagaplatform.contracts.inventory.ReleaseInventory;
import io.sagaplatform.messaging.participant.CommandTable;
import io.sagaplatform.messaging.participant.Reply;
import io.sagaplatform.messaging.participant.SagaParticipant;

/**
 * A participant written against the handler API: it answers ReleaseInventory with a row in {@code test_effects}
 * (message id {@code release:<order>}) and an InventoryReleased reply, and sees neither envelope nor outbox.
 */
@ApplicationScoped
public class ReleaseInventoryTestParticipant implements SagaParticipant {

    private final EntityManager em;

    ReleaseInventoryTestParticipant(EntityManager em) {
        this.em = em;
    }

    @Override
    public String aggregateType() {
        return "reservation";
    }

    @Override
    public void register(CommandTable commands) {
        commands.on(MessageTypes.RELEASE_INVENTORY, this::release);
    }

    Reply release(ReleaseInventory command) {
        em.createNativeQuery("INSERT INTO test_effects (message_id, order_id) VALUES (?1, ?2)")
                .setParameter(1, "release:" + command.orderId())
                .setParameter(2, command.orderId())
                .executeUpdate();
        return Reply.about(command.orderId(), new InventoryReleased(command.orderId(), false));
    }
}
