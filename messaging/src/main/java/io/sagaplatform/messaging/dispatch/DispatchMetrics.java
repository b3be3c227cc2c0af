package io.sagaplatform.messaging.dispatch;

import java.time.Duration;
import java.util.function.DoubleSupplier;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The inbound side's meters. The {@code type} tag is a type this consumer handles, or {@value #UNKNOWN} for a
 * record whose type it does not know or could not read — never the free text of a header, which anyone who
 * can write to the topic controls.
 * <ul>
 * <li>{@code saga.dispatch.messages} (counter, {@code type}, {@code outcome} = APPLIED / DUPLICATE /
 * DEAD_LETTERED);</li>
 * <li>{@code saga.dispatch.duration} (timer with histogram, same tags): from reading the record to its
 * outcome, retries included;</li>
 * <li>{@code saga.dispatch.batch} (distribution, {@code result} = committed / rolled-back): records applied
 * together in one transaction; rolled-back batches were then applied record by record;</li>
 * <li>{@code saga.dispatch.retrying} (gauge, seconds): how long the oldest record still being retried after a
 * failure has waited — a database outage or a lock held elsewhere shows here while the consumer waits it out
 * (0 when nothing waits);</li>
 * <li>{@code saga.dlq.messages} (counter, {@code topic} = the original topic, {@code reason} =
 * {@link DeadLetterReason#tag()}).</li>
 * </ul>
 */
@Singleton
public class DispatchMetrics {

    static final String MESSAGES = "saga.dispatch.messages";
    static final String DURATION = "saga.dispatch.duration";
    static final String BATCH = "saga.dispatch.batch";
    static final String DEAD_LETTERS = "saga.dlq.messages";
    static final String UNKNOWN = "unknown";

    private final MeterRegistry registry;

    DispatchMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void handled(String type, MessageDispatcher.Outcome outcome, Duration took) {
        Counter.builder(MESSAGES)
                .description("Inbound records by type and what became of them")
                .tag("type", type)
                .tag("outcome", outcome.name())
                .register(registry)
                .increment();
        Timer.builder(DURATION)
                .description("Time from reading an inbound record to its outcome, retries included")
                .tag("type", type)
                .tag("outcome", outcome.name())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry)
                .record(took);
    }

    void retrying(DoubleSupplier oldestSeconds) {
        Gauge.builder("saga.dispatch.retrying", oldestSeconds::getAsDouble)
                .description("Seconds the oldest inbound record still being retried after a failure has waited")
                .baseUnit("seconds")
                .register(registry);
    }

    void batchApplied(int records) {
        batch("committed", records);
    }

    void batchFellBack(int records) {
        batch("rolled-back", records);
    }

    private void batch(String result, int records) {
        DistributionSummary.builder(BATCH)
                .description("Inbound records applied together in one transaction")
                .baseUnit("records")
                .tag("result", result)
                .register(registry)
                .record(records);
    }

    void deadLettered(String originalTopic, DeadLetterReason reason) {
        Counter.builder(DEAD_LETTERS)
                .description("Records moved to <topic>.dlq, by original topic and reason class")
                .tag("topic", originalTopic)
                .tag("reason", reason.tag())
                .register(registry)
                .increment();
    }
}
