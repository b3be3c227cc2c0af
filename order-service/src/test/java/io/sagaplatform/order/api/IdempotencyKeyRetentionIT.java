package io.sagaplatform.order.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.sagaplatform.messaging.inbox.RetentionJob;
import io.sagaplatform.testing.PostgresTestResource;
import io.sagaplatform.testing.ServiceTestProfile;
import io.sagaplatform.testing.Tokens;

/** Idempotency-Keys past their retention (7 days) are purged by the retention job; younger ones still replay. */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class IdempotencyKeyRetentionIT {

    @Inject
    RetentionJob retention;

    @Test
    void keysOlderThanTheirRetentionArePurgedAndYoungerOnesStillReplay() {
        String old = "old-" + UUID.randomUUID();
        String recent = "recent-" + UUID.randomUUID();
        String oldOrder = place(old);
        String recentOrder = place(recent);
        age(old, 8);
        age(recent, 6);

        RetentionJob.Purged purged = retention.purge();

        assertThat(purged.byRule().get("idempotency keys")).isGreaterThanOrEqualTo(1);
        assertThat(keys(old)).isZero();
        assertThat(keys(recent)).isEqualTo(1);
        assertThat(place(recent)).as("a kept key still replays its order").isEqualTo(recentOrder);
        assertThat(place(old)).as("a purged key places a new order").isNotEqualTo(oldOrder);
    }

    private static void age(String key, int days) {
        assertThat(PostgresTestResource.current().count("WITH aged AS (UPDATE idempotency_keys SET created_at = now()"
                + " - make_interval(days => ?) WHERE idempotency_key = ? RETURNING 1) SELECT count(*) FROM aged", days, key))
                .isEqualTo(1);
    }

    private static long keys(String key) {
        return PostgresTestResource.current().count("SELECT count(*) FROM idempotency_keys WHERE idempotency_key = ?",
                key);
    }

    private static String place(String key) {
        return given().auth().oauth2(Tokens.customer("rita")).contentType(ContentType.JSON)
                .header("Idempotency-Key", key).body(OrderRequests.valid("rita"))
                .post("/orders").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201)).extract().path("id");
    }
}
