package io.sagaplatform.orchestrator.application;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.sagaplatform.orchestrator.engine.SagaStatus;

/**
 * What one transition meant for the saga's metrics, fired with it and observed after commit: the status it
 * left ({@code null} when the saga just started) and entered, and each step whose reply was accepted with the
 * time from sending the command to accepting the reply.
 */
public record SagaProgress(String sagaType, SagaStatus before, SagaStatus after, Instant startedAt, Instant at,
        List<StepLatency> steps) {

    public SagaProgress {
        steps = List.copyOf(steps);
    }

    /** A step's round trip: {@code outcome} is succeeded, failed or compensated. */
    public record StepLatency(String step, String outcome, Duration latency) {
    }
}
