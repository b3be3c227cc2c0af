package io.sagaplatform.payment.application;

import static io.restassured.RestAssured.given;
import static io.sagaplatform.payment.Orchestrator.command;
import static io.sagaplatform.testing.KafkaProbe.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import java.math.BigDecimal;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sagaplatform.contracts.Headers;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.payment.AuthorizePayment;
import io.sagaplatform.contracts.payment.PaymentAuthorizationVoided;
import io.sagaplatform.contracts.payment.PaymentDeclineReason;
import io.sagaplatform.contracts.payment.PaymentDeclined;
import io.sagaplatform.contracts.payment.PaymentRefunded;
import io.sagaplatform.contracts.payment.RefundPayment;
import io.sagaplatform.payment.CreditLines;
import io.sagaplatform.payment.Orchestrator;
import io.sagaplatform.testing.KafkaProbe;
import io.sagaplatform.testing.ServiceTestProfile;
import io.sagaplatform.testing.Tokens;

/**
 * RefundPayment (the cancel-order saga): gives a captured amount back to the customer's credit at most once,
 * answers a repeat with the same amount, refuses what was never charged; the credit invariant holds after each.
 */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class RefundPaymentIT {

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
    void refundingACapturedPaymentGivesTheAmountBackToTheCreditLineOnce() {
        String customer = CreditLines.open("100.00", "EUR");
        UUID sagaId = UUID.randomUUID();
        UUID orderId = captured(customer, "80.00");
        assertThat(CreditLines.held(customer)).isEqualByComparingTo("80.00");

        assertThat(orchestrator.refund(sagaId, orderId))
                .isEqualTo(new PaymentRefunded(orderId, new BigDecimal("80.00"), "EUR"));

        assertThat(CreditLines.held(customer)).isEqualByComparingTo("0.00");
        given().auth().oauth2(Tokens.operator("ops")).get("/authorizations/" + orderId).then()
                .body("status", is("REFUNDED")).body("refundedAt", notNullValue());
        assertThat(CreditLines.customersBreakingTheInvariant()).isZero();
    }

    @Test
    void aRepeatedRefundAnswersTheSameAmountAndGivesNothingMoreBack() {
        String customer = CreditLines.open("100.00", "EUR");
        UUID sagaId = UUID.randomUUID();
        UUID orderId = captured(customer, "30.00");
        UUID other = captured(customer, "50.00");
        ProducerRecord<String, byte[]> refund = command(sagaId, MessageTypes.REFUND_PAYMENT, new RefundPayment(orderId));
        assertThat(orchestrator.ask(refund)).isEqualTo(new PaymentRefunded(orderId, new BigDecimal("30.00"), "EUR"));
        String refundedAt = given().auth().oauth2(Tokens.operator("ops")).get("/authorizations/" + orderId).then()
                .extract().path("refundedAt");

        // the same message again (redelivery) and a new one (the saga retried): one refund only
        KafkaProbe.send(refund);
        assertThat(orchestrator.awaitReplies(refund, 2)).allSatisfy(reply -> assertThat(
                Orchestrator.decode(reply, MessageTypes.PAYMENT_REFUNDED))
                .isEqualTo(new PaymentRefunded(orderId, new BigDecimal("30.00"), "EUR")));
        assertThat(orchestrator.refund(sagaId, orderId))
                .isEqualTo(new PaymentRefunded(orderId, new BigDecimal("30.00"), "EUR"));

        assertThat(CreditLines.held(customer)).as("only the other order's capture stays held")
                .isEqualByComparingTo("50.00");
        given().auth().oauth2(Tokens.operator("ops")).get("/authorizations/" + orderId).then()
                .body("refundedAt", is(refundedAt));
        given().auth().oauth2(Tokens.operator("ops")).get("/authorizations/" + other).then()
                .body("status", is("CAPTURED"));
        assertThat(CreditLines.customersBreakingTheInvariant()).isZero();
    }

    @Test
    void theRefundedCreditCanBeSpentAgainButTheRefundedOrderCannotBeAuthorizedOrVoidedAgain() {
        String customer = CreditLines.open("100.00", "EUR");
        UUID sagaId = UUID.randomUUID();
        UUID orderId = captured(customer, "100.00");
        orchestrator.refund(sagaId, orderId);

        assertThat(orchestrator.authorize(UUID.randomUUID(), UUID.randomUUID(), customer, "100.00", "EUR"))
                .isInstanceOf(io.sagaplatform.contracts.payment.PaymentAuthorized.class);
        assertThat(orchestrator.ask(command(sagaId, MessageTypes.AUTHORIZE_PAYMENT,
                new AuthorizePayment(orderId, customer, new BigDecimal("100.00"), "EUR"))))
                .isInstanceOfSatisfying(PaymentDeclined.class,
                        d -> assertThat(d.reason()).isEqualTo(PaymentDeclineReason.ORDER_CANCELLED));
        assertThat(orchestrator.voidAuthorization(sagaId, orderId))
                .isEqualTo(new PaymentAuthorizationVoided(orderId, true));
        assertThat(CreditLines.held(customer)).isEqualByComparingTo("100.00");
        assertThat(CreditLines.customersBreakingTheInvariant()).isZero();
    }

    @Test
    void refundingAnAuthorizationThatWasNeverCapturedIsDeadLetteredAndChangesNothing() {
        String customer = CreditLines.open("100.00", "EUR");
        UUID sagaId = UUID.randomUUID();
        UUID orderId = UUID.randomUUID();
        orchestrator.authorize(sagaId, orderId, customer, "40.00", "EUR");
        ProducerRecord<String, byte[]> refund = command(sagaId, MessageTypes.REFUND_PAYMENT, new RefundPayment(orderId));

        KafkaProbe.send(refund);

        assertThat(header(orchestrator.awaitDeadLetter(refund), Headers.DLQ_REASON))
                .contains("is AUTHORIZED, not captured");
        assertThat(Orchestrator.outboxRowsCausedBy(refund)).isZero();
        assertThat(CreditLines.held(customer)).isEqualByComparingTo("40.00");
    }

    @Test
    void refundingWhatWasNeverPaidIsDeadLettered() {
        UUID orderId = UUID.randomUUID();
        ProducerRecord<String, byte[]> refund = command(UUID.randomUUID(), MessageTypes.REFUND_PAYMENT,
                new RefundPayment(orderId));

        KafkaProbe.send(refund);

        assertThat(header(orchestrator.awaitDeadLetter(refund), Headers.DLQ_REASON))
                .contains("Order " + orderId + " has no payment to refund");
        given().auth().oauth2(Tokens.operator("ops")).get("/authorizations/" + orderId).then().statusCode(404);
    }

    private static UUID captured(String customer, String amount) {
        UUID sagaId = UUID.randomUUID();
        UUID orderId = UUID.randomUUID();
        orchestrator.authorize(sagaId, orderId, customer, amount, "EUR");
        orchestrator.capture(sagaId, orderId);
        return orderId;
    }
}
