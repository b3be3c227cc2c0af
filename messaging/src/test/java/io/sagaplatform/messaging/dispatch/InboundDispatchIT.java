package io.sagaplatform.messaging.dispatch;

import static io.sagaplatform.testing.KafkaProbe.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sagaplatform.contracts.Headers;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.contracts.WireFormat;
import io.sagaplatform.contracts.common.StockLine;
import io.sagaplatform.contracts.inventory.InventoryReleased;
import io.sagaplatform.contracts.inventory.ReleaseInventory;
import io.sagaplatform.contracts.inventory.ReserveInventory;
import io.sagaplatform.messaging.SagaContext;
import io.sagaplatform.messaging.outbox.OutboxMessage;
import io.sagaplatform.testing.ServiceTestProfile;
import io.sagaplatform.messaging.support.ReserveInventoryTestHandler;
import io.sagaplatform.messaging.support.TestOutboxWriter;
import io.sagaplatform.testing.KafkaProbe;
import io.sagaplatform.testing.TestMessages;

/**
 * Kafka → inbox → handler: de-duplication, dead letters with reasons, and a partition that keeps flowing
 * after a bad record. The test service consumes {@code inventory.commands} with a handler whose effect is
 * a row in {@code test_effects}.
 */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class InboundDispatchIT {

    private static final Duration AT_MOST = Duration.ofSeconds(60);
    private static final String DLQ = Topics.deadLetter(Topics.INVENTORY_COMMANDS);
    private static KafkaProbe dlq;

    @Inject
    TestOutboxWriter db;

    @Inject
    MessageDispatcher dispatcher;

    @BeforeAll
    static void readDeadLetters() {
        dlq = KafkaProbe.reading(DLQ);
    }

    @AfterAll
    static void closeProbe() {
        dlq.close();
    }

    @Test
    void aCommandWrittenToTheOutboxTravelsThroughKafkaAndIsAppliedOnce() {
        UUID orderId = UUID.randomUUID();
        SagaContext saga = new SagaContext(UUID.randomUUID(), "place-order", "reserve-inventory", 1);
        UUID id = db.append(OutboxMessage.command(Topics.INVENTORY_COMMANDS, saga, "order", orderId.toString(),
                reserve(orderId, "SKU-APPLE"))).get(0);

        await().atMost(AT_MOST).until(() -> effects(orderId) == 1);
        assertThat(db.count("SELECT count(*) FROM test_effects WHERE message_id = ?1", id.toString())).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM inbox WHERE consumer = 'messaging-test' AND message_id = ?1",
                id.toString())).isEqualTo(1);
    }

    @Test
    void aMessageDeliveredTwiceHasItsEffectOnce() {
        UUID orderId = UUID.randomUUID();
        String messageId = UUID.randomUUID().toString();
        ProducerRecord<String, byte[]> record = valid(orderId, messageId, "SKU-APPLE");
        KafkaProbe.send(record);
        KafkaProbe.send(valid(orderId, messageId, "SKU-APPLE"));
        // a later message on the same key proves both copies were consumed before we look
        UUID marker = UUID.randomUUID();
        KafkaProbe.send(valid(marker, UUID.randomUUID().toString(), "SKU-APPLE", orderId.toString()));
        await().atMost(AT_MOST).until(() -> effects(marker) == 1);

        assertThat(effects(orderId)).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM inbox WHERE message_id = ?1", messageId)).isEqualTo(1);
    }

    @Test
    void aSagaCommandDeliveredAgainIsNotAppliedAgainButItsReplyIsSentAgain() {
        UUID orderId = UUID.randomUUID();
        UUID sagaId = UUID.randomUUID();
        String commandId = TestMessages.newId();
        try (KafkaProbe replies = KafkaProbe.reading(Topics.SAGA_REPLIES)) {
            for (int delivery = 1; delivery <= 3; delivery++) {
                KafkaProbe.send(TestMessages.saga(Topics.INVENTORY_COMMANDS, MessageTypes.RESERVE_INVENTORY,
                        reserve(orderId, "SKU-APPLE"), sagaId, "reserve-inventory", 1, commandId));
            }
            List<ConsumerRecord<String, byte[]>> sent = replies.await(3, r -> sagaId.toString().equals(r.key()), AT_MOST);

            assertThat(effects(orderId)).as("applied once").isEqualTo(1);
            assertThat(sent).extracting(r -> header(r, Headers.CE_TYPE))
                    .containsOnly(MessageTypes.INVENTORY_RESERVED.name());
            assertThat(sent).extracting(r -> header(r, Headers.CAUSATION_ID)).containsOnly(commandId);
            assertThat(sent).extracting(r -> header(r, Headers.CE_ID)).doesNotHaveDuplicates();
            // each redelivery replays the original reply once, never the replays themselves
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> replies.records(r -> sagaId.toString().equals(r.key())).size() == 3);
        }
    }

    @Test
    void aParticipantsReplyCarriesTheCommandsSagaContextAndIsSentAgainOnRedelivery() {
        UUID orderId = UUID.randomUUID();
        UUID sagaId = UUID.randomUUID();
        String commandId = TestMessages.newId();
        try (KafkaProbe replies = KafkaProbe.reading(Topics.SAGA_REPLIES)) {
            for (int delivery = 1; delivery <= 2; delivery++) {
                KafkaProbe.send(TestMessages.saga(Topics.INVENTORY_COMMANDS, MessageTypes.RELEASE_INVENTORY,
                        new ReleaseInventory(orderId), sagaId, "reserve-inventory", 2, commandId));
            }
            List<ConsumerRecord<String, byte[]>> sent = replies.await(2, r -> sagaId.toString().equals(r.key()), AT_MOST);

            assertThat(db.count("SELECT count(*) FROM test_effects WHERE message_id = ?1", "release:" + orderId))
                    .as("applied once").isEqualTo(1);
            assertThat(sent).extracting(r -> header(r, Headers.CE_TYPE))
                    .containsOnly(MessageTypes.INVENTORY_RELEASED.name());
            assertThat(sent).extracting(r -> header(r, Headers.CAUSATION_ID)).containsOnly(commandId);
            assertThat(sent).extracting(r -> header(r, Headers.SAGA_ID)).containsOnly(sagaId.toString());
            assertThat(sent).extracting(r -> header(r, Headers.STEP)).containsOnly("reserve-inventory");
            assertThat(sent).extracting(r -> header(r, Headers.ATTEMPT)).containsOnly("2");
            assertThat(sent).extracting(r -> header(r, Headers.CE_SUBJECT)).containsOnly(orderId.toString());
            assertThat(WireFormat.decode(MessageTypes.INVENTORY_RELEASED, sent.get(0).value()))
                    .isEqualTo(new InventoryReleased(orderId, false));
        }
    }

    @Test
    void anUnknownMessageTypeIsDeadLetteredWithItsReasonAndThePartitionKeepsFlowing() {
        UUID orderId = UUID.randomUUID();
        ProducerRecord<String, byte[]> unknown = valid(orderId, UUID.randomUUID().toString(), "SKU-APPLE");
        unknown.headers().remove(Headers.CE_TYPE).add(Headers.CE_TYPE, bytes("inventory.CountStock"));

        ConsumerRecord<String, byte[]> dead = sendBadThenGood(unknown, orderId);
        assertThat(header(dead, Headers.DLQ_REASON)).contains("Unknown message type 'inventory.CountStock'");
        assertThat(header(dead, Headers.DLQ_ORIGINAL_TOPIC)).isEqualTo(Topics.INVENTORY_COMMANDS);
        assertThat(header(dead, Headers.DLQ_CONSUMER)).isEqualTo("messaging-test");
        assertThat(dead.value()).isEqualTo(unknown.value());
    }

    @Test
    void anUnknownSchemaVersionIsDeadLetteredRatherThanGuessed() {
        UUID orderId = UUID.randomUUID();
        ProducerRecord<String, byte[]> v2 = valid(orderId, UUID.randomUUID().toString(), "SKU-APPLE");
        v2.headers().remove(Headers.SCHEMA_VERSION).add(Headers.SCHEMA_VERSION, bytes("2"));

        ConsumerRecord<String, byte[]> dead = sendBadThenGood(v2, orderId);
        assertThat(header(dead, Headers.DLQ_REASON)).contains("Unsupported schema version 2");
        assertThat(effects(orderId)).isZero();
    }

    @Test
    void anUnreadablePayloadIsDeadLetteredWithTheSchemaViolation() {
        UUID orderId = UUID.randomUUID();
        ProducerRecord<String, byte[]> broken = valid(orderId, UUID.randomUUID().toString(), "SKU-APPLE");
        String json = "{\"orderId\":\"" + orderId + "\",\"lines\":[{\"sku\":\"SKU-APPLE\",\"quantity\":-3}]}";
        ProducerRecord<String, byte[]> negative = new ProducerRecord<>(broken.topic(), null, broken.key(),
                bytes(json), broken.headers());

        ConsumerRecord<String, byte[]> dead = sendBadThenGood(negative, orderId);
        assertThat(header(dead, Headers.DLQ_REASON)).contains("Unreadable payload").contains("quantity");
    }

    @Test
    void aRecordWithoutItsIdHeaderIsDeadLettered() {
        UUID orderId = UUID.randomUUID();
        ProducerRecord<String, byte[]> anonymous = valid(orderId, UUID.randomUUID().toString(), "SKU-APPLE");
        anonymous.headers().remove(Headers.CE_ID);

        ConsumerRecord<String, byte[]> dead = sendBadThenGood(anonymous, orderId);
        assertThat(header(dead, Headers.DLQ_REASON)).isEqualTo("Missing required header " + Headers.CE_ID);
    }

    @Test
    void aHandlerThatKeepsFailingIsDeadLetteredAfterItsAttemptsWithTheException() {
        UUID orderId = UUID.randomUUID();
        ProducerRecord<String, byte[]> failing = valid(orderId, UUID.randomUUID().toString(),
                ReserveInventoryTestHandler.BROKEN_SKU);

        ConsumerRecord<String, byte[]> dead = sendBadThenGood(failing, orderId);
        assertThat(header(dead, Headers.DLQ_REASON)).contains("failed 3 times")
                .contains("cannot handle " + ReserveInventoryTestHandler.BROKEN_SKU);
        assertThat(header(dead, Headers.DLQ_EXCEPTION)).contains("IllegalStateException");
        assertThat(db.count("SELECT count(*) FROM inbox WHERE message_id = ?1", header(dead, Headers.CE_ID)))
                .as("the failed attempt rolled back its inbox entry").isZero();
    }

    @Test
    void theRecordsOfOnePollAreAppliedInOneTransactionInTheirOrder() {
        List<UUID> orders = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        List<ConsumerRecord<String, byte[]>> poll = new ArrayList<>();
        for (UUID order : orders) {
            poll.add(polled(valid(order, UUID.randomUUID().toString(), "SKU-APPLE"), poll.size()));
        }

        assertThat(dispatcher.dispatchAll(poll)).containsOnly(MessageDispatcher.Outcome.APPLIED).hasSize(4);
        assertThat(db.count("SELECT count(DISTINCT txid) FROM test_effects WHERE order_id IN (?1, ?2, ?3, ?4)",
                orders.toArray())).as("one commit for the poll").isEqualTo(1);
        assertThat(appliedInOrder(orders)).isTrue();
    }

    @Test
    void aPoisonRecordInAPollIsDeadLetteredAloneWhileTheOthersAreAppliedOnceInOrder() {
        UUID first = UUID.randomUUID();
        UUID broken = UUID.randomUUID();
        UUID unknown = UUID.randomUUID();
        UUID last = UUID.randomUUID();
        String firstId = UUID.randomUUID().toString();
        ProducerRecord<String, byte[]> unknownType = valid(unknown, UUID.randomUUID().toString(), "SKU-APPLE");
        unknownType.headers().remove(Headers.CE_TYPE).add(Headers.CE_TYPE, bytes("inventory.CountStock"));
        List<ConsumerRecord<String, byte[]>> poll = List.of(
                polled(valid(first, firstId, "SKU-APPLE"), 0),
                polled(valid(first, firstId, "SKU-APPLE"), 1), // the same message again, in the same poll
                polled(valid(broken, UUID.randomUUID().toString(), ReserveInventoryTestHandler.BROKEN_SKU), 2),
                polled(unknownType, 3),
                polled(valid(last, UUID.randomUUID().toString(), "SKU-APPLE"), 4));

        assertThat(dispatcher.dispatchAll(poll)).containsExactly(MessageDispatcher.Outcome.APPLIED,
                MessageDispatcher.Outcome.DUPLICATE, MessageDispatcher.Outcome.DEAD_LETTERED,
                MessageDispatcher.Outcome.DEAD_LETTERED, MessageDispatcher.Outcome.APPLIED);
        assertThat(effects(first)).isEqualTo(1);
        assertThat(effects(last)).isEqualTo(1);
        assertThat(effects(broken)).isZero();
        assertThat(appliedInOrder(List.of(first, last))).isTrue();
        assertThat(dlq.await(1, r -> broken.toString().equals(r.key()), AT_MOST).get(0))
                .satisfies(dead -> assertThat(header(dead, Headers.DLQ_REASON)).contains("failed 3 times"));
        assertThat(dlq.await(1, r -> unknown.toString().equals(r.key()), AT_MOST).get(0))
                .satisfies(dead -> assertThat(header(dead, Headers.DLQ_REASON)).contains("Unknown message type"));
    }

    /** Whether the effects of {@code orders} were recorded in that order (one effect each). */
    private boolean appliedInOrder(List<UUID> orders) {
        long previous = 0;
        for (UUID order : orders) {
            long id = db.count("SELECT id FROM test_effects WHERE order_id = ?1", order);
            if (id <= previous) {
                return false;
            }
            previous = id;
        }
        return true;
    }

    /** {@code sent} as the consumer would hand it over from a poll (partition 0, the given offset). */
    private static ConsumerRecord<String, byte[]> polled(ProducerRecord<String, byte[]> sent, long offset) {
        return new ConsumerRecord<>(sent.topic(), 0, 1_000_000_000L + offset, System.currentTimeMillis(),
                TimestampType.CREATE_TIME, -1, -1, sent.key(), sent.value(), sent.headers(), Optional.empty());
    }

    /**
     * Sends a bad record and then a good one with the same key (same partition); returns the dead letter once
     * the good one was applied, which proves the partition was not blocked.
     */
    private ConsumerRecord<String, byte[]> sendBadThenGood(ProducerRecord<String, byte[]> bad, UUID badOrderId) {
        String badId = header(bad.headers(), Headers.CE_ID);
        KafkaProbe.send(bad);
        UUID next = UUID.randomUUID();
        KafkaProbe.send(valid(next, UUID.randomUUID().toString(), "SKU-APPLE", bad.key()));
        await().atMost(AT_MOST).until(() -> effects(next) == 1);
        List<ConsumerRecord<String, byte[]>> dead = dlq.await(1, r -> badOrderId.toString().equals(r.key())
                || (badId != null && badId.equals(header(r, Headers.CE_ID))), AT_MOST);
        assertThat(dead).hasSize(1);
        return dead.get(0);
    }

    private long effects(UUID orderId) {
        return db.count("SELECT count(*) FROM test_effects WHERE order_id = ?1", orderId);
    }

    private static ReserveInventory reserve(UUID orderId, String sku) {
        return new ReserveInventory(orderId, List.of(new StockLine(sku, 1)));
    }

    private static ProducerRecord<String, byte[]> valid(UUID orderId, String messageId, String sku) {
        return valid(orderId, messageId, sku, orderId.toString());
    }

    private static ProducerRecord<String, byte[]> valid(UUID orderId, String messageId, String sku, String key) {
        return TestMessages.plain(Topics.INVENTORY_COMMANDS, key, MessageTypes.RESERVE_INVENTORY, reserve(orderId, sku),
                messageId);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
