package io.sagaplatform.orchestrator.engine;

/**
 * How a step takes part in the saga's all-or-nothing outcome.
 * <ul>
 * <li>{@link #COMPENSATABLE}: may fail; undone by its compensation when a later step fails. All come first.</li>
 * <li>{@link #PIVOT}: the go/no-go step. If it fails, the compensatable steps are undone; once it succeeded
 * the saga only moves forward. At most one.</li>
 * <li>{@link #RETRIABLE}: after the pivot; cannot fail by business rules, is retried until it succeeds.</li>
 * </ul>
 */
public enum StepKind {
    COMPENSATABLE, PIVOT, RETRIABLE
}
