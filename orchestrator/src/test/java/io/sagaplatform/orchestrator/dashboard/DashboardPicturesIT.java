package io.sagaplatform.orchestrator.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.sagaplatform.orchestrator.placeorder.PlaceOrderSaga;
import io.sagaplatform.testing.PostgresTestResource;
import io.sagaplatform.testing.ServiceTestProfile;
import io.sagaplatform.testing.Tokens;

/**
 * What the dashboard draws (#16.2): a definition's steps with their kind and compensation, the heat map of where
 * the sagas of a type and version stand, and the time series of finished sagas. Rows are written straight into the
 * database where the test needs exact numbers, and removed afterwards: the application and its database are shared.
 */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class DashboardPicturesIT {

    @Test
    void definitionsCarryWhatTheDiagramDraws() {
        JsonPath v2 = given().auth().oauth2(Tokens.operator("ops-pictures")).get("/sagas/definitions").then()
                .statusCode(200).extract().jsonPath()
                .setRootPath("find { it.type == 'place-order' }.versions.find { it.version == 2 }");
        assertThat(v2.getList("steps.name")).containsExactly("reject-order", "reserve-inventory", "authorize-payment",
                "schedule-shipment", "approve-order", "capture-payment");
        assertThat(v2.getList("steps.stage", Integer.class)).containsExactly(0, 1, 1, 2, 3, 3);
        assertThat(v2.getList("steps.kind")).containsExactly("COMPENSATABLE", "COMPENSATABLE", "COMPENSATABLE",
                "COMPENSATABLE", "PIVOT", "RETRIABLE");
        assertThat(v2.getList("steps.compensation", Boolean.class)).containsExactly(true, true, true, true, false,
                false);
        // reject-order does nothing going forward; its compensation rejects the order
        assertThat(v2.getBoolean("steps[0].action")).isFalse();
        assertThat(v2.getList("steps[0].compensationConfirmedBy")).containsExactly("order.OrderRejected");
        assertThat(v2.getList("steps[1].succeedsOn")).containsExactly("inventory.InventoryReserved");
        assertThat(v2.getList("steps[1].failsOn")).isNotEmpty();
    }

    @Test
    void theHeatMapCountsTheSagasStandingAtEachStepAndThoseThatFailedOrWereUndoneThereInTheWindow()
            throws SQLException {
        // version 1 (one step per stage): no saga of it is left open by the other tests
        JsonPath before = heatmap(1, "PT1H");
        List<UUID> inserted = new ArrayList<>();
        try {
            inserted.addAll(insertSagas(1, "RUNNING", "authorize-payment", 2));
            inserted.addAll(insertSagas(1, "COMPENSATING", "reserve-inventory", 1));
            inserted.addAll(insertSagas(1, "FAILED", "schedule-shipment", 1));
            List<UUID> compensated = insertSagas(1, "COMPENSATED", "reject-order", 3);
            inserted.addAll(compensated);
            for (UUID saga : compensated) {
                timeline(saga, "10 minutes", "STEP_FAILED", "authorize-payment");
                timeline(saga, "9 minutes", "STEP_COMPENSATED", "reserve-inventory");
                timeline(saga, "8 minutes", "STEP_COMPENSATED", "reject-order");
            }
            // counted once per saga; before the window not at all
            timeline(compensated.get(0), "10 minutes", "OUTCOME_UNKNOWN", "authorize-payment");
            timeline(compensated.get(1), "2 hours", "STEP_FAILED", "schedule-shipment");
            // another version's failure is not this one's
            List<UUID> otherVersion = insertSagas(2, "COMPENSATED", "reject-order", 1);
            inserted.addAll(otherVersion);
            timeline(otherVersion.get(0), "5 minutes", "STEP_FAILED", "authorize-payment");

            // a window nobody asked for yet (answers are cached per window) that holds the one asked for before
            JsonPath after = heatmap(1, "PT3601S");
            assertThat(after.getList("steps.name")).containsExactly("reject-order", "reserve-inventory",
                    "authorize-payment", "schedule-shipment", "approve-order", "capture-payment");
            assertThat(after.getList("steps.stage", Integer.class)).containsExactly(0, 1, 2, 3, 4, 5);
            assertThat(delta(before, after, "running")).isEqualTo(Map.of("authorize-payment", 2L));
            assertThat(delta(before, after, "compensating")).isEqualTo(Map.of("reserve-inventory", 1L));
            assertThat(delta(before, after, "failedHere")).isEqualTo(Map.of("schedule-shipment", 1L));
            assertThat(delta(before, after, "failed")).isEqualTo(Map.of("authorize-payment", 3L));
            assertThat(delta(before, after, "compensated"))
                    .isEqualTo(Map.of("reserve-inventory", 3L, "reject-order", 3L));
            assertThat(after.getString("type")).isEqualTo(PlaceOrderSaga.TYPE);
            assertThat(after.getInt("version")).isEqualTo(1);
        } finally {
            delete(inserted);
        }
    }

    @Test
    void theHeatMapIsTheCurrentVersionsWhenNoneIsAsked() {
        given().auth().oauth2(Tokens.operator("ops-pictures")).queryParam("type", PlaceOrderSaga.TYPE)
                .get("/sagas/heatmap").then().statusCode(200).body("version", is(PlaceOrderSaga.VERSION))
                .body("steps.stage", contains(0, 1, 1, 2, 3, 3));
    }

    @Test
    void theSeriesCountsFinishedSagasPerBucketWithTheirDurationPercentiles() throws SQLException {
        // 25 buckets of a day; the sagas finish 20.5 days ago, in bucket 4, where no other test's sagas are
        List<UUID> inserted = new ArrayList<>();
        try (Connection c = PostgresTestResource.current().connect(); PreparedStatement insert = c.prepareStatement("""
                INSERT INTO saga_instance (id, saga_type, definition_version, correlation_key, status, phase, current_stage,
                    attempt, round, awaiting_retry, data, started_at, updated_at, finished_at, version)
                SELECT gen_random_uuid(), 'pictures-series', 1, gen_random_uuid()::text,
                       CASE WHEN n % 4 = 0 THEN 'COMPENSATED' ELSE 'COMPLETED' END,
                       CASE WHEN n % 4 = 0 THEN 'COMPENSATION' ELSE 'FORWARD' END, 0, 1, 0, false, '{}',
                       now() - interval '492 hours' - n * interval '100 milliseconds',
                       now() - interval '492 hours', now() - interval '492 hours', 1
                FROM generate_series(1, 40) n RETURNING id""")) {
            var rows = insert.executeQuery();
            while (rows.next()) {
                inserted.add(rows.getObject(1, UUID.class));
            }
        }
        try {
            JsonPath series = given().auth().oauth2(Tokens.operator("ops-pictures")).queryParam("window", "P25D")
                    .queryParam("buckets", 25).get("/sagas/series").then().statusCode(200)
                    .body("bucketSeconds", is(86_400)).body("buckets", hasSize(25)).extract().jsonPath();
            assertThat(series.getInt("buckets[4].completed")).isEqualTo(30);
            assertThat(series.getInt("buckets[4].compensated")).isEqualTo(10);
            assertThat(series.getInt("buckets[4].failed")).isZero();
            // durations 100, 200, … 4000 ms: p50 interpolates between 2000 and 2100, p99 between 3900 and 4000
            assertThat(series.getLong("buckets[4].p50")).isEqualTo(2050);
            assertThat(series.getLong("buckets[4].p99")).isEqualTo(3961);
            assertThat(series.getInt("buckets[3].completed")).isZero();
            assertThat(series.getString("buckets[3].p50")).isNull();
            assertThat(java.time.Duration.between(java.time.Instant.parse(series.getString("buckets[0].start")),
                    java.time.Instant.parse(series.getString("buckets[1].start")))).hasDays(1);
        } finally {
            delete(inserted);
        }
    }

    @Test
    void bucketsAreWholeSecondsReachingBackAtLeastTheWindow() {
        JsonPath series = given().auth().oauth2(Tokens.operator("ops-pictures")).queryParam("window", "PT15M")
                .queryParam("buckets", 7).get("/sagas/series").then().statusCode(200)
                .body("bucketSeconds", is(129)).body("buckets", hasSize(7)).extract().jsonPath();
        assertThat(java.time.Duration.between(java.time.Instant.parse(series.getString("from")),
                java.time.Instant.parse(series.getString("to")))).hasSeconds(7 * 129);
    }

    @Test
    void badPictureQueriesAre400Problems() {
        bad("/sagas/heatmap", Map.of(), "type");
        bad("/sagas/heatmap", Map.of("type", "no-such-saga"), "type");
        bad("/sagas/heatmap", Map.of("type", " "), "type");
        bad("/sagas/heatmap", Map.of("type", PlaceOrderSaga.TYPE, "version", "9"), "version");
        bad("/sagas/heatmap", Map.of("type", PlaceOrderSaga.TYPE, "version", "two"), "version");
        bad("/sagas/heatmap", Map.of("type", PlaceOrderSaga.TYPE, "window", "P40D"), null);
        bad("/sagas/heatmap", Map.of("type", PlaceOrderSaga.TYPE, "window", "15 minutes"), "window");
        bad("/sagas/series", Map.of("window", "PT0.5S"), null);
        bad("/sagas/series", Map.of("window", " "), null);
        bad("/sagas/series", Map.of("buckets", "0"), null);
        bad("/sagas/series", Map.of("buckets", "121"), null);
        bad("/sagas/series", Map.of("buckets", "many"), null);
    }

    @Test
    void onlyStaffSeeThePictures() {
        given().auth().oauth2(Tokens.customer("alice")).get("/sagas/series").then().statusCode(403);
        given().auth().oauth2(Tokens.customer("alice")).queryParam("type", PlaceOrderSaga.TYPE).get("/sagas/heatmap")
                .then().statusCode(403);
        given().queryParam("type", PlaceOrderSaga.TYPE).get("/sagas/heatmap").then().statusCode(401);
        given().auth().oauth2(Tokens.admin()).get("/sagas/series").then().statusCode(200);
    }

    private static void bad(String path, Map<String, String> params, String field) {
        var response = given().auth().oauth2(Tokens.admin()).queryParams(params).get(path).then().statusCode(400)
                .contentType("application/problem+json");
        if (field != null) {
            response.body("violations[0].field", is(field));
        }
    }

    private static JsonPath heatmap(int version, String window) {
        return given().auth().oauth2(Tokens.operator("ops-pictures")).queryParam("type", PlaceOrderSaga.TYPE)
                .queryParam("version", version).queryParam("window", window).get("/sagas/heatmap").then()
                .statusCode(200).body("computedAt", org.hamcrest.Matchers.notNullValue())
                .body("maxAgeSeconds", org.hamcrest.Matchers.greaterThanOrEqualTo(1)).extract().jsonPath();
    }

    /** The steps whose count changed between two heat maps, and by how much. */
    private static Map<String, Long> delta(JsonPath before, JsonPath after, String count) {
        List<String> names = after.getList("steps.name");
        List<Long> was = before.getList("steps." + count, Long.class);
        List<Long> now = after.getList("steps." + count, Long.class);
        return java.util.stream.IntStream.range(0, names.size()).filter(i -> !now.get(i).equals(was.get(i))).boxed()
                .collect(Collectors.toMap(names::get, i -> now.get(i) - was.get(i)));
    }

    /** Sagas of place-order waiting at (or, when finished, last at) a step; open ones with nothing to wake them. */
    private static List<UUID> insertSagas(int version, String status, String step, int n) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        boolean finished = status.equals("COMPENSATED") || status.equals("COMPLETED");
        try (Connection c = PostgresTestResource.current().connect(); PreparedStatement insert = c.prepareStatement("""
                INSERT INTO saga_instance (id, saga_type, definition_version, correlation_key, status, phase, current_stage,
                    current_step_name, attempt, round, awaiting_retry, data, started_at, updated_at, finished_at, version)
                VALUES (?, ?, ?, ?, ?, ?, 0, ?, 1, 0, false, '{}', now() - interval '15 minutes', now(),
                        CASE WHEN ? THEN now() - interval '7 minutes' END, 1)""")) {
            for (int i = 0; i < n; i++) {
                UUID id = UUID.randomUUID();
                insert.setObject(1, id);
                insert.setString(2, PlaceOrderSaga.TYPE);
                insert.setInt(3, version);
                insert.setString(4, "pictures-" + id);
                insert.setString(5, status);
                insert.setString(6, status.startsWith("COMPENSAT") ? "COMPENSATION" : "FORWARD");
                insert.setString(7, step);
                insert.setBoolean(8, finished || status.equals("FAILED"));
                insert.executeUpdate();
                ids.add(id);
            }
        }
        return ids;
    }

    private static void timeline(UUID saga, String ago, String kind, String step) throws SQLException {
        try (Connection c = PostgresTestResource.current().connect(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO saga_timeline (saga_id, at, kind, step, attempt, detail)"
                        + " VALUES (?, now() - CAST(? AS interval), ?, ?, 1, 'inserted by DashboardPicturesIT')")) {
            insert.setObject(1, saga);
            insert.setString(2, ago);
            insert.setString(3, kind);
            insert.setString(4, step);
            insert.executeUpdate();
        }
    }

    private static void delete(List<UUID> sagas) throws SQLException {
        try (Connection c = PostgresTestResource.current().connect()) {
            for (String table : List.of("saga_timeline WHERE saga_id", "saga_instance WHERE id")) {
                try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + table + " = ANY (?)")) {
                    delete.setArray(1, c.createArrayOf("uuid", sagas.toArray()));
                    delete.executeUpdate();
                }
            }
        }
    }
}
