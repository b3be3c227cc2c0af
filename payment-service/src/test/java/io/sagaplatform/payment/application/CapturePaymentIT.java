package io.sagaplatform.payment.application;

import static io.restassured.RestAssured.given;
import static io.sagaplatform.payment.Orchestrator.command;
import static io.sagaplatform.testing.KafkaProbe.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

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
import io.sagaplatform.contracts.payment.CapturePayment;
import io.sagaplatform.contracts.payment.PaymentCaptured;
import io.sagaplatform.payment.CreditLines;
import io.sagaplatform.payment.Orchestrator;
import io.sagaplatform.testing.KafkaProbe;
import io.sagaplatform.testing.ServiceTestProfile;

/** CapturePayment: charges an authorization once, answers a repeat again, refuses what was never held. */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class CapturePaymentIT {

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
    void capturingChargesTheAuthorizationAndTheAmountStaysHeld() {
        String customer = CreditLines.open("100.00", "EUR");
        UUID sagaId = UUID.randomUUID();
        UUID orderId = UUID.randomUUID();
        orchestrator.authorize(sagaId, orderId, customer, "80.00", "EUR");

        assertThat(orchestrator.capture(sagaId, orderId)).isEqualTo(new PaymentCaptured(orderId));

        given().auth().oauth2(Tokens.admin()).get("/authorizations/" + orderId).then().body("status", is("CAPTURED"));
        assertThat(CreditLines.held(customer)).isEqualByComparingTo("80.00");
    }

    @Test
    void capturingAgainRepliesAgainAndChangesNothing() {
        String customer = CreditLines.open("100.00", "EUR");
        UUID sagaId = UUID.randomUUID();
        UUID orderId = UUID.randomUUID();
        orchestrator.authorize(sagaId, orderId, customer, "80.00", "EUR");
        orchestrator.capture(sagaId, orderId);
        String capturedAt = given().auth().oauth2(Tokens.admin()).get("/authorizations/" + orderId).then().extract().path("updatedAt");

        assertThat(orchestrator.capture(sagaId, orderId)).isEqualTo(new PaymentCaptured(orderId));

        given().auth().oauth2(Tokens.admin()).get("/authorizations/" + orderId).then().body("status", is("CAPTURED")).body("updatedAt", is(capturedAt));
        assertThat(CreditLines.held(customer)).isEqualByComparingTo("80.00");
    }

    @Test
    void capturingAVoidedAuthorizationIsDeadLettered() {
        String customer = CreditLines.open("100.00", "EUR");
        UUID sagaId = UUID.randomUUID();
        UUID orderId = UUID.randomUUID();
        orchestrator.authorize(sagaId, orderId, customer, "80.00", "EUR");
        orchestrator.voidAuthorization(sagaId, orderId);
        ProducerRecord<String, byte[]> capture = command(sagaId, MessageTypes.CAPTURE_PAYMENT, new CapturePayment(orderId));

        KafkaProbe.send(capture);

        assertThat(header(orchestrator.awaitDeadLetter(capture), Headers.DLQ_REASON))
                .contains("The authorization of order " + orderId + " is VOIDED and cannot be captured");
        assertThat(Orchestrator.outboxRowsCausedBy(capture)).isZero();
        given().auth().oauth2(Tokens.admin()).get("/authorizations/" + orderId).then().body("status", is("VOIDED"));
        assertThat(CreditLines.held(customer)).isEqualByComparingTo("0.00");
    }

    @Test
    void capturingWhatWasNeverAuthorizedIsDeadLettered() {
        UUID orderId = UUID.randomUUID();
        ProducerRecord<String, byte[]> capture = command(UUID.randomUUID(), MessageTypes.CAPTURE_PAYMENT,
                new CapturePayment(orderId));

        KafkaProbe.send(capture);

        assertThat(header(orchestrator.awaitDeadLetter(capture), Headers.DLQ_REASON))
                .contains("Order " + orderId + " has no authorization to capture");
        assertThat(Orchestrator.outboxRowsCausedBy(capture)).isZero();
        given().auth().oauth2(Tokens.admin()).get("/authorizations/" + orderId).then().statusCode(404);
    }
}
