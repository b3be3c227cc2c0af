package io.sagaplatform.payment.application;

import static io.sagaplatform.payment.Orchestrator.authorizePayment;
import static io.sagaplatform.payment.Orchestrator.command;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
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
import io.sagaplatform.testing.ParticipantProbe;
import io.sagaplatform.testing.ServiceTestProfile;

/**
 * The service's conservation invariant — for every customer, {@code held} is exactly what its AUTHORIZED and
 * CAPTURED authorizations hold, and {@code 0 <= held <= credit limit} — after every kind of command.
 */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class CreditConservationIT {

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
    void heldIsWhatOpenAndCapturedAuthorizationsHoldAfterAMixedSequence() {
        String customer = CreditLines.open("100.00", "EUR");
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        UUID fourth = UUID.randomUUID();
        UUID cancelled = UUID.randomUUID();

        assertThat(orchestrator.authorize(first, first, customer, "30.00", "EUR")).isInstanceOf(PaymentAuthorized.class);
        assertThat(orchestrator.authorize(second, second, customer, "50.00", "EUR")).isInstanceOf(PaymentAuthorized.class);
        assertThat(orchestrator.authorize(third, third, customer, "30.00", "EUR"))
                .isEqualTo(new PaymentDeclined(third, PaymentDeclineReason.INSUFFICIENT_CREDIT,
                        "requested 30.00 EUR, available 20.00 EUR"));
        assertThat(orchestrator.voidAuthorization(first, first)).isEqualTo(new PaymentAuthorizationVoided(first, false));
        assertThat(orchestrator.authorize(fourth, fourth, customer, "30.00", "EUR")).isInstanceOf(PaymentAuthorized.class);
        assertThat(orchestrator.capture(second, second)).isEqualTo(new PaymentCaptured(second));
        assertThat(orchestrator.voidAuthorization(third, third)).isEqualTo(new PaymentAuthorizationVoided(third, true));
        assertThat(orchestrator.voidAuthorization(cancelled, cancelled))
                .isEqualTo(new PaymentAuthorizationVoided(cancelled, true));
        assertThat(orchestrator.authorize(cancelled, cancelled, customer, "5.00", "EUR"))
                .isInstanceOf(PaymentDeclined.class);
        assertThat(orchestrator.voidAuthorization(first, first)).isEqualTo(new PaymentAuthorizationVoided(first, true));

        // captured 50.00 (second) + authorized 30.00 (fourth)
        assertThat(CreditLines.held(customer)).isEqualByComparingTo("80.00");
        assertThat(CreditLines.customersBreakingTheInvariant()).isZero();
    }

    @Test
    void authorizationsFromManySagasAtOnceNeverHoldMoreThanTheCreditLimit() {
        String customer = CreditLines.open("100.00", "EUR");
        List<ProducerRecord<String, byte[]>> commands = IntStream.range(0, 12)
                .mapToObj(i -> command(UUID.randomUUID(), MessageTypes.AUTHORIZE_PAYMENT,
                        authorizePayment(UUID.randomUUID(), customer, "10.00", "EUR")))
                .toList();

        commands.parallelStream().forEach(KafkaProbe::send);

        List<PaymentReply> replies = commands.stream()
                .map(c -> (PaymentReply) ParticipantProbe.decode(orchestrator.awaitReplies(c, 1).get(0))).toList();
        assertThat(replies).filteredOn(PaymentAuthorized.class::isInstance).hasSize(10);
        assertThat(replies).filteredOn(PaymentDeclined.class::isInstance).hasSize(2);
        assertThat(CreditLines.held(customer)).isEqualByComparingTo("100.00");
        assertThat(CreditLines.customersBreakingTheInvariant()).isZero();
    }

    @Test
    void compensatingEveryAuthorizationReleasesAllTheCredit() {
        String customer = CreditLines.open("100.00", "EUR");
        List<UUID> orders = IntStream.range(0, 5).mapToObj(i -> UUID.randomUUID()).toList();
        orders.forEach(order -> orchestrator.authorize(order, order, customer, "20.00", "EUR"));
        assertThat(CreditLines.held(customer)).isEqualByComparingTo("100.00");

        List<ProducerRecord<String, byte[]>> voids = orders.stream()
                .map(order -> command(order, MessageTypes.VOID_PAYMENT_AUTHORIZATION, new VoidPaymentAuthorization(order)))
                .toList();
        voids.parallelStream().forEach(KafkaProbe::send);
        voids.forEach(v -> orchestrator.awaitReplies(v, 1));

        assertThat(CreditLines.held(customer)).isEqualByComparingTo("0.00");
        assertThat(CreditLines.customersBreakingTheInvariant()).isZero();
    }
}
