package io.sagaplatform.orchestrator.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sagaplatform.messaging.inbox.RetentionJob;
import io.sagaplatform.testing.PostgresTestResource;
import io.sagaplatform.testing.ServiceTestProfile;

/**
 * An operator's replay or discard is remembered 60 days, so that the record it acted on (kept 30 days on its
 * {@code .dlq} topic at most) cannot be acted on twice; then the shared retention job purges it.
 */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class DeadLetterActionRetentionIT {

    @Inject
    RetentionJob retention;

    @Test
    void actionsPastTheirRetentionGoAndYoungerOnesStay() {
        String topic = "retention-" + UUID.randomUUID() + ".dlq";
        act(topic, 0, "61 days");
        act(topic, 1, "59 days");
        act(topic, 2, "0 days");

        RetentionJob.Purged purged = retention.purge();

        assertThat(purged.byRule().get("dead-letter actions")).isGreaterThanOrEqualTo(1);
        assertThat(offsetsLeft(topic)).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM dead_letter_action WHERE dlq_topic = ? AND dlq_offset = 0", topic))
                .isZero();
    }

    private static void act(String topic, long offset, String ago) {
        assertThat(count("WITH acted AS (INSERT INTO dead_letter_action (dlq_topic, dlq_partition, dlq_offset, action,"
                + " original_topic, operator, reason, acted_at) VALUES (?, 0, " + offset + ", 'DISCARDED', 'order.events',"
                + " 'ops', 'stray', now() - interval '" + ago + "') RETURNING 1) SELECT count(*) FROM acted", topic))
                .isEqualTo(1);
    }

    private static long offsetsLeft(String topic) {
        return count("SELECT count(*) FROM dead_letter_action WHERE dlq_topic = ?", topic);
    }

    private static long count(String sql, String topic) {
        return PostgresTestResource.current().count(sql, topic);
    }
}
