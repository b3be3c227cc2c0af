package io.sagaplatform.orchestrator.triggers;

import static io.sagaplatform.testing.KafkaProbe.header;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.sagaplatform.contracts.Headers;
import io.sagaplatform.contracts.Message;
import io.sagaplatform.contracts.MessageType;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.inventory.InventoryFailureReason;
import io.sagaplatform.contracts.inventory.InventoryReservationFailed;
import io.sagaplatform.contracts.inventory.InventoryReserved;
import io.sagaplatform.contracts.payment.PaymentAuthorized;
import io.sagaplatform.contracts.payment.PaymentDeclineReason;
import io.sagaplatform.contracts.payment.PaymentDeclined;
import io.sagaplatform.contracts.payment.PaymentCaptured;
import io.sagaplatform.contracts.order.OrderApproved;
import io.sagaplatform.contracts.shipping.ShipmentScheduled;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.contracts.common.OrderLine;
import io.sagaplatform.contracts.common.ShippingAddress;
import io.sagaplatform.contracts.order.OrderPlaced;
import io.sagaplatform.testing.KafkaProbe;
import io.sagaplatform.testing.PostgresTestResource;
import io.sagaplatform.testing.TestKafka;
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
    /**
     * The participants' consumer groups, taking every command as a participant would (committing as they go):
     * the orchestrator resends a timed-out command only once its participant has consumed it.
     */
    private final Map<String, ConsumingGroup> groups = new ConcurrentHashMap<>();

    public Participants() {
        for (String topic : List.of(Topics.INVENTORY_COMMANDS, Topics.PAYMENT_COMMANDS, Topics.SHIPPING_COMMANDS,
                Topics.ORDER_COMMANDS)) {
            resumeConsuming(topic);
        }
    }

    /** The participant of {@code topic} is down: its commands wait in Kafka. */
    public void stopConsuming(String topic) {
        ConsumingGroup group = groups.remove(topic);
        if (group != null) {
            group.close();
        }
    }

    /** The participant of {@code topic} is back and reads on from where its group stopped. */
    public void resumeConsuming(String topic) {
        groups.computeIfAbsent(topic, ConsumingGroup::new);
    }

    /** One participant's consumer group ({@code <context>.commands} is read by {@code <context>-service}). */
    private static final class ConsumingGroup implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        ConsumingGroup(String topic) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
            props.put(ConsumerConfig.GROUP_ID_CONFIG, topic.substring(0, topic.indexOf('.')) + "-service");
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, 100);
            thread = new Thread(() -> {
                try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                        new ByteArrayDeserializer())) {
                    consumer.subscribe(List.of(topic));
                    while (running.get()) {
                        consumer.poll(Duration.ofMillis(100));
                    }
                }
            }, "participant-" + topic);
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() {
            running.set(false);
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

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

    /** Both steps of the first stage succeed: the stock is reserved and the payment authorized. */
    public void passFirstStage(UUID sagaId, UUID orderId) {
        reply(sagaId, "reserve-inventory", MessageTypes.INVENTORY_RESERVED, new InventoryReserved(orderId));
        awaitCommand(orderId, MessageTypes.AUTHORIZE_PAYMENT, 1);
        reply(sagaId, "authorize-payment", MessageTypes.PAYMENT_AUTHORIZED, new PaymentAuthorized(orderId, UUID.randomUUID()));
    }

    /** The shipment is scheduled: the saga moves on to its pivot stage (approve-order ∥ capture-payment). */
    public void passSchedule(UUID sagaId, UUID orderId) {
        awaitCommand(orderId, MessageTypes.SCHEDULE_SHIPMENT, 1);
        reply(sagaId, "schedule-shipment", MessageTypes.SHIPMENT_SCHEDULED,
                new ShipmentScheduled(orderId, UUID.randomUUID()));
    }

    /**
     * Answers a successful saga's commands for the placed order up to the approval, and waits until the capture
     * is asked; returns the saga id.
     */
    public UUID driveToCapture(UUID orderId) {
        UUID sagaId = sagaOf(awaitCommand(orderId, MessageTypes.RESERVE_INVENTORY, 1));
        passFirstStage(sagaId, orderId);
        passSchedule(sagaId, orderId);
        awaitCommand(orderId, MessageTypes.APPROVE_ORDER, 1);
        reply(sagaId, "approve-order", MessageTypes.ORDER_APPROVED, new OrderApproved(orderId));
        awaitCommand(orderId, MessageTypes.CAPTURE_PAYMENT, 1);
        return sagaId;
    }

    /** Places an order and answers every command of its saga successfully; returns the saga id. */
    public UUID complete() {
        UUID orderId = placeOrder();
        UUID sagaId = driveToCapture(orderId);
        reply(sagaId, "capture-payment", MessageTypes.PAYMENT_CAPTURED, new PaymentCaptured(orderId));
        return sagaId;
    }

    /**
     * Fails the first stage by business rules: the reservation fails with {@code reason}, and the payment asked
     * beside it is declined once it arrives — then nothing is left to undo and the saga rejects the order.
     */
    public void failFirstStage(UUID sagaId, UUID orderId, InventoryFailureReason reason, String detail) {
        reply(sagaId, "reserve-inventory", MessageTypes.INVENTORY_RESERVATION_FAILED,
                new InventoryReservationFailed(orderId, reason, detail));
        awaitCommand(orderId, MessageTypes.AUTHORIZE_PAYMENT, 1);
        reply(sagaId, "authorize-payment", MessageTypes.PAYMENT_DECLINED,
                new PaymentDeclined(orderId, PaymentDeclineReason.INSUFFICIENT_CREDIT, null));
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
        groups.values().forEach(ConsumingGroup::close);
        groups.clear();
        commands.close();
    }
}
