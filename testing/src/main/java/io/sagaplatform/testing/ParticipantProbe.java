package io.sagaplatform.testing;

import static io.sagaplatform.testing.KafkaProbe.header;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.sagaplatform.contracts.Headers;
import io.sagaplatform.contracts.Message;
import io.sagaplatform.contracts.MessageType;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.contracts.WireFormat;

/**
 * Plays the orchestrator towards one saga participant over the real broker: reads what the participant
 * answered on {@code saga.replies} and what it parked on {@code <command topic>.dlq}. Every reply it hands out
 * has been checked to be <em>the</em> reply to its command, as the orchestrator relies on: keyed like the
 * command, {@code causation-id} = the command's {@code ce_id}, the saga headers copied, sent by the participant
 * under a message id of its own. A participant's tests extend it with the commands of their own domain.
 */
public class ParticipantProbe implements AutoCloseable {

    /** How long a participant may take to answer, through its inbox, outbox and the relay. */
    public static final Duration AT_MOST = Duration.ofSeconds(60);
    /** The saga context a reply must carry back unchanged, so that the orchestrator can route it. */
    private static final List<String> SAGA_HEADERS = List.of(Headers.SAGA_ID, Headers.SAGA_TYPE, Headers.STEP,
            Headers.ATTEMPT);

    private final String service;
    private final String commandTopic;
    private final KafkaProbe replies;
    private final KafkaProbe deadLetters;

    /**
     * @param service      the participant's service name: its replies' {@code ce_source} is {@code /<service>},
     *                     its dead letters' {@code dlq-consumer} is {@code <service>}
     * @param commandTopic the topic it reads its commands from, e.g. {@link Topics#PAYMENT_COMMANDS}
     */
    public ParticipantProbe(String service, String commandTopic) {
        this.service = Objects.requireNonNull(service, "service");
        this.commandTopic = Objects.requireNonNull(commandTopic, "commandTopic");
        this.replies = KafkaProbe.reading(Topics.SAGA_REPLIES);
        this.deadLetters = KafkaProbe.reading(Topics.deadLetter(commandTopic));
    }

    /** Delivers the command (again, when it was sent before: same id, same content) and returns it. */
    public static ProducerRecord<String, byte[]> send(ProducerRecord<String, byte[]> command) {
        KafkaProbe.send(command);
        return command;
    }

    /** The command's {@code ce_id}. */
    public static String messageId(ProducerRecord<String, byte[]> command) {
        return header(command.headers(), Headers.CE_ID);
    }

    /**
     * Waits (bounded) until {@code count} replies to {@code command} arrived, checks that each answers it, and
     * returns them all in arrival order (more than {@code count} when more came).
     */
    public List<ConsumerRecord<String, byte[]>> awaitReplies(ProducerRecord<String, byte[]> command, int count) {
        String commandId = messageId(command);
        assertThat(commandId).as("ce_id of the command (a command without one is never answered)").isNotNull();
        List<ConsumerRecord<String, byte[]>> received = replies.await(count,
                reply -> commandId.equals(header(reply, Headers.CAUSATION_ID)), AT_MOST);
        for (ConsumerRecord<String, byte[]> reply : received) {
            assertThat(reply.key()).as("key of reply to %s", commandId).isEqualTo(command.key());
            for (String name : SAGA_HEADERS) {
                assertThat(header(reply, name)).as("header %s of reply to %s", name, commandId)
                        .isEqualTo(header(command.headers(), name));
            }
            assertThat(header(reply, Headers.CE_SOURCE)).as("ce_source of reply to %s", commandId)
                    .isEqualTo("/" + service);
            assertThat(header(reply, Headers.CE_ID)).as("ce_id of reply to %s", commandId)
                    .isNotNull().isNotEqualTo(commandId);
        }
        return received;
    }

    /** Waits (bounded) for the reply to {@code command}, checks it answers it, and decodes it as {@code type}. */
    public <T extends Message> T awaitReply(ProducerRecord<String, byte[]> command, MessageType<T> type) {
        return decode(awaitReplies(command, 1).get(0), type);
    }

    /**
     * Waits (bounded) for the dead letter of {@code command} — found by its {@code ce_id}, or by its key when a
     * test removed the id — checks that it is the command untouched, parked by this participant from its
     * command topic, and returns it (its {@code dlq-reason} is the test's to check).
     */
    public ConsumerRecord<String, byte[]> awaitDeadLetter(ProducerRecord<String, byte[]> command) {
        String commandId = messageId(command);
        Predicate<ConsumerRecord<String, byte[]>> ofCommand = commandId != null
                ? dead -> commandId.equals(header(dead, Headers.CE_ID))
                : dead -> Objects.equals(command.key(), dead.key());
        ConsumerRecord<String, byte[]> dead = deadLetters.await(1, ofCommand, AT_MOST).get(0);
        assertThat(dead.key()).as("key of the dead letter").isEqualTo(command.key());
        assertThat(header(dead, Headers.CE_ID)).as("ce_id of the dead letter").isEqualTo(commandId);
        assertThat(dead.value()).as("value of the dead letter").isEqualTo(command.value());
        assertThat(header(dead, Headers.DLQ_CONSUMER)).as("dlq-consumer").isEqualTo(service);
        assertThat(header(dead, Headers.DLQ_ORIGINAL_TOPIC)).as("dlq-original-topic").isEqualTo(commandTopic);
        return dead;
    }

    /** Every reply received so far under the saga's key, in arrival order (no waiting). */
    public List<ConsumerRecord<String, byte[]>> repliesOfSaga(UUID sagaId) {
        return replies.records(reply -> sagaId.toString().equals(reply.key()));
    }

    /** Every dead letter received so far under the saga's key, in arrival order (no waiting). */
    public List<ConsumerRecord<String, byte[]>> deadLettersOfSaga(UUID sagaId) {
        return deadLetters.records(dead -> sagaId.toString().equals(dead.key()));
    }

    /** The message in {@code record}, decoded as the type its {@code ce_type} and {@code schema-version} name. */
    public static Message decode(ConsumerRecord<String, byte[]> record) {
        String name = header(record, Headers.CE_TYPE);
        String version = header(record, Headers.SCHEMA_VERSION);
        assertThat(version).as("schema-version of %s %s", name, header(record, Headers.CE_ID))
                .isNotNull().containsOnlyDigits();
        MessageType<?> type = MessageTypes.byName(name, Integer.parseInt(version))
                .orElseThrow(() -> new AssertionError("No message type " + name + " v" + version + " is registered"));
        return WireFormat.decode(type, record.value());
    }

    /** The message in {@code record}, which must be of {@code type} (the assertion shows what came instead). */
    public static <T extends Message> T decode(ConsumerRecord<String, byte[]> record, MessageType<T> type) {
        String actual = header(record, Headers.CE_TYPE) + " v" + header(record, Headers.SCHEMA_VERSION);
        assertThat(actual).as("type of %s, which reads %s", header(record, Headers.CE_ID), KafkaProbe.value(record))
                .isEqualTo(type.name() + " v" + type.version());
        return WireFormat.decode(type, record.value());
    }

    @Override
    public void close() {
        replies.close();
        deadLetters.close();
    }
}
