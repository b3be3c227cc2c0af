package io.sagaplatform.testing;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The profile of a service's component tests: a fresh database on the local PostgreSQL and the in-JVM
 * Kafka broker, trusting the bearer tokens of {@link Tokens}. Test classes with this profile share one
 * application start.
 */
public class ServiceTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Tokens.verificationConfig();
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PostgresTestResource.class),
                new TestResourceEntry(KafkaTestResource.class));
    }
}
