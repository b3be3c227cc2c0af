package io.sagaplatform.shipping;

import static io.sagaplatform.testing.KafkaProbe.header;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.sagaplatform.contracts.Headers;
import io.sagaplatform.contracts.MessageType;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.contracts.WireFormat;
import io.sagaplatform.contracts.common.ShippingAddress;
import io.sagaplatform.contracts.common.StockLine;
import io.sagaplatform.contracts.shipping.CancelShipment;
import io.sagaplatform.contracts.shipping.ScheduleShipment;
import io.sagaplatform.contracts.shipping.ShippingReply;
import io.sagaplatform.testing.KafkaProbe;
import io.sagaplatform.testing.TestMessages;

/**
 * Plays the orchestrator towards shipping-service: builds its commands exactly as it publishes them on
 * {@code shipping.commands}, and reads the replies on {@code saga.replies}, checking that each answers its
 * command (causation id) under the command's saga headers.
 */
public final class ShippingCommands {

    public static final Duration AT_MOST = Duration.ofSeconds(60);
    private static final String STEP = "schedule-shipment";

    private ShippingCommands() {
    }

    public static ScheduleShipment scheduleTo(UUID orderId, String country, String postalCode, int quantity) {
        return new ScheduleShipment(orderId, new ShippingAddress("Alice", "1 Main St", "Lyon", postalCode, country),
                List.of(new StockLine("SKU-APPLE", quantity), new StockLine("SKU-PEAR", 1)));
    }

    /** To a serviceable address (Lyon, France), 2 apples and a pear. */
    public static ScheduleShipment schedule(UUID orderId) {
        return scheduleTo(orderId, "FR", "69001", 2);
    }

    public static ProducerRecord<String, byte[]> record(ScheduleShipment command, UUID sagaId, String messageId) {
        return TestMessages.saga(Topics.SHIPPING_COMMANDS, MessageTypes.SCHEDULE_SHIPMENT, command, sagaId, STEP, 1,
                messageId);
    }

    public static ProducerRecord<String, byte[]> cancel(UUID orderId, UUID sagaId, String messageId) {
        return TestMessages.saga(Topics.SHIPPING_COMMANDS, MessageTypes.CANCEL_SHIPMENT, new CancelShipment(orderId),
                sagaId, STEP, 1, messageId);
    }

    /** Sends the record and returns its message id. */
    public static String send(ProducerRecord<String, byte[]> record) {
        KafkaProbe.send(record);
        return header(record.headers(), Headers.CE_ID);
    }

    /**
     * Waits for {@code count} replies to the command {@code commandId}, checks that each is keyed by the saga,
     * carries the command's id as causation and its saga headers, and returns them.
     */
    public static List<ConsumerRecord<String, byte[]>> awaitReplies(KafkaProbe replies, UUID sagaId, String commandId,
            int count) {
        List<ConsumerRecord<String, byte[]>> answers = replies.await(count,
                r -> sagaId.toString().equals(r.key()) && commandId.equals(header(r, Headers.CAUSATION_ID)), AT_MOST);
        for (ConsumerRecord<String, byte[]> reply : answers) {
            assertThat(header(reply, Headers.SAGA_ID)).isEqualTo(sagaId.toString());
            assertThat(header(reply, Headers.SAGA_TYPE)).isEqualTo("place-order");
            assertThat(header(reply, Headers.STEP)).isEqualTo(STEP);
            assertThat(header(reply, Headers.ATTEMPT)).isEqualTo("1");
            assertThat(header(reply, Headers.CE_SOURCE)).isEqualTo("/shipping-service");
            assertThat(header(reply, Headers.CE_ID)).isNotEqualTo(commandId);
        }
        return answers;
    }

    /** The one reply to {@code commandId}, decoded as {@code type} (its {@code ce_type} checked first). */
    public static <T extends ShippingReply> T awaitReply(KafkaProbe replies, UUID sagaId, String commandId,
            MessageType<T> type) {
        return decode(type, awaitReplies(replies, sagaId, commandId, 1).get(0));
    }

    public static <T extends ShippingReply> T decode(MessageType<T> type, ConsumerRecord<String, byte[]> reply) {
        assertThat(header(reply, Headers.CE_TYPE)).isEqualTo(type.name());
        return WireFormat.decode(type, reply.value());
    }
}
