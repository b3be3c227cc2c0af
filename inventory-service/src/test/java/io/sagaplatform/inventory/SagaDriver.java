package io.sagaplatform.inventory;

import static io.sagaplatform.testing.KafkaProbe.header;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.sagaplatform.contracts.Headers;
import io.sagaplatform.contracts.Message;
import io.sagaplatform.contracts.MessageType;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.contracts.WireFormat;
import io.sagaplatform.contracts.common.StockLine;
import io.sagaplatform.contracts.inventory.ReleaseInventory;
import io.sagaplatform.contracts.inventory.ReserveInventory;
import io.sagaplatform.testing.KafkaProbe;
import io.sagaplatform.testing.TestMessages;

/**
 * Plays the orchestrator over the real broker: sends inventory commands exactly as it publishes them and
 * reads what inventory-service answered on {@code saga.replies}. Every reply it hands out has been checked
 * to answer its command: keyed by the saga id, {@code causation-id} = the command's id, saga headers copied.
 */
public final class SagaDriver implements AutoCloseable {

    public static final Duration AT_MOST = Duration.ofSeconds(60);
    private static final String RESERVE_STEP = "reserve-inventory";
    private static final String RELEASE_STEP = "release-inventory";
    /** Releases go out as a retried attempt, so that a reply cannot pass the header checks with a fixed 1. */
    private static final int RELEASE_ATTEMPT = 2;

    private final KafkaProbe replies = KafkaProbe.reading(Topics.SAGA_REPLIES);

    /** A command as it was sent: the record (to deliver it again) and what its replies must carry. */
    public record Sent(UUID sagaId, String messageId, String step, int attempt, ProducerRecord<String, byte[]> record) {
    }

    public static ProducerRecord<String, byte[]> reserveRecord(UUID sagaId, UUID orderId, String messageId,
            StockLine... lines) {
        return command(MessageTypes.RESERVE_INVENTORY, new ReserveInventory(orderId, List.of(lines)), sagaId,
                RESERVE_STEP, 1, messageId);
    }

    public static Sent reserve(UUID sagaId, UUID orderId, StockLine... lines) {
        String id = TestMessages.newId();
        return send(new Sent(sagaId, id, RESERVE_STEP, 1, reserveRecord(sagaId, orderId, id, lines)));
    }

    public static Sent release(UUID sagaId, UUID orderId) {
        String id = TestMessages.newId();
        return send(new Sent(sagaId, id, RELEASE_STEP, RELEASE_ATTEMPT, command(MessageTypes.RELEASE_INVENTORY,
                new ReleaseInventory(orderId), sagaId, RELEASE_STEP, RELEASE_ATTEMPT, id)));
    }

    /** Delivers the command (again, when it was sent before: same id, same content). */
    public static Sent send(Sent command) {
        KafkaProbe.send(command.record());
        return command;
    }

    public static StockLine line(String sku, int quantity) {
        return new StockLine(sku, quantity);
    }

    /** Waits for {@code count} replies to {@code command} and checks each answers it. */
    public List<ConsumerRecord<String, byte[]>> replies(Sent command, int count) {
        List<ConsumerRecord<String, byte[]>> answers = replies.await(count,
                r -> command.messageId().equals(header(r, Headers.CAUSATION_ID)), AT_MOST);
        for (ConsumerRecord<String, byte[]> reply : answers) {
            assertThat(reply.key()).as("key").isEqualTo(command.sagaId().toString());
            assertThat(header(reply, Headers.SAGA_ID)).as("saga-id").isEqualTo(command.sagaId().toString());
            assertThat(header(reply, Headers.SAGA_TYPE)).as("saga-type").isEqualTo("place-order");
            assertThat(header(reply, Headers.STEP)).as("step").isEqualTo(command.step());
            assertThat(header(reply, Headers.ATTEMPT)).as("attempt").isEqualTo(Integer.toString(command.attempt()));
            assertThat(header(reply, Headers.CE_SOURCE)).as("source").isEqualTo("/inventory-service");
        }
        return answers;
    }

    /** The single reply to {@code command}, which must be of {@code type}. */
    public <T extends Message> T reply(Sent command, MessageType<T> type) {
        ConsumerRecord<String, byte[]> reply = replies(command, 1).get(0);
        assertThat(header(reply, Headers.CE_TYPE)).isEqualTo(type.name());
        return WireFormat.decode(type, reply.value());
    }

    /** Every reply received so far for the saga, in arrival order. */
    public List<ConsumerRecord<String, byte[]>> repliesOfSaga(UUID sagaId) {
        return replies.records(r -> sagaId.toString().equals(r.key()));
    }

    @Override
    public void close() {
        replies.close();
    }

    private static <T extends Message> ProducerRecord<String, byte[]> command(MessageType<T> type, T payload,
            UUID sagaId, String step, int attempt, String messageId) {
        return TestMessages.saga(Topics.INVENTORY_COMMANDS, type, payload, sagaId, step, attempt, messageId);
    }
}
