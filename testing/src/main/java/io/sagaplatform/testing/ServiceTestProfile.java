package io.sagaplatform.testing;

import java.util.List;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The profile of a service's component tests: a fresh database on the local PostgreSQL and the in-JVM
 * Kafka broker. Test classes with this profile share one application start.
 */
public class ServiceTestProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PostgresTestResource.class),
                new TestResourceEntry(KafkaTestResource.class));
    }
}
