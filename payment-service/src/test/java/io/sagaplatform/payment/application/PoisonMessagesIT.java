package io.sagaplatform.payment.application;

import static io.sagaplatform.payment.Orchestrator.authorizePayment;
import static io.sagaplatform.payment.Orchestrator.command;
import static io.sagaplatform.testing.KafkaProbe.header;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sagaplatform.contracts.Headers;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.payment.PaymentAuthorized;
import io.sagaplatform.payment.CreditLines;
import io.sagaplatform.payment.Orchestrator;
import io.sagaplatform.testing.KafkaProbe;
import io.sagaplatform.testing.ParticipantProbe;
import io.sagaplatform.testing.PostgresTestResource;
import io.sagaplatform.testing.ServiceTestProfile;
import io.sagaplatform.testing.TestMessages;

/**
 * Records that can never be processed go to {@code payment.commands.dlq} with the reason, and the valid
 * command behind them on the same partition (same saga, same key) is still processed.
 */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class PoisonMessagesIT {

    private static Orchestrator orchestrator;

    @BeforeAll
    static void start() {
        orchestrator = new Orchestrator();
    }

    @AfterAll
    static void close() {
        orchestrator.close();
    }

    static Stream<Arguments> poison() {
        return Stream.of(
                Arguments.of("unknown message type", withHeader(Headers.CE_TYPE, "payment.ChargebackPayment"),
                        "Unknown message type 'payment.ChargebackPayment'"),
                Arguments.of("unsupported schema version", withHeader(Headers.SCHEMA_VERSION, "2"),
                        "Unsupported schema version 2 of payment.AuthorizePayment"),
                Arguments.of("negative amount", withField("\"amount\":-5.00"), "Unreadable payload"),
                Arguments.of("fraction of a cent", withField("\"amount\":10.001"), "$.amount"),
                Arguments.of("amount as text", withField("\"amount\":\"lots\""), "$.amount"),
                Arguments.of("lower-case currency", withField("\"currency\":\"eur\""), "$.currency"),
                Arguments.of("not JSON", withBody("{\"orderId\":"), "not JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("poison")
    void isDeadLetteredWithTheReasonAndTheNextCommandIsStillProcessed(String name,
            UnaryOperator<ProducerRecord<String, byte[]>> corruption, String reason) {
        String customer = CreditLines.open("100.00", "EUR");
        UUID sagaId = UUID.randomUUID();
        UUID poisonedOrder = UUID.randomUUID();
        ProducerRecord<String, byte[]> poisoned = corruption.apply(command(sagaId, MessageTypes.AUTHORIZE_PAYMENT,
                authorizePayment(poisonedOrder, customer, "10.00", "EUR")));
        UUID validOrder = UUID.randomUUID();
        ProducerRecord<String, byte[]> valid = command(sagaId, MessageTypes.AUTHORIZE_PAYMENT,
                authorizePayment(validOrder, customer, "10.00", "EUR"));

        KafkaProbe.send(poisoned);
        KafkaProbe.send(valid);

        assertThat(header(orchestrator.awaitDeadLetter(poisoned), Headers.DLQ_REASON)).contains(reason);
        assertThat(ParticipantProbe.decode(orchestrator.awaitReplies(valid, 1).get(0)))
                .isInstanceOf(PaymentAuthorized.class);
        assertThat(PostgresTestResource.current().count("SELECT count(*) FROM authorizations WHERE order_id = ?",
                poisonedOrder)).isZero();
        assertThat(CreditLines.held(customer)).isEqualByComparingTo("10.00");
    }

    private static UnaryOperator<ProducerRecord<String, byte[]>> withHeader(String name, String value) {
        return record -> TestMessages.withHeader(record, name, value);
    }

    private static UnaryOperator<ProducerRecord<String, byte[]>> withBody(String body) {
        return record -> TestMessages.withBody(record, body);
    }

    /** The command with one field of its JSON replaced, e.g. by {@code "amount":-5.00}. */
    private static UnaryOperator<ProducerRecord<String, byte[]>> withField(String field) {
        String name = field.substring(0, field.indexOf(':'));
        return record -> TestMessages.withBody(record, new String(record.value(), StandardCharsets.UTF_8)
                .replaceAll(Pattern.quote(name) + ":(\"[^\"]*\"|[^,}]*)", Matcher.quoteReplacement(field)));
    }
}
