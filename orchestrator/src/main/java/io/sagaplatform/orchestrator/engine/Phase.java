package io.sagaplatform.orchestrator.engine;

/** Whether the current step is being executed or compensated. */
public enum Phase {
    FORWARD, COMPENSATION
}
