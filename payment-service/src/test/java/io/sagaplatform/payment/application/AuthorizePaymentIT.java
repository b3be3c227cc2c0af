package io.sagaplatform.payment.application;

import static io.restassured.RestAssured.given;
import static io.sagaplatform.payment.Orchestrator.authorizePayment;
import static io.sagaplatform.payment.Orchestrator.command;
import static io.sagaplatform.testing.KafkaProbe.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sagaplatform.testing.Tokens;
import io.sagaplatform.contracts.Headers;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.payment.PaymentAuthorized;
import io.sagaplatform.contracts.payment.PaymentDeclineReason;
import io.sagaplatform.contracts.payment.PaymentDeclined;
import io.sagaplatform.contracts.payment.PaymentReply;
import io.sagaplatform.payment.CreditLines;
import io.sagaplatform.payment.Orchestrator;
import io.sagaplatform.testing.KafkaProbe;
import io.sagaplatform.testing.ParticipantProbe;
import io.sagaplatform.testing.PostgresTestResource;
import io.sagaplatform.testing.ServiceTestProfile;

/** AuthorizePayment sent on Kafka as the orchestrator sends it; the replies read back from saga.replies. */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class AuthorizePaymentIT {

    private static Orchestrator orchestrator;

    @BeforeAll
    static void start() {
        orchestrator = new Orchestrator();
    }

    @AfterAll
    static void close() {
        orchestrator.close();
    }

    @Test
    void authorizesAnAmountTheCreditCoversAndHoldsIt() {
        String customer = CreditLines.open("100.00", "EUR");
        UUID orderId = UUID.randomUUID();

        PaymentReply reply = orchestrator.authorize(UUID.randomUUID(), orderId, customer, "30.5", "EUR");

        assertThat(reply).isInstanceOf(PaymentAuthorized.class);
        UUID authorizationId = ((PaymentAuthorized) reply).authorizationId();
        assertThat(reply.orderId()).isEqualTo(orderId);
        assertThat(CreditLines.held(customer)).isEqualByComparingTo("30.50");
        given().auth().oauth2(Tokens.admin()).get("/authorizations/" + orderId).then().statusCode(200)
                .body("status", is("AUTHORIZED"))
                .body("authorizationId", is(authorizationId.toString()))
                .body("customerId", is(customer))
                .body("currency", is("EUR"));
    }

    @Test
    void declinesAnAmountAboveTheAvailableCreditAndHoldsNothingMore() {
        String customer = CreditLines.open("100.00", "EUR");
        orchestrator.authorize(UUID.randomUUID(), UUID.randomUUID(), customer, "60.00", "EUR");
        UUID orderId = UUID.randomUUID();

        PaymentReply reply = orchestrator.authorize(UUID.randomUUID(), orderId, customer, "40.01", "EUR");

        assertThat(reply).isEqualTo(new PaymentDeclined(orderId, PaymentDeclineReason.INSUFFICIENT_CREDIT,
                "requested 40.01 EUR, available 40.00 EUR"));
        assertThat(CreditLines.held(customer)).isEqualByComparingTo("60.00");
        assertThat(authorizations(orderId)).isZero();
    }

    /** The seed customers (see V2__seed_data.sql and the README) make every decline reachable. */
    static Stream<Arguments> seedDeclines() {
        return Stream.of(
                Arguments.of("zoe", "1.00", "EUR", PaymentDeclineReason.UNKNOWN_CUSTOMER, "no customer 'zoe'"),
                Arguments.of("bob", "50.01", "EUR", PaymentDeclineReason.INSUFFICIENT_CREDIT,
                        "requested 50.01 EUR, available 50.00 EUR"),
                Arguments.of("carol", "0.01", "EUR", PaymentDeclineReason.INSUFFICIENT_CREDIT,
                        "requested 0.01 EUR, available 0.00 EUR"),
                Arguments.of("dave", "10.00", "EUR", PaymentDeclineReason.INSUFFICIENT_CREDIT,
                        "no credit line in EUR (dave's credit line is in USD)"),
                Arguments.of("alice", "10.00", "USD", PaymentDeclineReason.INSUFFICIENT_CREDIT,
                        "no credit line in USD (alice's credit line is in EUR)"));
    }

    @ParameterizedTest(name = "{0} {1} {2} → {3}")
    @MethodSource("seedDeclines")
    void declinesWithTheReasonAndDetailTheSeedDataPromises(String customer, String amount, String currency,
            PaymentDeclineReason reason, String detail) {
        UUID orderId = UUID.randomUUID();

        PaymentReply reply = orchestrator.authorize(UUID.randomUUID(), orderId, customer, amount, currency);

        assertThat(reply).isEqualTo(new PaymentDeclined(orderId, reason, detail));
        assertThat(authorizations(orderId)).isZero();
    }

    @Test
    void askingAgainUnderANewMessageIdGetsTheSameAuthorizationAndHoldsNothingMore() {
        String customer = CreditLines.open("100.00", "EUR");
        UUID sagaId = UUID.randomUUID();
        UUID orderId = UUID.randomUUID();
        PaymentReply first = orchestrator.authorize(sagaId, orderId, customer, "70.00", "EUR");

        PaymentReply again = orchestrator.authorize(sagaId, orderId, customer, "70.00", "EUR");

        assertThat(first).isInstanceOf(PaymentAuthorized.class);
        assertThat(again).isEqualTo(first);
        assertThat(CreditLines.held(customer)).isEqualByComparingTo("70.00");
        assertThat(authorizations(orderId)).isEqualTo(1);
    }

    @Test
    void theSameCommandDeliveredTwiceIsAppliedOnceAndAnsweredTwiceWithTheSameOutcome() {
        String customer = CreditLines.open("100.00", "EUR");
        UUID orderId = UUID.randomUUID();
        ProducerRecord<String, byte[]> authorize = command(UUID.randomUUID(), MessageTypes.AUTHORIZE_PAYMENT,
                authorizePayment(orderId, customer, "25.00", "EUR"));
        KafkaProbe.send(authorize);
        orchestrator.awaitReplies(authorize, 1);

        KafkaProbe.send(authorize);

        List<ConsumerRecord<String, byte[]>> replies = orchestrator.awaitReplies(authorize, 2);
        assertThat(replies).hasSize(2);
        assertThat(replies).extracting(r -> header(r, Headers.CE_TYPE))
                .containsOnly(MessageTypes.PAYMENT_AUTHORIZED.name());
        assertThat(header(replies.get(0), Headers.CE_ID)).isNotEqualTo(header(replies.get(1), Headers.CE_ID));
        assertThat(ParticipantProbe.decode(replies.get(1))).isEqualTo(ParticipantProbe.decode(replies.get(0)));
        assertThat(CreditLines.held(customer)).isEqualByComparingTo("25.00");
        assertThat(authorizations(orderId)).isEqualTo(1);
    }

    @Test
    void aDifferentAuthorizationForAnAuthorizedOrderIsDeadLetteredAndChangesNothing() {
        String customer = CreditLines.open("100.00", "EUR");
        UUID sagaId = UUID.randomUUID();
        UUID orderId = UUID.randomUUID();
        orchestrator.authorize(sagaId, orderId, customer, "20.00", "EUR");
        ProducerRecord<String, byte[]> different = command(sagaId, MessageTypes.AUTHORIZE_PAYMENT,
                authorizePayment(orderId, customer, "90.00", "EUR"));

        KafkaProbe.send(different);

        assertThat(header(orchestrator.awaitDeadLetter(different), Headers.DLQ_REASON))
                .contains("Order " + orderId + " is already AUTHORIZED")
                .contains("cannot be applied too");
        assertThat(CreditLines.held(customer)).isEqualByComparingTo("20.00");
        assertThat(Orchestrator.outboxRowsCausedBy(different)).isZero();
    }

    private static long authorizations(UUID orderId) {
        return PostgresTestResource.current().count("SELECT count(*) FROM authorizations WHERE order_id = ?", orderId);
    }
}
