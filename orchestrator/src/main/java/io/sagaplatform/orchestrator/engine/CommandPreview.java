package io.sagaplatform.orchestrator.engine;

/**
 * A command an operator action would send, shown to the operator before they confirm it: the step, the
 * wire type of the command (null when the definition cannot build it from the saga's data yet), and whether
 * it undoes the step.
 */
public record CommandPreview(String step, String messageType, boolean compensation) {
}
