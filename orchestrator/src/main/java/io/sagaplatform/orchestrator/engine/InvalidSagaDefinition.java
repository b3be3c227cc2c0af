package io.sagaplatform.orchestrator.engine;

import java.util.List;

/** A saga definition broke one or more of the rules checked when it is built; each is listed. */
public class InvalidSagaDefinition extends RuntimeException {

    private final List<String> problems;

    public InvalidSagaDefinition(String saga, List<String> problems) {
        super("Saga definition '" + saga + "' is invalid:\n - " + String.join("\n - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
