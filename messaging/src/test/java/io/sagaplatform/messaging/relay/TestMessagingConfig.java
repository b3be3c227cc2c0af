package io.sagaplatform.messaging.relay;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.runtime.configuration.DurationConverter;
import io.sagaplatform.messaging.MessagingConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/** {@link MessagingConfig} as a service gets it — its documented defaults — plus what a unit test sets. */
final class TestMessagingConfig {

    private TestMessagingConfig() {
    }

    static MessagingConfig with(Map<String, String> settings) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "quarkus.application.name", "relay-unit-test",
                "saga.messaging.inbound-topics", "relay.unit.test"));
        properties.putAll(settings);
        return new SmallRyeConfigBuilder()
                .withMapping(MessagingConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter()) // "50ms", as Quarkus reads it
                .withSources(new PropertiesConfigSource(properties, "unit-test", 500))
                .build()
                .getConfigMapping(MessagingConfig.class);
    }
}
