package io.sagaplatform.orchestrator.engine;

/**
 * What an operator may do with a saga that the engine alone cannot move on ({@link SagaEngine#allowedActions}):
 * each is a transition of its own ({@link SagaEngine#retry}, {@link SagaEngine#forceCompensation},
 * {@link SagaEngine#abort}).
 */
public enum OperatorAction {

    /** Send again what a FAILED saga waits for, under new message ids. */
    RETRY("retry"),

    /** Give up going forward and undo what was done; refused at and after the pivot. */
    COMPENSATE("compensate"),

    /** Stop the saga where it is, sending nothing more. */
    ABORT("abort");

    private final String apiName;

    OperatorAction(String apiName) {
        this.apiName = apiName;
    }

    /** Its name in the dashboard API ({@code POST /sagas/{id}/<name>}, {@code allowedActions}). */
    public String apiName() {
        return apiName;
    }
}
