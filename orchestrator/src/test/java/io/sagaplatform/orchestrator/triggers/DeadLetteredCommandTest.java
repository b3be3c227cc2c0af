package io.sagaplatform.orchestrator.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.sagaplatform.contracts.Headers;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.orchestrator.engine.DeadLetter;

/** How a record on a command topic's {@code .dlq} is read, and which of them the orchestrator reads at all. */
class DeadLetteredCommandTest {

    final UUID sagaId = UUID.randomUUID();

    @Test
    void readsTheCommandsSagaStepAttemptAndIdAndWhoRefusedItWhy() {
        ConsumerRecord<String, byte[]> record = parked();
        DeadLetteredCommand read = DeadLetteredCommand.read(record);
        assertThat(read.sagaId()).isEqualTo(sagaId);
        assertThat(read.letter()).isEqualTo(new DeadLetter("capture-payment", 2, "m-1", "payment.CapturePayment",
                "payment-service", "refused"));
        assertThat(read.key()).as("where the command itself was read").isEqualTo("dead letter of payment.commands-1@42");
    }

    @Test
    void aDeadLetterWithoutItsOriginIsKeyedByWhereItWasParked() {
        ConsumerRecord<String, byte[]> record = parked();
        record.headers().remove(Headers.DLQ_ORIGINAL_OFFSET);
        assertThat(DeadLetteredCommand.read(record).key()).isEqualTo("dead letter at payment.commands.dlq-0@7");
    }

    @Test
    void aLongReasonIsCut() {
        ConsumerRecord<String, byte[]> record = parked();
        record.headers().remove(Headers.DLQ_REASON).add(Headers.DLQ_REASON, bytes("x".repeat(5000)));
        assertThat(DeadLetteredCommand.read(record).letter().reason()).hasSize(DeadLetteredCommand.MAX_REASON);
    }

    @Test
    void aRecordThatDoesNotNameASagaCommandIsUnreadable() {
        for (String header : List.of(Headers.SAGA_ID, Headers.STEP, Headers.ATTEMPT, Headers.CE_ID)) {
            ConsumerRecord<String, byte[]> record = parked();
            record.headers().remove(header);
            assertThatThrownBy(() -> DeadLetteredCommand.read(record)).as(header)
                    .isInstanceOf(DeadLetteredCommand.Unreadable.class).hasMessageContaining(header);
        }
        ConsumerRecord<String, byte[]> notAUuid = parked();
        notAUuid.headers().remove(Headers.SAGA_ID).add(Headers.SAGA_ID, bytes("42"));
        assertThatThrownBy(() -> DeadLetteredCommand.read(notAUuid)).isInstanceOf(DeadLetteredCommand.Unreadable.class);
    }

    @Test
    void theOrchestratorReadsTheDeadLetterTopicOfEveryCommandTopic() throws IOException {
        Properties config = new Properties();
        // the main configuration (the tests' own application.properties shadows it on the class path)
        try (var in = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of("src/main/resources/application.properties"))) {
            config.load(in);
        }
        List<String> read = Arrays.stream(config.getProperty("mp.messaging.incoming." + CommandDeadLetters.CHANNEL
                + ".topics").split(",")).map(String::trim).toList();
        assertThat(read).containsExactlyInAnyOrder(Topics.all().stream().filter(t -> t.endsWith(".commands"))
                .map(Topics::deadLetter).toArray(String[]::new));
        assertThat(config.getProperty("mp.messaging.incoming." + CommandDeadLetters.CHANNEL + ".group.id"))
                .isEqualTo(CommandDeadLetters.CONSUMER);
    }

    private ConsumerRecord<String, byte[]> parked() {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("payment.commands.dlq", 0, 7, sagaId.toString(),
                bytes("{}"));
        record.headers().add(Headers.CE_ID, bytes("m-1")).add(Headers.CE_TYPE, bytes("payment.CapturePayment"))
                .add(Headers.SAGA_ID, bytes(sagaId.toString())).add(Headers.SAGA_TYPE, bytes("place-order"))
                .add(Headers.STEP, bytes("capture-payment")).add(Headers.ATTEMPT, bytes("2"))
                .add(Headers.DLQ_REASON, bytes("refused")).add(Headers.DLQ_CONSUMER, bytes("payment-service"))
                .add(Headers.DLQ_ORIGINAL_TOPIC, bytes("payment.commands"))
                .add(Headers.DLQ_ORIGINAL_PARTITION, bytes("1")).add(Headers.DLQ_ORIGINAL_OFFSET, bytes("42"));
        return record;
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
