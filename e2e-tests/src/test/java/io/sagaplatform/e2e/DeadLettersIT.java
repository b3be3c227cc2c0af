package io.sagaplatform.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.sagaplatform.contracts.Headers;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.contracts.common.OrderLine;
import io.sagaplatform.contracts.common.ShippingAddress;
import io.sagaplatform.contracts.order.OrderPlaced;
import io.sagaplatform.testing.KafkaProbe;
import io.sagaplatform.testing.PlatformStack;
import io.sagaplatform.testing.TestMessages;
import io.sagaplatform.testing.Tokens;

/**
 * Dead letters an operator can act on, over the packaged services: a command its participant cannot apply for a
 * reason an operator can remove is parked, fails its saga, shows up in the orchestrator's dead-letter API with its
 * reason and origin; once the cause is gone, its replay is applied exactly once and the saga completes. A record
 * nobody can use is discarded with a reason. Neither can be acted on twice.
 */
class DeadLettersIT {

    private static final Duration AT_MOST = Duration.ofSeconds(90);
    /** The destination of this test's orders: shipping-service cannot schedule there while the trigger is in place. */
    private static final String COUNTRY = "IS";
    private static final String OPERATOR = "ops-dlq-" + UUID.randomUUID().toString().substring(0, 6);
    private static final String TRIGGER = """
            CREATE OR REPLACE FUNCTION dlq_it_carrier_offline() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'carrier registry offline for %', NEW.country;
            END $$;
            CREATE TRIGGER dlq_it_carrier_offline BEFORE INSERT ON shipments FOR EACH ROW
                WHEN (NEW.country = 'IS') EXECUTE FUNCTION dlq_it_carrier_offline();
            """;
    private static final String REMOVE_TRIGGER = """
            DROP TRIGGER IF EXISTS dlq_it_carrier_offline ON shipments;
            DROP FUNCTION IF EXISTS dlq_it_carrier_offline();
            """;

    private static PlatformStack stack;
    private static Shop shop;

    @BeforeAll
    static void platform() {
        stack = SharedPlatform.stack();
        shop = new Shop(stack);
    }

    @AfterAll
    static void everythingDecided() {
        sql("shipping-service", REMOVE_TRIGGER);
        await().atMost(AT_MOST).until(() -> Invariants.activeSagas(stack) == 0);
        Invariants.check(stack);
    }

    @Test
    void aCommandParkedForACauseAnOperatorFixedIsReplayedAndAppliedExactlyOnce() {
        long pendingBefore = pending(Topics.SHIPPING_COMMANDS);
        sql("shipping-service", TRIGGER);
        UUID order = shop.placeOrder("alice", "SKU-APPLE", 1, "1.25", COUNTRY);

        // poison: shipping-service's handler fails on every attempt, parks the command; the saga is FAILED on it
        await().atMost(AT_MOST).until(() -> "FAILED".equals(shop.sagaStatus(order)));
        JsonPath saga = shop.saga(order);
        String sagaId = saga.getString("saga.id");
        assertThat(saga.getString("saga.failureReason")).contains("schedule-shipment")
                .contains("dead-lettered by shipping-service").contains("carrier registry offline for IS");
        assertThat(shipments(order)).isZero();

        // the operator sees it: reason, who gave up, where it was read, headers and payload
        List<Map<String, Object>> parked = await().atMost(AT_MOST).until(() -> ofSaga(sagaId), l -> !l.isEmpty());
        Map<String, Object> record = parked.get(parked.size() - 1);
        assertThat(record.get("status")).isEqualTo("PENDING");
        assertThat(record.get("dlqTopic")).isEqualTo("shipping.commands.dlq");
        assertThat(record.get("originalTopic")).isEqualTo(Topics.SHIPPING_COMMANDS);
        assertThat(record.get("originalOffset")).isNotNull();
        assertThat(record.get("consumer")).isEqualTo("shipping-service");
        assertThat((String) record.get("reason")).contains("carrier registry offline for IS");
        assertThat(record.get("messageType")).isEqualTo("shipping.ScheduleShipment");
        assertThat((String) record.get("payload")).contains(order.toString());
        @SuppressWarnings("unchecked")
        Map<String, String> headers = (Map<String, String>) record.get("headers");
        assertThat(headers).containsEntry(Headers.SAGA_ID, sagaId).containsEntry(Headers.STEP, "schedule-shipment");
        String messageId = (String) record.get("messageId");
        await().atMost(AT_MOST).untilAsserted(() -> assertThat(pending(Topics.SHIPPING_COMMANDS))
                .isEqualTo(pendingBefore + parked.size()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(depthMetric(Topics.SHIPPING_COMMANDS))
                .isEqualTo(pendingBefore + parked.size()));

        // a copy of the same command parked earlier (a resend) is of no use: discarded; the newest one is replayed
        for (Map<String, Object> older : parked.subList(0, parked.size() - 1)) {
            operator().contentType(ContentType.JSON).body(selection(older, "an older copy of the replayed command"))
                    .post("/dead-letters/discard").then().statusCode(200);
        }

        // fix the cause, then replay
        sql("shipping-service", REMOVE_TRIGGER);
        JsonPath replayed = operator().contentType(ContentType.JSON).body(selection(record, "carrier registry back"))
                .post("/dead-letters/replay").then().statusCode(200).extract().jsonPath();
        assertThat(replayed.getString("operator")).isEqualTo(OPERATOR);
        assertThat(replayed.getString("records[0].messageId")).isEqualTo(messageId);
        assertThat(replayed.getString("records[0].replayedTo")).startsWith(Topics.SHIPPING_COMMANDS + "-");

        // applied once: the saga completes, one shipment, the participant's inbox took the message id once
        await().atMost(AT_MOST).until(() -> "COMPLETED".equals(shop.sagaStatus(order)));
        assertThat(shop.orderStatus(order)).isEqualTo("APPROVED");
        assertThat(shipments(order)).isEqualTo(1);
        assertThat(inboxEntries("shipping-service", messageId)).isEqualTo(1);
        JsonPath done = shop.saga(order);
        List<Map<String, Object>> timeline = done.getList("timeline");
        assertThat(timeline).filteredOn(e -> "OPERATOR_REPLAY".equals(e.get("kind")))
                .singleElement().satisfies(e -> assertThat((String) e.get("detail")).startsWith(OPERATOR + " replayed"));
        assertThat(timeline).filteredOn(e -> "STEP_SUCCEEDED".equals(e.get("kind"))
                && "schedule-shipment".equals(e.get("step"))).hasSize(1);

        // recorded: shown as replayed, by whom, never replayed (or discarded) a second time
        Map<String, Object> after = ofSaga(sagaId).get(parked.size() - 1);
        assertThat(after.get("status")).isEqualTo("REPLAYED");
        @SuppressWarnings("unchecked")
        Map<String, Object> action = (Map<String, Object>) after.get("action");
        assertThat(action).containsEntry("operator", OPERATOR).containsEntry("reason", "carrier registry back");
        assertThat(ofSaga(sagaId)).extracting(r -> r.get("status")).doesNotContain("PENDING");
        operator().contentType(ContentType.JSON).body(selection(record, null)).post("/dead-letters/replay").then()
                .statusCode(409).contentType("application/problem+json");
        operator().contentType(ContentType.JSON).body(selection(record, "again")).post("/dead-letters/discard").then()
                .statusCode(409).contentType("application/problem+json");
        assertThat(shipments(order)).isEqualTo(1);
        assertThat(pending(Topics.SHIPPING_COMMANDS)).isEqualTo(pendingBefore);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(depthMetric(Topics.SHIPPING_COMMANDS))
                .isEqualTo(pendingBefore));
    }

    @Test
    void aRecordNobodyCanUseIsDiscardedWithTheOperatorsReasonAndCannotBeReplayedAfterwards() {
        String messageId = TestMessages.newId();
        UUID orderId = UUID.randomUUID();
        KafkaProbe.send(TestMessages.withHeader(TestMessages.plain(Topics.ORDER_EVENTS, orderId.toString(),
                MessageTypes.ORDER_PLACED, new OrderPlaced(orderId, "alice",
                        List.of(new OrderLine("SKU-APPLE", 1, new java.math.BigDecimal("1.25"))),
                        new java.math.BigDecimal("1.25"), "EUR", new ShippingAddress("R", "1 Main St", "Lyon",
                                "69001", "FR"), Instant.now()), messageId),
                Headers.CE_TYPE, "order.OrderTeleported"));
        Map<String, Object> record = await().atMost(AT_MOST).until(() -> byMessageId(Topics.ORDER_EVENTS, messageId),
                r -> r != null);
        assertThat(record.get("status")).isEqualTo("PENDING");
        assertThat(record.get("consumer")).isEqualTo("orchestrator");
        assertThat((String) record.get("reason")).contains("order.OrderTeleported");

        operator().contentType(ContentType.JSON).body(selection(record, null)).post("/dead-letters/discard").then()
                .statusCode(400).contentType("application/problem+json");
        operator().contentType(ContentType.JSON).body(selection(record, "no such event type: a test's stray record"))
                .post("/dead-letters/discard").then().statusCode(200);

        Map<String, Object> after = byMessageId(Topics.ORDER_EVENTS, messageId);
        assertThat(after.get("status")).isEqualTo("DISCARDED");
        @SuppressWarnings("unchecked")
        Map<String, Object> action = (Map<String, Object>) after.get("action");
        assertThat(action).containsEntry("operator", OPERATOR)
                .containsEntry("reason", "no such event type: a test's stray record");
        operator().contentType(ContentType.JSON).body(selection(record, null)).post("/dead-letters/replay").then()
                .statusCode(409).contentType("application/problem+json");
        assertThat(inboxEntries("orchestrator", messageId)).isZero();
    }

    @Test
    void badSelectionsAreProblemsAndChangeNothing() {
        operator().queryParam("topic", "no.such.topic").get("/dead-letters").then().statusCode(400)
                .contentType("application/problem+json");
        operator().get("/dead-letters").then().statusCode(400).contentType("application/problem+json");
        operator().queryParam("topic", Topics.ORDER_EVENTS).queryParam("status", "LOST").get("/dead-letters").then()
                .statusCode(400).contentType("application/problem+json");
        operator().contentType(ContentType.JSON)
                .body(Map.of("topic", Topics.ORDER_EVENTS, "records", List.of(Map.of("partition", 0, "offset",
                        Long.MAX_VALUE - 1))))
                .post("/dead-letters/replay").then().statusCode(404).contentType("application/problem+json");
        operator().contentType(ContentType.JSON)
                .body(Map.of("topic", Topics.ORDER_EVENTS, "records", List.of(Map.of("partition", 99, "offset", 0))))
                .post("/dead-letters/replay").then().statusCode(404).contentType("application/problem+json");
        operator().contentType(ContentType.JSON).body(Map.of("topic", Topics.ORDER_EVENTS, "records", List.of()))
                .post("/dead-letters/replay").then().statusCode(400).contentType("application/problem+json");
        operator().contentType(ContentType.JSON).body(Map.of("topic", "order.events.dlq", "records",
                List.of(Map.of("partition", 0, "offset", 0))))
                .post("/dead-letters/replay").then().statusCode(400).contentType("application/problem+json");
    }

    private static RequestSpecification operator() {
        return given().auth().oauth2(Tokens.operator(OPERATOR)).baseUri(stack.url("orchestrator"));
    }

    private static Map<String, Object> selection(Map<String, Object> record, String reason) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("topic", record.get("topic"));
        body.put("records", List.of(Map.of("partition", record.get("partition"), "offset", record.get("offset"))));
        if (reason != null) {
            body.put("reason", reason);
        }
        return body;
    }

    /** The records of {@code sagaId} parked on shipping.commands.dlq, oldest first. */
    private static List<Map<String, Object>> ofSaga(String sagaId) {
        List<Map<String, Object>> items = operator().queryParam("topic", Topics.SHIPPING_COMMANDS)
                .queryParam("limit", 500).get("/dead-letters").then().statusCode(200).extract().jsonPath()
                .getList("items");
        return items.stream().filter(r -> sagaId.equals(r.get("sagaId"))).toList();
    }

    private static Map<String, Object> byMessageId(String topic, String messageId) {
        List<Map<String, Object>> items = operator().queryParam("topic", topic).queryParam("limit", 500)
                .get("/dead-letters").then().statusCode(200).extract().jsonPath().getList("items");
        return items.stream().filter(r -> messageId.equals(r.get("messageId"))).findFirst().orElse(null);
    }

    private static long pending(String topic) {
        List<Map<String, Object>> topics = operator().get("/dead-letters/topics").then().statusCode(200).extract()
                .jsonPath().getList("$");
        return topics.stream().filter(t -> topic.equals(t.get("topic"))).mapToLong(t -> ((Number) t.get("pending"))
                .longValue()).findFirst().orElseThrow();
    }

    /** {@code saga_dlq_pending{topic=…}} on the orchestrator's scrape. */
    private static long depthMetric(String topic) {
        String scrape = shop.metricsOrNull("orchestrator");
        assertThat(scrape).as("orchestrator metrics").isNotNull();
        Matcher m = Pattern.compile("(?m)^saga_dlq_pending\\{[^}]*topic=\"" + Pattern.quote(topic) + "\"[^}]*} (\\S+)$")
                .matcher(scrape);
        assertThat(m.find()).as("saga_dlq_pending for " + topic).isTrue();
        return (long) Double.parseDouble(m.group(1));
    }

    private static long shipments(UUID order) {
        return count("shipping-service", "SELECT count(*) FROM shipments WHERE order_id = ?::uuid", order.toString());
    }

    private static long inboxEntries(String service, String messageId) {
        return count(service, "SELECT count(*) FROM inbox WHERE message_id = ?", messageId);
    }

    private static long count(String service, String sql, String parameter) {
        try (Connection c = stack.database(service).connect(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, parameter);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(service + ": " + sql + ": " + e.getMessage(), e);
        }
    }

    private static void sql(String service, String sql) {
        try (Connection c = stack.database(service).connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(service + ": " + e.getMessage(), e);
        }
    }
}
