package io.sagaplatform.payment.application;

import static io.restassured.RestAssured.given;
import static io.sagaplatform.payment.Orchestrator.command;
import static io.sagaplatform.testing.KafkaProbe.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sagaplatform.testing.Tokens;
import io.sagaplatform.contracts.Headers;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.payment.PaymentAuthorizationVoided;
import io.sagaplatform.contracts.payment.PaymentAuthorized;
import io.sagaplatform.contracts.payment.PaymentCaptured;
import io.sagaplatform.contracts.payment.PaymentDeclineReason;
import io.sagaplatform.contracts.payment.PaymentDeclined;
import io.sagaplatform.contracts.payment.PaymentReply;
import io.sagaplatform.contracts.payment.VoidPaymentAuthorization;
import io.sagaplatform.payment.CreditLines;
import io.sagaplatform.payment.Orchestrator;
import io.sagaplatform.testing.KafkaProbe;
import io.sagaplatform.testing.ServiceTestProfile;

/**
 * VoidPaymentAuthorization, the saga's compensation: it undoes an authorization exactly once, accepts that
 * there may be nothing to undo, and — arriving before the authorization — makes the late one be refused.
 */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class CompensationIT {

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
    void voidingAnAuthorizationReleasesItsHoldExactlyOnce() {
        String customer = CreditLines.open("100.00", "EUR");
        UUID sagaId = UUID.randomUUID();
        UUID orderId = UUID.randomUUID();
        orchestrator.authorize(sagaId, orderId, customer, "45.00", "EUR");

        assertThat(orchestrator.voidAuthorization(sagaId, orderId)).isEqualTo(new PaymentAuthorizationVoided(orderId, false));
        assertThat(CreditLines.held(customer)).isEqualByComparingTo("0.00");
        given().auth().oauth2(Tokens.admin()).get("/authorizations/" + orderId).then().body("status", is("VOIDED"));

        // the orchestrator retries the compensation under a new message id
        assertThat(orchestrator.voidAuthorization(sagaId, orderId)).isEqualTo(new PaymentAuthorizationVoided(orderId, true));
        assertThat(CreditLines.held(customer)).isEqualByComparingTo("0.00");
    }

    @Test
    void aVoidBeforeTheAuthorizationLeavesAMarkerAndTheLateAuthorizationIsRefused() {
        String customer = CreditLines.open("100.00", "EUR");
        UUID sagaId = UUID.randomUUID();
        UUID orderId = UUID.randomUUID();

        assertThat(orchestrator.voidAuthorization(sagaId, orderId)).isEqualTo(new PaymentAuthorizationVoided(orderId, true));
        given().auth().oauth2(Tokens.admin()).get("/authorizations/" + orderId).then().statusCode(200)
                .body("status", is("CANCELLED")).body("authorizationId", nullValue());

        PaymentReply late = orchestrator.authorize(sagaId, orderId, customer, "10.00", "EUR");

        assertThat(late).isInstanceOfSatisfying(PaymentDeclined.class, declined -> {
            assertThat(declined.reason()).isEqualTo(PaymentDeclineReason.ORDER_CANCELLED);
            assertThat(declined.detail()).contains("cancelled before it was authorized");
        });
        assertThat(CreditLines.held(customer)).isEqualByComparingTo("0.00");
        given().auth().oauth2(Tokens.admin()).get("/authorizations/" + orderId).then().body("status", is("CANCELLED"));
    }

    @Test
    void anAuthorizationArrivingAfterItsVoidIsRefusedAsCancelled() {
        String customer = CreditLines.open("100.00", "EUR");
        UUID sagaId = UUID.randomUUID();
        UUID orderId = UUID.randomUUID();
        assertThat(orchestrator.authorize(sagaId, orderId, customer, "10.00", "EUR")).isInstanceOf(PaymentAuthorized.class);
        orchestrator.voidAuthorization(sagaId, orderId);

        PaymentReply again = orchestrator.authorize(sagaId, orderId, customer, "10.00", "EUR");

        assertThat(again).isInstanceOfSatisfying(PaymentDeclined.class,
                declined -> assertThat(declined.reason()).isEqualTo(PaymentDeclineReason.ORDER_CANCELLED));
        assertThat(CreditLines.held(customer)).isEqualByComparingTo("0.00");
    }

    @Test
    void voidingACapturedPaymentIsDeadLetteredAndChangesNothing() {
        String customer = CreditLines.open("100.00", "EUR");
        UUID sagaId = UUID.randomUUID();
        UUID orderId = UUID.randomUUID();
        orchestrator.authorize(sagaId, orderId, customer, "15.00", "EUR");
        assertThat(orchestrator.capture(sagaId, orderId)).isEqualTo(new PaymentCaptured(orderId));
        ProducerRecord<String, byte[]> voidCaptured = command(sagaId, MessageTypes.VOID_PAYMENT_AUTHORIZATION,
                new VoidPaymentAuthorization(orderId));

        KafkaProbe.send(voidCaptured);

        assertThat(header(orchestrator.awaitDeadLetter(voidCaptured), Headers.DLQ_REASON))
                .contains("of order " + orderId + " is CAPTURED: a captured payment cannot be voided");
        assertThat(Orchestrator.outboxRowsCausedBy(voidCaptured)).isZero();
        given().auth().oauth2(Tokens.admin()).get("/authorizations/" + orderId).then().body("status", is("CAPTURED"));
        assertThat(CreditLines.held(customer)).isEqualByComparingTo("15.00");
    }
}
