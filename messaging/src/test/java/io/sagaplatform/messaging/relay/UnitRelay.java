package io.sagaplatform.messaging.relay;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sagaplatform.messaging.MessagingConfig;
import io.sagaplatform.messaging.PlatformProducer;
import io.sagaplatform.messaging.PlatformProducers;
import io.sagaplatform.messaging.tracing.MessageTracing;

/**
 * A relay of its own over a data source the test scripts, without PostgreSQL or Kafka: enough to show how it
 * supervises and reports what happens before an engine could stream. Short back-offs, so that restarts are quick.
 */
final class UnitRelay implements AutoCloseable {

    static final MessagingConfig CONFIG = TestMessagingConfig.with(Map.of(
            "saga.messaging.relay.restart-backoff", "10ms",
            "saga.messaging.relay.restart-backoff-max", "50ms"));

    final OutboxRelay relay;
    private final PlatformProducer producer;

    UnitRelay(DataSource dataSource) {
        producer = PlatformProducers.unconnected(CONFIG);
        relay = new OutboxRelay(CONFIG, producer, dataSource, Clock.systemUTC(),
                "jdbc:postgresql://localhost:5432/relay_unit", "relay", "secret",
                new RelayMetrics(new SimpleMeterRegistry()), MessageTracing.passThrough(), List.of());
    }

    RelayHealthCheck readiness() {
        return new RelayHealthCheck(relay, CONFIG);
    }

    @Override
    public void close() {
        relay.stop();
        PlatformProducers.close(producer);
    }
}
