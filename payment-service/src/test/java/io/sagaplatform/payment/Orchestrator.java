package io.sagaplatform.payment;

import static io.sagaplatform.testing.KafkaProbe.header;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
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
import io.sagaplatform.contracts.payment.AuthorizePayment;
import io.sagaplatform.contracts.payment.CapturePayment;
import io.sagaplatform.contracts.payment.PaymentReply;
import io.sagaplatform.contracts.payment.VoidPaymentAuthorization;
import io.sagaplatform.testing.KafkaProbe;
import io.sagaplatform.testing.PostgresTestResource;
import io.sagaplatform.testing.TestMessages;

/**
 * Plays the orchestrator over the real broker: publishes payment commands exactly as it does (keyed by saga
 * id, with the saga headers) and reads what payment-service answered on {@code saga.replies} and parked on
 * {@code payment.commands.dlq}. Every reply it hands out has been checked to be the reply to its command:
 * keyed by the saga id, {@code causation-id} = the command's id, saga headers copied.
 */
public final class Orchestrator implements AutoCloseable {

    private static final Duration AT_MOST = Duration.ofSeconds(60);
    private static final String AUTHORIZE_STEP = "authorize-payment";
    private static final String CAPTURE_STEP = "capture-payment";

    private final KafkaProbe replies = KafkaProbe.reading(Topics.SAGA_REPLIES);
    private final KafkaProbe deadLetters = KafkaProbe.reading(Topics.deadLetter(Topics.PAYMENT_COMMANDS));

    public static AuthorizePayment authorizePayment(UUID orderId, String customerId, String amount, String currency) {
        return new AuthorizePayment(orderId, customerId, new BigDecimal(amount), currency);
    }

    /** A command of saga {@code sagaId} under a new message id, attempt 1. */
    public static <T extends Message> ProducerRecord<String, byte[]> command(UUID sagaId, MessageType<T> type,
            T payload) {
        String step = type.equals(MessageTypes.CAPTURE_PAYMENT) ? CAPTURE_STEP : AUTHORIZE_STEP;
        return TestMessages.saga(Topics.PAYMENT_COMMANDS, type, payload, sagaId, step, 1, TestMessages.newId());
    }

    public static String idOf(ProducerRecord<String, byte[]> command) {
        return header(command.headers(), Headers.CE_ID);
    }

    /** Sends the command and returns its one reply. */
    public PaymentReply ask(ProducerRecord<String, byte[]> command) {
        KafkaProbe.send(command);
        return decode(awaitReplies(command, 1).get(0));
    }

    public PaymentReply authorize(UUID sagaId, UUID orderId, String customerId, String amount, String currency) {
        return ask(command(sagaId, MessageTypes.AUTHORIZE_PAYMENT,
                authorizePayment(orderId, customerId, amount, currency)));
    }

    public PaymentReply voidAuthorization(UUID sagaId, UUID orderId) {
        return ask(command(sagaId, MessageTypes.VOID_PAYMENT_AUTHORIZATION, new VoidPaymentAuthorization(orderId)));
    }

    public PaymentReply capture(UUID sagaId, UUID orderId) {
        return ask(command(sagaId, MessageTypes.CAPTURE_PAYMENT, new CapturePayment(orderId)));
    }

    /** Waits (bounded) until {@code count} replies to {@code command} arrived, checks them, and returns them. */
    public List<ConsumerRecord<String, byte[]>> awaitReplies(ProducerRecord<String, byte[]> command, int count) {
        String commandId = idOf(command);
        List<ConsumerRecord<String, byte[]>> received = replies.await(count,
                reply -> commandId.equals(header(reply, Headers.CAUSATION_ID)), AT_MOST);
        for (ConsumerRecord<String, byte[]> reply : received) {
            assertThat(reply.key()).as("reply key").isEqualTo(command.key());
            for (String name : List.of(Headers.SAGA_ID, Headers.SAGA_TYPE, Headers.STEP, Headers.ATTEMPT)) {
                assertThat(header(reply, name)).as("reply header " + name).isEqualTo(header(command.headers(), name));
            }
            assertThat(header(reply, Headers.CE_SOURCE)).isEqualTo("/payment-service");
        }
        return received;
    }

    /** Waits (bounded) for the dead letter of {@code command}, checks it names this service, and returns it. */
    public ConsumerRecord<String, byte[]> awaitDeadLetter(ProducerRecord<String, byte[]> command) {
        ConsumerRecord<String, byte[]> dead = deadLetters.await(1, record -> command.key().equals(record.key()),
                AT_MOST).get(0);
        assertThat(header(dead, Headers.DLQ_CONSUMER)).isEqualTo("payment-service");
        assertThat(header(dead, Headers.DLQ_ORIGINAL_TOPIC)).isEqualTo(Topics.PAYMENT_COMMANDS);
        return dead;
    }

    /**
     * Whether handling {@code command} wrote any reply. Read from the outbox: a command that was dead-lettered
     * rolled back, so this is final, not a race with the relay.
     */
    public static long outboxRowsCausedBy(ProducerRecord<String, byte[]> command) {
        return PostgresTestResource.current().count("SELECT count(*) FROM outbox WHERE causation_id = ?",
                idOf(command));
    }

    public static PaymentReply decode(ConsumerRecord<String, byte[]> reply) {
        MessageType<?> type = MessageTypes.byName(header(reply, Headers.CE_TYPE),
                Integer.parseInt(header(reply, Headers.SCHEMA_VERSION))).orElseThrow();
        return (PaymentReply) WireFormat.decode(type, reply.value());
    }

    @Override
    public void close() {
        replies.close();
        deadLetters.close();
    }
}
