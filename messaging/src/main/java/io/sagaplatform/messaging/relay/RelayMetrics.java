package io.sagaplatform.messaging.relay;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The relay's meters. Tags are bounded: the topic (the platform's fixed set), the relay state and the slot
 * name (one per service) — never a message or saga id.
 * <ul>
 * <li>{@code saga.relay.published} (counter, {@code topic}): records the broker acknowledged;</li>
 * <li>{@code saga.relay.publish.failures} (counter): batches that could not be published, each followed by a
 * restart of the engine;</li>
 * <li>{@code saga.relay.restarts} (counter): engine restarts for any reason (failure, lost connection,
 * standing by for another replica);</li>
 * <li>{@code saga.relay.state} (gauge, {@code state}): 1 for the state the relay is in, 0 for the others;</li>
 * <li>{@code saga.relay.lag} (timer with histogram, {@code topic}): broker acknowledgement − outbox
 * {@code created_at}, i.e. how long a committed message waited to be on Kafka;</li>
 * <li>{@code saga.relay.slot.lag} (gauge, bytes, {@code slot}): WAL the server retains for the relay's slot,
 * as the relay last read it; NaN when unknown.</li>
 * </ul>
 */
@Singleton
public class RelayMetrics {

    static final String PUBLISHED = "saga.relay.published";
    static final String FAILURES = "saga.relay.publish.failures";
    static final String RESTARTS = "saga.relay.restarts";
    static final String STATE = "saga.relay.state";
    static final String LAG = "saga.relay.lag";
    static final String SLOT_LAG = "saga.relay.slot.lag";

    private final MeterRegistry registry;
    private final Counter failures;
    private final Counter restarts;

    RelayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.failures = Counter.builder(FAILURES)
                .description("Outbox batches the relay could not publish (each restarts the engine)")
                .register(registry);
        this.restarts = Counter.builder(RESTARTS)
                .description("Restarts of the relay's Debezium engine")
                .register(registry);
    }

    /** Registers the gauges that read the relay's live state and its slot position. */
    void watch(Supplier<RelayState> state, String slotName, Supplier<SlotPosition> slot) {
        for (RelayState each : RelayState.values()) {
            Gauge.builder(STATE, state, current -> current.get() == each ? 1 : 0)
                    .description("1 for the state the outbox relay is in, 0 for the others")
                    .tag("state", each.name())
                    .strongReference(true) // the supplier is a lambda nobody else holds
                    .register(registry);
        }
        ToDoubleFunction<Supplier<SlotPosition>> lag = position -> {
            var bytes = position.get().lagBytes();
            return bytes.isPresent() ? bytes.getAsLong() : Double.NaN;
        };
        Gauge.builder(SLOT_LAG, slot, lag)
                .description("WAL retained for the relay's replication slot (current WAL − confirmed flush)")
                .baseUnit("bytes")
                .tag("slot", slotName)
                .strongReference(true)
                .register(registry);
    }

    void published(List<Publication> publications) {
        for (Publication publication : publications) {
            Counter.builder(PUBLISHED)
                    .description("Outbox records acknowledged by the broker")
                    .tag("topic", publication.topic())
                    .register(registry)
                    .increment();
            publication.createdAt().ifPresent(created -> lagTimer(publication.topic())
                    .record(Duration.between(created, publication.ackedAt()).isNegative() ? Duration.ZERO
                            : Duration.between(created, publication.ackedAt())));
        }
    }

    void publishFailed() {
        failures.increment();
    }

    void restarted() {
        restarts.increment();
    }

    private Timer lagTimer(String topic) {
        return Timer.builder(LAG)
                .description("Outbox created_at to broker acknowledgement")
                .tag("topic", topic)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry);
    }
}
