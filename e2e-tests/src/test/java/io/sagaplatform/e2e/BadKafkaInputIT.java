package io.sagaplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;

import io.sagaplatform.contracts.Headers;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.contracts.common.OrderLine;
import io.sagaplatform.contracts.common.ShippingAddress;
import io.sagaplatform.contracts.inventory.InventoryReleased;
import io.sagaplatform.contracts.inventory.ReleaseInventory;
import io.sagaplatform.contracts.order.OrderPlaced;
import io.sagaplatform.contracts.order.RejectOrder;
import io.sagaplatform.contracts.payment.VoidPaymentAuthorization;
import io.sagaplatform.contracts.shipping.CancelShipment;
import io.sagaplatform.testing.KafkaProbe;
import io.sagaplatform.testing.PlatformStack;
import io.sagaplatform.testing.TestMessages;

/**
 * Poison on every topic a service consumes: each record is unreadable in one way (unknown type, not JSON, JSON
 * its schema refuses, an unknown schema version, a required header missing, malformed saga headers, no value)
 * and must be parked on {@code <topic>.dlq} untouched, with a {@code dlq-reason} that names the problem. Behind
 * the poison, on the same key and so the same partition, comes one valid record whose effect is cheap to see:
 * the partition kept flowing. Nothing else may change: the tables are compared before and after, leaving out
 * exactly the rows the valid records create (a compensation's "cancelled" marker, its inbox entry and reply).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadKafkaInputIT {

    private static final Duration AT_MOST = Duration.ofSeconds(90);
    private static final String CASE = "bad-input-case";

    /** A valid record behind the poison, and how to see that it was processed. */
    private record Follower(String topic, ProducerRecord<String, byte[]> record, Consumer<KafkaProbe> processed) {
        String id() {
            return KafkaProbe.header(record.headers(), Headers.CE_ID);
        }
    }

    /** One poisonous record and the words its dead-letter reason must contain. */
    private record Poison(String name, ProducerRecord<String, byte[]> record, String reason) {
    }

    private static PlatformStack stack;
    private static KafkaProbe probe;
    private static final Map<String, Follower> followers = new LinkedHashMap<>();
    private static final List<Poison> poison = new ArrayList<>();
    private static Map<String, String> followerRows;
    private static StateSnapshot before;
    private static int deadLettered;

    @BeforeAll
    static void poisonEveryConsumedTopic() {
        stack = SharedPlatform.stack();
        Shop shop = new Shop(stack);
        List<String> read = new ArrayList<>(List.of(Topics.SAGA_REPLIES));
        consumed().forEach(topic -> read.add(Topics.deadLetter(topic)));
        probe = KafkaProbe.reading(read.toArray(String[]::new));

        // order.events: a second OrderPlaced for an order that has its saga starts nothing (the inbox records it)
        UUID decided = shop.placeOrder("alice", "SKU-SOLDOUT", 1, "5.00", "FR");
        await().atMost(AT_MOST).until(() -> shop.sagaStatus(decided).equals("COMPENSATED"));

        UUID inventoryOrder = UUID.randomUUID();
        UUID paymentOrder = UUID.randomUUID();
        UUID shippingOrder = UUID.randomUUID();
        follow(Topics.INVENTORY_COMMANDS, TestMessages.saga(Topics.INVENTORY_COMMANDS, MessageTypes.RELEASE_INVENTORY,
                new ReleaseInventory(inventoryOrder), UUID.randomUUID(), "reserve-inventory", 1, TestMessages.newId()),
                "inventory.InventoryReleased");
        follow(Topics.PAYMENT_COMMANDS, TestMessages.saga(Topics.PAYMENT_COMMANDS,
                MessageTypes.VOID_PAYMENT_AUTHORIZATION, new VoidPaymentAuthorization(paymentOrder), UUID.randomUUID(),
                "authorize-payment", 1, TestMessages.newId()), "payment.PaymentAuthorizationVoided");
        follow(Topics.SHIPPING_COMMANDS, TestMessages.saga(Topics.SHIPPING_COMMANDS, MessageTypes.CANCEL_SHIPMENT,
                new CancelShipment(shippingOrder), UUID.randomUUID(), "schedule-shipment", 1, TestMessages.newId()),
                "shipping.ShipmentCancelled");
        // a rejection of an order nobody placed, and a reply to a saga nobody started, are themselves parked:
        // their reasons prove they were read after the poison
        ProducerRecord<String, byte[]> reject = TestMessages.saga(Topics.ORDER_COMMANDS, MessageTypes.REJECT_ORDER,
                new RejectOrder(UUID.randomUUID(), "bad-input suite"), UUID.randomUUID(), "reject-order", 1,
                TestMessages.newId());
        followers.put(Topics.ORDER_COMMANDS, new Follower(Topics.ORDER_COMMANDS, reject,
                p -> deadLetterOf(p, reject, "does not exist")));
        ProducerRecord<String, byte[]> reply = TestMessages.saga(Topics.SAGA_REPLIES, MessageTypes.INVENTORY_RELEASED,
                new InventoryReleased(UUID.randomUUID(), true), UUID.randomUUID(), "reserve-inventory", 1,
                TestMessages.newId());
        followers.put(Topics.SAGA_REPLIES, new Follower(Topics.SAGA_REPLIES, reply,
                p -> deadLetterOf(p, reply, "unknown saga")));
        ProducerRecord<String, byte[]> placed = TestMessages.plain(Topics.ORDER_EVENTS, decided.toString(),
                MessageTypes.ORDER_PLACED, new OrderPlaced(decided, "alice",
                        List.of(new OrderLine("SKU-SOLDOUT", 1, new BigDecimal("5.00"))), new BigDecimal("5.00"), "EUR",
                        new ShippingAddress("R", "1 Main St", "Lyon", "69001", "FR"), Instant.now()),
                TestMessages.newId());
        followers.put(Topics.ORDER_EVENTS, new Follower(Topics.ORDER_EVENTS, placed,
                p -> await().atMost(AT_MOST).until(() -> stack.database("orchestrator").count(
                        "SELECT count(*) FROM inbox WHERE message_id = ?", KafkaProbe.header(placed.headers(),
                                Headers.CE_ID)) == 1)));

        followerRows = followerRows(inventoryOrder, paymentOrder, shippingOrder);
        followers.values().forEach(f -> poison.addAll(poisonFor(f.record())));
        before = StateSnapshot.settled(stack, exclusions());

        for (Follower follower : followers.values()) {
            poison.stream().filter(p -> p.record().topic().equals(follower.topic()))
                    .forEach(p -> KafkaProbe.send(p.record()));
            KafkaProbe.send(follower.record());
        }
    }

    @AfterAll
    static void closeTheProbe() {
        if (probe != null) {
            probe.close();
        }
        if (stack != null) {
            Invariants.check(stack);
        }
    }

    @TestFactory
    @Order(1)
    Stream<DynamicTest> everyPoisonousRecordIsParkedWithItsReason() {
        return poison.stream().map(p -> DynamicTest.dynamicTest(p.name(), () -> {
            ConsumerRecord<String, byte[]> dead = probe.await(1, r -> r.topic().equals(
                    Topics.deadLetter(p.record().topic())) && p.name().equals(KafkaProbe.header(r, CASE)), AT_MOST).get(0);
            assertThat(KafkaProbe.header(dead, Headers.DLQ_REASON)).as("dlq-reason").containsIgnoringCase(p.reason());
            assertThat(KafkaProbe.header(dead, Headers.DLQ_ORIGINAL_TOPIC)).isEqualTo(p.record().topic());
            assertThat(dead.key()).as("key").isEqualTo(p.record().key());
            assertThat(Arrays.equals(dead.value(), p.record().value())).as("value intact").isTrue();
            deadLettered++;
        }));
    }

    @TestFactory
    @Order(2)
    Stream<DynamicTest> theValidRecordBehindThePoisonIsProcessed() {
        return followers.values().stream().map(f -> DynamicTest.dynamicTest(f.topic() + " kept flowing",
                () -> f.processed().accept(probe)));
    }

    @Test
    @Order(3)
    void nothingChangedButWhatTheValidRecordsDid() {
        // exactly the rows the valid records legitimately create, and nothing else
        followerRows.forEach((sql, service) -> assertThat(stack.database(service).count(sql)).as(service + ": " + sql)
                .isEqualTo(1));
        StateSnapshot after = StateSnapshot.settled(stack, exclusions());
        List<String> changes = after.changesSince(before);
        System.out.printf("Kafka bad input: %d records on %d topics, %d dead-lettered with their reason, %d partitions"
                + " kept flowing, %d state changes%n", poison.size(), followers.size(), deadLettered, followers.size(),
                changes.size());
        assertThat(changes).as("tables changed by poisonous records").isEmpty();
    }

    // ---- the records ---------------------------------------------------------------------------------------

    private static List<String> consumed() {
        return List.of(Topics.ORDER_COMMANDS, Topics.INVENTORY_COMMANDS, Topics.PAYMENT_COMMANDS,
                Topics.SHIPPING_COMMANDS, Topics.ORDER_EVENTS, Topics.SAGA_REPLIES);
    }

    private static void follow(String topic, ProducerRecord<String, byte[]> command, String replyType) {
        followers.put(topic, new Follower(topic, command, p -> {
            String id = KafkaProbe.header(command.headers(), Headers.CE_ID);
            p.await(1, r -> r.topic().equals(Topics.SAGA_REPLIES) && id.equals(KafkaProbe.header(r, Headers.CAUSATION_ID))
                    && replyType.equals(KafkaProbe.header(r, Headers.CE_TYPE)), AT_MOST);
        }));
    }

    private static void deadLetterOf(KafkaProbe p, ProducerRecord<String, byte[]> record, String reason) {
        String id = KafkaProbe.header(record.headers(), Headers.CE_ID);
        ConsumerRecord<String, byte[]> dead = p.await(1, r -> r.topic().equals(Topics.deadLetter(record.topic()))
                && id.equals(KafkaProbe.header(r, Headers.CE_ID)), AT_MOST).get(0);
        assertThat(KafkaProbe.header(dead, Headers.DLQ_REASON)).containsIgnoringCase(reason);
    }

    /** Every way {@code valid} can be unreadable, each on its key and marked with its case name. */
    private static List<Poison> poisonFor(ProducerRecord<String, byte[]> valid) {
        String topic = valid.topic();
        List<Poison> list = new ArrayList<>();
        Map<String, Object[]> cases = new LinkedHashMap<>();
        cases.put("unknown ce_type", new Object[] { TestMessages.withHeader(valid, Headers.CE_TYPE, "nobody.Knows"),
                "Unknown message type 'nobody.Knows'" });
        cases.put("payload not JSON", new Object[] { TestMessages.withBody(valid, "this is {not json"), "not JSON" });
        cases.put("payload failing its schema", new Object[] { TestMessages.withBody(valid,
                "{\"orderId\":\"not-a-uuid\",\"extra\":1}"), "violates its schema" });
        cases.put("payload of another type", new Object[] { TestMessages.withBody(valid, "[1,2,3]"),
                "violates its schema" });
        cases.put("unknown schema-version", new Object[] { TestMessages.withHeader(valid, Headers.SCHEMA_VERSION, "99"),
                "Unsupported schema version 99" });
        cases.put("schema-version not a number", new Object[] {
                TestMessages.withHeader(valid, Headers.SCHEMA_VERSION, "v1"), "schema-version is not a whole number" });
        for (String header : List.of(Headers.CE_ID, Headers.CE_TYPE, Headers.SCHEMA_VERSION)) {
            cases.put("missing " + header, new Object[] { TestMessages.withHeader(valid, header, null),
                    "Missing required header " + header });
        }
        String sagaId = KafkaProbe.header(valid.headers(), Headers.SAGA_ID);
        ProducerRecord<String, byte[]> withSaga = sagaId != null ? valid
                : TestMessages.withHeader(TestMessages.withHeader(TestMessages.withHeader(valid, Headers.SAGA_ID,
                        UUID.randomUUID().toString()), Headers.SAGA_TYPE, "place-order"), Headers.STEP, "s");
        cases.put("saga-id not a UUID", new Object[] { TestMessages.withHeader(withSaga, Headers.SAGA_ID, "saga-42"),
                "saga-id is not a UUID" });
        cases.put("attempt not a number", new Object[] { TestMessages.withHeader(withSaga, Headers.ATTEMPT, "first"),
                "attempt is not a whole number" });
        cases.put("empty value", new Object[] { TestMessages.withBody(valid, ""), "no content" });
        cases.put("no value (tombstone)", new Object[] { TestMessages.withBody(valid, null), "Empty payload" });
        cases.forEach((name, c) -> {
            @SuppressWarnings("unchecked")
            ProducerRecord<String, byte[]> record = (ProducerRecord<String, byte[]>) c[0];
            String caseName = topic + ": " + name;
            // every record gets fresh ids, so that none is mistaken for a duplicate of another
            ProducerRecord<String, byte[]> marked = KafkaProbe.header(record.headers(), Headers.CE_ID) == null ? record
                    : TestMessages.withHeader(record, Headers.CE_ID, TestMessages.newId());
            marked.headers().add(CASE, caseName.getBytes(StandardCharsets.UTF_8));
            list.add(new Poison(caseName, marked, (String) c[1]));
        });
        return list;
    }

    // ---- what the valid records may change -----------------------------------------------------------------

    private static Map<String, String> followerRows(UUID inventoryOrder, UUID paymentOrder, UUID shippingOrder) {
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("SELECT count(*) FROM reservations WHERE status = 'CANCELLED' AND order_id = '" + inventoryOrder + "'",
                "inventory-service");
        rows.put("SELECT count(*) FROM authorizations WHERE status = 'CANCELLED' AND order_id = '" + paymentOrder + "'",
                "payment-service");
        rows.put("SELECT count(*) FROM shipments WHERE cancelled_before_scheduling AND order_id = '" + shippingOrder
                + "'", "shipping-service");
        for (String topic : List.of(Topics.INVENTORY_COMMANDS, Topics.PAYMENT_COMMANDS, Topics.SHIPPING_COMMANDS)) {
            String service = serviceOf(topic);
            String id = followers.get(topic).id();
            rows.put("SELECT count(*) FROM inbox WHERE message_id = '" + id + "'", service);
            rows.put("SELECT count(*) FROM outbox WHERE causation_id = '" + id + "'", service);
        }
        rows.put("SELECT count(*) FROM inbox WHERE message_id = '" + followers.get(Topics.ORDER_EVENTS).id() + "'",
                "orchestrator");
        return rows;
    }

    /** The snapshot leaves out exactly the rows {@link #followerRows} counts. */
    private static Map<String, String> exclusions() {
        Map<String, String> excluded = new LinkedHashMap<>();
        followerRows.forEach((sql, service) -> {
            String table = sql.replaceFirst("SELECT count\\(\\*\\) FROM (\\w+) WHERE .*", "$1");
            String condition = sql.replaceFirst("SELECT count\\(\\*\\) FROM \\w+ WHERE ", "");
            excluded.merge(service + "." + table, condition, (a, b) -> "(" + a + ") OR (" + b + ")");
        });
        return excluded;
    }

    private static String serviceOf(String topic) {
        return switch (topic) {
            case Topics.INVENTORY_COMMANDS -> "inventory-service";
            case Topics.PAYMENT_COMMANDS -> "payment-service";
            case Topics.SHIPPING_COMMANDS -> "shipping-service";
            default -> throw new IllegalArgumentException(topic);
        };
    }
}
