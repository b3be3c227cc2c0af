package io.sagaplatform.messaging.support;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.sagaplatform.messaging.inbox.RetentionRule;

/** The test service's own table under the retention job, as a service's rule would put it. */
@ApplicationScoped
public class TestEffectsRetention {

    public static final String NAME = "test effects";

    @Produces
    @Singleton // a record is final: no client proxy, so no normal scope
    RetentionRule testEffects() {
        return new RetentionRule(NAME, Duration.ofDays(30), "DELETE FROM test_effects WHERE applied_at < ?1");
    }
}
