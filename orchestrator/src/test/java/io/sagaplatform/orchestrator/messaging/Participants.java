package io.sagaplatform.orchestrator.messaging;

import static io.sagaplatform.testing.KafkaProbe.header;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.sagaplatform.contracts.Headers;
import io.sagaplatform.contracts.Message;
import io.sagaplatform.contracts.MessageType;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.contracts.common.OrderLine;
import io.sagaplatform.contracts.common.ShippingAddress;
import io.sagaplatform.contracts.order.OrderPlaced;
import io.sagaplatform.testing.KafkaProbe;
import io.sagaplatform.testing.PostgresTestResource;
import io.sagaplatform.testing.TestMessages;

/**
 * Plays the order service and the participants around the orchestrator: places orders on
 * {@code order.events}, watches the commands the orchestrator sends, and answers them on
 * {@code saga.replies} exactly as a participant's relay would.
 */
public final class Participants implements AutoCloseable {

    public static final Duration AT_MOST = Duration.ofSeconds(60);

    private final KafkaProbe commands = KafkaProbe.reading(Topics.INVENTORY_COMMANDS, Topics.PAYMENT_COMMANDS,
            Topics.SHIPPING_COMMANDS, Topics.ORDER_COMMANDS);

    public UUID placeOrder() {
        UUID orderId = UUID.randomUUID();
        KafkaProbe.send(TestMessages.plain(Topics.ORDER_EVENTS, orderId.toString(), MessageTypes.ORDER_PLACED,
                placed(orderId), TestMessages.newId()));
        return orderId;
    }

    public static OrderPlaced placed(UUID orderId) {
        return new OrderPlaced(orderId, "alice", List.of(new OrderLine("SKU-APPLE", 2, new BigDecimal("1.25"))),
                new BigDecimal("2.50"), "EUR", new ShippingAddress("Alice", "1 Main St", "Lyon", "69001", "FR"),
                Instant.now());
    }

    public <T extends Message> void reply(UUID sagaId, String step, MessageType<T> type, T payload) {
        KafkaProbe.send(TestMessages.saga(Topics.SAGA_REPLIES, type, payload, sagaId, step, 1, TestMessages.newId()));
    }

    /** Waits for the {@code attempt}-th send of a command of {@code type} about the order. */
    public ConsumerRecord<String, byte[]> awaitCommand(UUID orderId, MessageType<?> type, int attempt) {
        return commands.await(1, r -> orderId.toString().equals(header(r, Headers.CE_SUBJECT))
                && type.name().equals(header(r, Headers.CE_TYPE))
                && Integer.toString(attempt).equals(header(r, Headers.ATTEMPT)), AT_MOST).get(0);
    }

    public List<ConsumerRecord<String, byte[]>> commandsOf(UUID sagaId, MessageType<?> type) {
        return commands.records(r -> sagaId.toString().equals(r.key()) && type.name().equals(header(r, Headers.CE_TYPE)));
    }

    public static UUID sagaOf(ConsumerRecord<String, byte[]> command) {
        return UUID.fromString(header(command, Headers.SAGA_ID));
    }

    public static String status(UUID sagaId) {
        try (var c = PostgresTestResource.current().connect();
                var ps = c.prepareStatement("SELECT status FROM saga_instance WHERE id = ?")) {
            ps.setObject(1, sagaId);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "";
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        commands.close();
    }
}
