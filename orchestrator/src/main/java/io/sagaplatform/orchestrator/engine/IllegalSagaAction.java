package io.sagaplatform.orchestrator.engine;

/** An operator action the saga's current state does not allow (the API answers 409). */
public class IllegalSagaAction extends RuntimeException {

    public IllegalSagaAction(String message) {
        super(message);
    }
}
