package io.sagaplatform.orchestrator.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sagaplatform.messaging.inbox.RetentionJob;
import io.sagaplatform.orchestrator.triggers.Participants;
import io.sagaplatform.testing.PostgresTestResource;
import io.sagaplatform.testing.ServiceTestProfile;

/**
 * Sagas that ended for good are purged with their timelines once past their retention (90 days after they
 * finished); younger ones and FAILED ones, which wait for an operator, stay.
 */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class FinishedSagaRetentionIT {

    private static Participants participants;

    @Inject
    RetentionJob retention;

    @BeforeAll
    static void start() {
        participants = new Participants();
    }

    @AfterAll
    static void stop() {
        participants.close();
    }

    @Test
    void finishedSagasPastTheirRetentionGoWithTheirTimelinesAndTheOthersStay() {
        UUID old = complete();
        UUID failed = complete();
        UUID recent = complete();
        sql("UPDATE saga_instance SET finished_at = now() - interval '91 days' WHERE id = CAST(? AS uuid)", old);
        sql("UPDATE saga_instance SET status = 'FAILED', finished_at = now() - interval '91 days'"
                + " WHERE id = CAST(? AS uuid)", failed);
        assertThat(count("SELECT count(*) FROM saga_timeline WHERE saga_id = CAST(? AS uuid)", old)).isPositive();

        RetentionJob.Purged purged = retention.purge();

        assertThat(purged.byRule().get("finished sagas")).isGreaterThanOrEqualTo(1);
        assertThat(count("SELECT count(*) FROM saga_instance WHERE id = CAST(? AS uuid)", old)).isZero();
        assertThat(count("SELECT count(*) FROM saga_timeline WHERE saga_id = CAST(? AS uuid)", old)).isZero();
        assertThat(count("SELECT count(*) FROM saga_instance WHERE id = CAST(? AS uuid)", failed)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM saga_instance WHERE id = CAST(? AS uuid)", recent)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM saga_timeline WHERE saga_id = CAST(? AS uuid)", recent)).isPositive();
    }

    private static UUID complete() {
        UUID sagaId = participants.complete();
        await().atMost(Participants.AT_MOST).until(() -> Participants.status(sagaId).equals("COMPLETED"));
        return sagaId;
    }

    private static long count(String sql, UUID id) {
        return PostgresTestResource.current().count(sql, id.toString());
    }

    private static void sql(String update, UUID id) {
        assertThat(PostgresTestResource.current().count("WITH changed AS (" + update + " RETURNING 1)"
                + " SELECT count(*) FROM changed", id.toString())).isEqualTo(1);
    }
}
