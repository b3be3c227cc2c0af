package io.sagaplatform.orchestrator.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.sagaplatform.orchestrator.triggers.Participants;
import io.sagaplatform.testing.PostgresTestResource;
import io.sagaplatform.testing.ServiceTestProfile;
import io.sagaplatform.testing.Tokens;

/**
 * What keeps the dashboard's reads bounded (#14.8): the list's total counted up to the cap, pages within it, the
 * latest timeline entries with paging back, cached stats, and a cap on live-stream subscribers. Each test works on
 * rows of its own (a saga type or saga of its own): the application and its database are shared.
 */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class DashboardBoundsIT {

    private static Participants participants;

    @BeforeAll
    static void start() {
        participants = new Participants();
    }

    @AfterAll
    static void stop() {
        participants.close();
    }

    @Test
    void pastTheCountCapTheTotalIsALowerBoundAndPagesStopThere() throws SQLException {
        String type = "bulk-" + UUID.randomUUID().toString().substring(0, 8);
        insertFinishedSagas(type, 10_001);

        given().auth().oauth2(Tokens.admin()).queryParam("type", type).get("/sagas").then().statusCode(200)
                .body("total", is(10_000)).body("totalIsLowerBound", is(true)).body("items", hasSize(50));
        given().auth().oauth2(Tokens.admin()).queryParam("type", type).queryParam("page", 199).get("/sagas").then()
                .statusCode(200).body("items", hasSize(50));
        given().auth().oauth2(Tokens.admin()).queryParam("type", type).queryParam("page", 200).get("/sagas").then()
                .statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", is("page")).body("detail", containsString("narrow the filter"));
        // below the cap the count is exact
        given().auth().oauth2(Tokens.admin()).queryParam("type", type).queryParam("status", "COMPENSATED")
                .get("/sagas").then().statusCode(200).body("totalIsLowerBound", is(false))
                .body("total", is(count("SELECT count(*) FROM saga_instance WHERE saga_type = ? AND status = 'COMPENSATED'",
                        type)));
    }

    @Test
    void theDetailCarriesTheLatestTimelineEntriesAndOlderOnesArePaged() throws SQLException {
        UUID saga = participants.complete();
        await().atMost(Participants.AT_MOST).until(() -> Participants.status(saga).equals("COMPLETED"));
        given().auth().oauth2(Tokens.admin()).get("/sagas/" + saga).then().statusCode(200)
                .body("timelineTruncated", is(false)).body("olderBefore", nullValue());
        int own = count("SELECT count(*) FROM saga_timeline WHERE saga_id = CAST(? AS uuid)", saga.toString());
        try (Connection c = PostgresTestResource.current().connect(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO saga_timeline (saga_id, at, kind, step, attempt, detail) SELECT CAST(? AS uuid),"
                        + " now(), 'STALE_REPLY_IGNORED', NULL, 0, 'entry ' || n FROM generate_series(1, 600) n")) {
            insert.setString(1, saga.toString());
            insert.executeUpdate();
        }

        JsonPath detail = given().auth().oauth2(Tokens.admin()).get("/sagas/" + saga).then().statusCode(200)
                .body("timeline", hasSize(500)).body("timelineTruncated", is(true))
                .body("timeline[499].detail", is("entry 600")).body("timeline[0].detail", is("entry 101"))
                .body("saga.status", is("COMPLETED")).extract().jsonPath();
        long olderBefore = detail.getLong("olderBefore");
        assertThat(olderBefore).isEqualTo(detail.getLong("timeline[0].id"));

        given().auth().oauth2(Tokens.admin()).queryParam("before", olderBefore).queryParam("size", 100)
                .get("/sagas/" + saga + "/timeline").then().statusCode(200)
                .body("entries", hasSize(100)).body("entries[99].detail", is("entry 100"))
                .body("olderBefore", notNullValue());
        // the rest: what the saga itself recorded, and the first 100 entries added
        given().auth().oauth2(Tokens.admin()).queryParam("before", olderBefore).get("/sagas/" + saga + "/timeline")
                .then().statusCode(200).body("entries", hasSize(own + 100)).body("olderBefore", nullValue())
                .body("entries[0].kind", is("SAGA_STARTED"));
        given().auth().oauth2(Tokens.admin()).queryParam("size", 501).get("/sagas/" + saga + "/timeline").then()
                .statusCode(400);
        given().auth().oauth2(Tokens.admin()).get("/sagas/" + UUID.randomUUID() + "/timeline").then().statusCode(404);
    }

    @Test
    void statsAreCachedForTheirMaxAgeAndThenRefreshed() {
        // a window no other test asks for, so this test sees its own cache entry; about 30 days, so that no saga
        // another test finished leaves it while this test waits
        String window = "PT" + (30 * 86_400 - (int) (Math.random() * 1000)) + "S";
        JsonPath first = stats(window);
        assertThat(first.getLong("maxAgeSeconds")).isGreaterThanOrEqualTo(2); // or ten times what computing took
        JsonPath again = stats(window);
        assertThat(again.getString("computedAt")).isEqualTo(first.getString("computedAt"));

        UUID saga = participants.complete();
        await().atMost(Participants.AT_MOST).until(() -> Participants.status(saga).equals("COMPLETED"));
        await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath now = stats(window);
            assertThat(now.getString("computedAt")).isNotEqualTo(first.getString("computedAt"));
            assertThat(now.getLong("countsByStatus.COMPLETED")).isGreaterThan(first.getLong("countsByStatus.COMPLETED"));
            assertThat(now.getLong("finished")).isGreaterThan(first.getLong("finished"));
        });
    }

    @Test
    void streamsBeyondTheSubscriberCapAre503sWithRetryAfter() throws Exception {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        HttpClient client = HttpClient.newHttpClient();
        List<InputStream> open = new ArrayList<>();
        HttpResponse<InputStream> refused = null;
        try {
            // the cap is 3 in tests; another test may still hold a stream
            for (int i = 0; i < 4 && refused == null; i++) {
                HttpResponse<InputStream> response = openStream(client, port);
                if (response.statusCode() == 200) {
                    open.add(response.body());
                } else {
                    refused = response;
                }
            }
            assertThat(refused).as("a stream beyond the cap of 3").isNotNull();
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("30");
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(new String(refused.body().readAllBytes())).contains("stream-full");
            assertThat(open).isNotEmpty();
        } finally {
            for (InputStream stream : open) {
                stream.close();
            }
        }
        // a client that went away gives its place back
        await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
            HttpResponse<InputStream> response = openStream(client, port);
            response.body().close();
            return response.statusCode() == 200;
        });
    }

    private static HttpResponse<InputStream> openStream(HttpClient client, int port) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/sagas/stream"))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + Tokens.operator("ops-streams")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    private static JsonPath stats(String window) {
        return given().auth().oauth2(Tokens.admin()).queryParam("window", window).get("/sagas/stats").then()
                .statusCode(200).body("computedAt", notNullValue()).extract().jsonPath();
    }

    /** Finished sagas of a type of their own, as the seeding command writes them: one in ten compensated. */
    private static void insertFinishedSagas(String type, int n) throws SQLException {
        try (Connection c = PostgresTestResource.current().connect(); PreparedStatement insert = c.prepareStatement("""
                INSERT INTO saga_instance (id, saga_type, definition_version, correlation_key, status, phase, current_stage,
                    attempt, round, awaiting_retry, data, started_at, updated_at, finished_at, version)
                SELECT gen_random_uuid(), ?, 2, gen_random_uuid()::text,
                       CASE WHEN n % 10 = 0 THEN 'COMPENSATED' ELSE 'COMPLETED' END,
                       CASE WHEN n % 10 = 0 THEN 'COMPENSATION' ELSE 'FORWARD' END, 3, 1, 0, false, '{}',
                       now() - interval '1 hour' - n * interval '1 second',
                       now() - interval '1 hour' - n * interval '1 second' + interval '300 milliseconds',
                       now() - interval '1 hour' - n * interval '1 second' + interval '300 milliseconds', 1
                FROM generate_series(1, ?) n""")) {
            insert.setString(1, type);
            insert.setInt(2, n);
            assertThat(insert.executeUpdate()).isEqualTo(n);
        }
    }

    private static int count(String sql, String arg) {
        return (int) PostgresTestResource.current().count(sql, arg);
    }
}
