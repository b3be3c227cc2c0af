package io.sagaplatform.messaging.support;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.sagaplatform.messaging.inbox.RetentionRule;

/** The test service's own table under the retention job, as a service's rule would put it. */
@ApplicationScoped
public class TestEffectsRetention implements RetentionRule {

    public static final String NAME = "test effects";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Duration retention() {
        return Duration.ofDays(30);
    }

    @Override
    public String deleteOlderThan() {
        return "DELETE FROM test_effects WHERE applied_at < ?1";
    }
}
