package io.sagaplatform.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a Quarkus test at the real in-JVM Kafka broker of {@link TestKafka}. The broker is shared by every
 * test of the JVM (it starts once, in about two seconds) and stopped with the JVM.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", TestKafka.bootstrapServers());
    }

    @Override
    public void stop() {
        // shared with the other tests of this JVM; TestKafka stops it when the JVM exits
    }
}
