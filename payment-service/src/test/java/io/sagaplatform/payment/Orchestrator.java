package io.sagaplatform.payment;

import java.math.BigDecimal;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;

import io.sagaplatform.contracts.Message;
import io.sagaplatform.contracts.MessageType;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.contracts.payment.AuthorizePayment;
import io.sagaplatform.contracts.payment.CapturePayment;
import io.sagaplatform.contracts.payment.PaymentReply;
import io.sagaplatform.contracts.payment.RefundPayment;
import io.sagaplatform.contracts.payment.VoidPaymentAuthorization;
import io.sagaplatform.testing.ParticipantProbe;
import io.sagaplatform.testing.PostgresTestResource;
import io.sagaplatform.testing.TestMessages;

/**
 * Plays the orchestrator towards payment-service: publishes payment commands exactly as it does (keyed by saga
 * id, with the saga headers) and hands out the checked replies and dead letters of {@link ParticipantProbe}.
 */
public final class Orchestrator extends ParticipantProbe {

    private static final String AUTHORIZE_STEP = "authorize-payment";
    private static final String CAPTURE_STEP = "capture-payment";
    private static final String REFUND_STEP = "refund-payment";

    public Orchestrator() {
        super("payment-service", Topics.PAYMENT_COMMANDS);
    }

    public static AuthorizePayment authorizePayment(UUID orderId, String customerId, String amount, String currency) {
        return new AuthorizePayment(orderId, customerId, new BigDecimal(amount), currency);
    }

    /** A command of saga {@code sagaId} under a new message id, attempt 1. */
    public static <T extends Message> ProducerRecord<String, byte[]> command(UUID sagaId, MessageType<T> type,
            T payload) {
        String step = type.equals(MessageTypes.CAPTURE_PAYMENT) ? CAPTURE_STEP
                : type.equals(MessageTypes.REFUND_PAYMENT) ? REFUND_STEP : AUTHORIZE_STEP;
        return TestMessages.saga(Topics.PAYMENT_COMMANDS, type, payload, sagaId, step, 1, TestMessages.newId());
    }

    /** Sends the command and returns its one reply. */
    public PaymentReply ask(ProducerRecord<String, byte[]> command) {
        return (PaymentReply) decode(awaitReplies(send(command), 1).get(0));
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

    public PaymentReply refund(UUID sagaId, UUID orderId) {
        return ask(command(sagaId, MessageTypes.REFUND_PAYMENT, new RefundPayment(orderId)));
    }

    /**
     * Whether handling {@code command} wrote any reply. Read from the outbox: a command that was dead-lettered
     * rolled back, so this is final, not a race with the relay.
     */
    public static long outboxRowsCausedBy(ProducerRecord<String, byte[]> command) {
        return PostgresTestResource.current().count("SELECT count(*) FROM outbox WHERE causation_id = ?",
                messageId(command));
    }
}
