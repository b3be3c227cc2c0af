package io.sagaplatform.orchestrator.engine;

/**
 * A command the engine decided to send, with the step, attempt and message id it travels under.
 * {@code compensation} tells a compensating command from a forward one.
 */
public record CommandToSend(String step, int attempt, boolean compensation, String messageId, Command command) {
}
