package io.sagaplatform.orchestrator.persistence;

import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.sagaplatform.orchestrator.engine.StepState;

/**
 * The stored form of a {@link StepState}: plain values, so the JSON column reads the same whatever the mapper.
 * {@code deadLettered} is absent from steps stored before it existed, which reads as false.
 */
record StoredStep(String step, String status, int attempt, boolean awaitingRetry, String wakeAt, String sentAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean deadLettered) {

    static StoredStep of(StepState step) {
        return new StoredStep(step.step(), step.status().name(), step.attempt(), step.awaitingRetry(),
                step.wakeAt().map(Instant::toString).orElse(null), step.sentAt().toString(),
                step.deadLettered() ? Boolean.TRUE : null);
    }

    StepState toState() {
        return new StepState(step, StepState.Status.valueOf(status), attempt, awaitingRetry,
                Optional.ofNullable(wakeAt).map(Instant::parse), Instant.parse(sentAt), Boolean.TRUE.equals(deadLettered));
    }
}
