package io.sagaplatform.messaging.support;

import java.util.List;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.sagaplatform.testing.KafkaTestResource;
import io.sagaplatform.testing.PostgresTestResource;

/** Every messaging component test shares one application, one fresh database and the in-JVM broker. */
public class MessagingTestProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PostgresTestResource.class), new TestResourceEntry(KafkaTestResource.class));
    }
}
