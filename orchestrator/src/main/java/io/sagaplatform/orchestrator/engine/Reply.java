package io.sagaplatform.orchestrator.engine;

import io.sagaplatform.contracts.Message;
import io.sagaplatform.contracts.MessageType;

/** A participant's reply as the engine sees it: which step and attempt it answers, and what it says. */
public record Reply(String step, int attempt, MessageType<?> type, Message payload, String messageId) {
}
