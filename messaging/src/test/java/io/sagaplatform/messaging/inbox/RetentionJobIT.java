package io.sagaplatform.messaging.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sagaplatform.testing.ServiceTestProfile;
import io.sagaplatform.messaging.support.TestEffectsRetention;
import io.sagaplatform.messaging.support.TestOutboxWriter;

@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class RetentionJobIT {

    @Inject
    RetentionJob retention;

    @Inject
    TestOutboxWriter db;

    @Test
    void purgesInboxIdsPastTheirRetentionAndKeepsRecentOnes() {
        String old = "old-" + UUID.randomUUID();
        String recent = "recent-" + UUID.randomUUID();
        db.execute("INSERT INTO inbox (consumer, message_id, received_at) VALUES ('c', ?1, ?2)", old,
                Instant.now().minus(8, ChronoUnit.DAYS));
        db.execute("INSERT INTO inbox (consumer, message_id, received_at) VALUES ('c', ?1, ?2)", recent,
                Instant.now().minus(6, ChronoUnit.DAYS));

        RetentionJob.Purged purged = retention.purge();

        assertThat(purged.inboxRows()).isGreaterThanOrEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM inbox WHERE message_id = ?1", old)).isZero();
        assertThat(db.count("SELECT count(*) FROM inbox WHERE message_id = ?1", recent)).isEqualTo(1);
    }

    @Test
    void purgesAServicesOwnTableByItsRule() {
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        db.execute("INSERT INTO test_effects (message_id, order_id, applied_at) VALUES ('m', ?1, ?2)", old,
                Instant.now().minus(31, ChronoUnit.DAYS));
        db.execute("INSERT INTO test_effects (message_id, order_id, applied_at) VALUES ('m', ?1, ?2)", recent,
                Instant.now().minus(29, ChronoUnit.DAYS));

        RetentionJob.Purged purged = retention.purge();

        assertThat(purged.byRule().get(TestEffectsRetention.NAME)).isGreaterThanOrEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM test_effects WHERE order_id = ?1", old)).isZero();
        assertThat(db.count("SELECT count(*) FROM test_effects WHERE order_id = ?1", recent)).isEqualTo(1);
    }
}
