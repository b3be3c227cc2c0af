package io.sagaplatform.orchestrator.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.orchestrator.triggers.Participants;
import io.sagaplatform.testing.PostgresTestResource;
import io.sagaplatform.testing.ServiceTestProfile;
import io.sagaplatform.testing.Tokens;

/**
 * An operator action that loses the race for its saga's row: the action reads the saga, and before it writes it
 * back another writer — a reply being handled, the deadline poller, another operator — changes the saga, holding
 * the row until it commits. Played deterministically: the test is that other writer, holding the row with an
 * uncommitted change (here another operator's abort) until the action's write waits for it, then committing.
 * The action must answer 409 with the saga's status now, and apply nothing.
 */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class OperatorActionRaceIT {

    private static final Duration AT_MOST = Duration.ofSeconds(60);
    private static Participants participants;
    /** The saga's outbox rows and timeline once the other writer holds it: the losing action adds to neither. */
    private long outboxRowsBefore;
    private List<String> timelineBefore;

    @BeforeAll
    static void start() {
        participants = new Participants();
    }

    @AfterAll
    static void stop() {
        participants.close();
    }

    @Test
    void aRetryThatLosesTheRaceForTheSagaIsA409AndSendsNothing() throws Exception {
        UUID saga = failedAtThePivot();
        Response answer = whileAnotherWriterHoldsTheSaga(saga, () -> given().auth().oauth2(Tokens.operator("ops-late"))
                .post("/sagas/" + saga + "/retry"));
        expectLostRace(answer, saga);
    }

    @Test
    void aCompensationThatLosesTheRaceForTheSagaIsA409AndSendsNothing() throws Exception {
        UUID saga = runningSaga();
        Response answer = whileAnotherWriterHoldsTheSaga(saga, () -> given().auth().oauth2(Tokens.operator("ops-late"))
                .contentType(ContentType.JSON).body("{\"reason\":\"customer called\"}")
                .post("/sagas/" + saga + "/compensate"));
        expectLostRace(answer, saga);
    }

    @Test
    void anAbortThatLosesTheRaceForTheSagaIsA409() throws Exception {
        UUID saga = runningSaga();
        Response answer = whileAnotherWriterHoldsTheSaga(saga, () -> given().auth().oauth2(Tokens.operator("ops-late"))
                .contentType(ContentType.JSON).body("{\"reason\":\"duplicate order\"}")
                .post("/sagas/" + saga + "/abort"));
        expectLostRace(answer, saga);
    }

    /**
     * Changes the saga in a transaction of its own — another operator aborts it — and holds it uncommitted until
     * {@code action} has read the saga and waits to write it; then commits and returns the action's answer.
     */
    private Response whileAnotherWriterHoldsTheSaga(UUID saga, Supplier<Response> action) throws Exception {
        try (Connection other = PostgresTestResource.current().connect()) {
            other.setAutoCommit(false);
            try (var abort = other.prepareStatement("""
                    UPDATE saga_instance SET status = 'ABORTED', wake_at = NULL, deadline_at = NULL, updated_at = now(),
                        finished_at = now(), version = version + 1
                    WHERE id = CAST(? AS uuid)""")) {
                abort.setString(1, saga.toString());
                assertThat(abort.executeUpdate()).isEqualTo(1);
            }
            // the row is held: neither the poller nor a reply changes the saga from here on
            outboxRowsBefore = outboxRows(saga);
            timelineBefore = timelineKinds(saga);
            CompletableFuture<Response> answer = CompletableFuture.supplyAsync(action);
            await().atMost(AT_MOST).until(() -> answer.isDone() || sagaWriteWaitsForTheRow());
            other.commit();
            return answer.get(AT_MOST.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private void expectLostRace(Response answer, UUID saga) {
        answer.then().statusCode(409).contentType("application/problem+json")
                .body("status", is(409))
                .body("type", endsWith("/saga-changed"))
                .body("detail", allOf(containsString(saga.toString()), containsString("now ABORTED"),
                        containsString("reload")));
        assertThat(Participants.status(saga)).isEqualTo("ABORTED");
        assertThat(outboxRows(saga)).as("commands or events of the losing action").isEqualTo(outboxRowsBefore);
        assertThat(timelineKinds(saga)).as("the losing action's timeline entries").isEqualTo(timelineBefore);
    }

    /** An UPDATE of saga_instance (the operator action's write) is waiting for a row lock in this database. */
    private static boolean sagaWriteWaitsForTheRow() {
        return PostgresTestResource.current().count("""
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock'
                  AND query ILIKE 'update saga_instance%'""") > 0;
    }

    private UUID runningSaga() {
        UUID order = participants.placeOrder();
        return Participants.sagaOf(participants.awaitCommand(order, MessageTypes.RESERVE_INVENTORY, 1));
    }

    /** Every step answered except approve-order: after its attempts the saga is FAILED, and retry is allowed. */
    private UUID failedAtThePivot() {
        UUID order = participants.placeOrder();
        UUID saga = Participants.sagaOf(participants.awaitCommand(order, MessageTypes.RESERVE_INVENTORY, 1));
        participants.passFirstStage(saga, order);
        participants.passSchedule(saga, order);
        await().atMost(AT_MOST).until(() -> Participants.status(saga).equals("FAILED"));
        return saga;
    }

    private static long outboxRows(UUID saga) {
        return PostgresTestResource.current().count("SELECT count(*) FROM outbox WHERE saga_id = CAST(? AS uuid)",
                saga.toString());
    }

    private static List<String> timelineKinds(UUID saga) {
        try (var c = PostgresTestResource.current().connect();
                var ps = c.prepareStatement(
                        "SELECT kind FROM saga_timeline WHERE saga_id = CAST(? AS uuid) ORDER BY id")) {
            ps.setString(1, saga.toString());
            List<String> kinds = new ArrayList<>();
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    kinds.add(rs.getString(1));
                }
            }
            return kinds;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
