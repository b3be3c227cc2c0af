package io.sagaplatform.messaging.dispatch;

import java.util.Collection;

import io.sagaplatform.contracts.Message;
import io.sagaplatform.contracts.MessageType;

/**
 * Handles several message types the same way — the orchestrator treats every participant reply alike: it
 * finds the saga and lets the definition decide. Same guarantees as {@link MessageHandler}; a type may
 * have only one handler of either kind.
 */
public interface MultiTypeHandler {

    Collection<MessageType<?>> types();

    void handle(Message message, Envelope envelope);
}
