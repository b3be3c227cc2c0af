package io.sagaplatform.messaging.dispatch;

import io.sagaplatform.contracts.Message;
import io.sagaplatform.contracts.MessageType;

/**
 * Handles one message type. Implementations are CDI beans; the dispatcher finds them by {@link #type()}
 * (one handler per type per service, checked at start-up) and calls {@link #handle} inside the transaction
 * that also records the message in the inbox, so the effect happens at most once.
 *
 * <p>Business outcomes (declined, out of stock…) are replies written to the outbox, not exceptions. An
 * exception means the message could not be applied: a transient one is retried, any other is retried a
 * few times and then dead-lettered.
 */
public interface MessageHandler<T extends Message> {

    MessageType<T> type();

    void handle(T message, Envelope envelope);
}
