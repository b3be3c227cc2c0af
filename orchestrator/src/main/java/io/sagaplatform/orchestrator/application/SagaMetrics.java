package io.sagaplatform.orchestrator.application;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sagaplatform.orchestrator.engine.SagaStatus;

/**
 * Saga meters, counted only once the transition committed (a rolled-back reply counts nothing; its redelivery
 * counts once). Tags: {@code type} (the saga definition), {@code outcome}, {@code step} — never an id.
 * <ul>
 * <li>{@code saga.started}, {@code saga.completed}, {@code saga.compensated}, {@code saga.failed},
 * {@code saga.aborted} (counters, {@code type}): transitions into that status; a FAILED saga an operator
 * retries and that then completes counts once as failed and once as completed;</li>
 * <li>{@code saga.duration} (timer with histogram, {@code type}, {@code outcome} = completed / compensated /
 * failed / aborted): start to the status that ended its run;</li>
 * <li>{@code saga.step.latency} (timer with histogram, {@code type}, {@code step}, {@code outcome} = succeeded /
 * failed / compensated): command sent (its last send) to reply accepted;</li>
 * <li>{@code saga.in.flight} (gauge, {@code type}, {@code status}): see {@link InFlightSagas}.</li>
 * </ul>
 */
@ApplicationScoped
public class SagaMetrics {

    private static final Map<SagaStatus, String> COUNTERS = new EnumMap<>(Map.of(
            SagaStatus.COMPLETED, "saga.completed",
            SagaStatus.COMPENSATED, "saga.compensated",
            SagaStatus.FAILED, "saga.failed",
            SagaStatus.ABORTED, "saga.aborted"));

    private final MeterRegistry registry;

    SagaMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void onCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) SagaProgress progress) {
        if (progress.before() == null) {
            counter("saga.started", progress.sagaType()).increment();
        }
        boolean ended = progress.before() == null || progress.before().isActive();
        if (progress.after() != progress.before() && !progress.after().isActive() && ended) {
            counter(COUNTERS.get(progress.after()), progress.sagaType()).increment();
            Timer.builder("saga.duration")
                    .description("Saga start to the status that ended its run")
                    .tag("type", progress.sagaType())
                    .tag("outcome", progress.after().name().toLowerCase(Locale.ROOT))
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(10))
                    .maximumExpectedValue(Duration.ofMinutes(30))
                    .register(registry)
                    .record(nonNegative(Duration.between(progress.startedAt(), progress.at())));
        }
        for (SagaProgress.StepLatency step : progress.steps()) {
            Timer.builder("saga.step.latency")
                    .description("Command sent to its reply accepted, per saga step")
                    .tag("type", progress.sagaType())
                    .tag("step", step.step())
                    .tag("outcome", step.outcome())
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofMinutes(5))
                    .register(registry)
                    .record(nonNegative(step.latency()));
        }
    }

    /** Registers the counters of a saga type at zero, so that a dashboard shows 0 rather than no data. */
    void registerType(String sagaType) {
        counter("saga.started", sagaType);
        for (String name : List.copyOf(COUNTERS.values())) {
            counter(name, sagaType);
        }
    }

    private Counter counter(String name, String sagaType) {
        return Counter.builder(name)
                .description("Sagas that reached this point, by saga type")
                .tag("type", sagaType)
                .register(registry);
    }

    private static Duration nonNegative(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }
}
