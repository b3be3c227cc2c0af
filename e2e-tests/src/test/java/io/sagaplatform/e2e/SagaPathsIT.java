package io.sagaplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.restassured.path.json.JsonPath;
import io.sagaplatform.testing.PlatformStack;

/**
 * Every path of the place-order and cancel-order sagas as a user meets it: REST in, the five packaged services as separate
 * processes, a real broker, the local PostgreSQL. After each test the platform's invariants hold.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SagaPathsIT {

    private static final Duration AT_MOST = Duration.ofSeconds(90);
    private static PlatformStack stack;
    private static Shop shop;

    @BeforeAll
    static void useTheSharedPlatform() {
        stack = SharedPlatform.stack();
        shop = new Shop(stack);
    }

    @AfterEach
    void invariantsHoldOnceThePlatformIsQuiet() {
        await().atMost(AT_MOST).until(() -> Invariants.activeSagas(stack) == 0);
        Invariants.check(stack);
    }

    @Test
    @Order(1)
    void anOrderThatEveryServiceAcceptsIsApproved() {
        long before = shop.available("SKU-APPLE");
        BigDecimal heldBefore = shop.held("alice");

        UUID order = shop.placeOrder("alice", "SKU-APPLE", 2, "1.25", "FR");

        await().atMost(AT_MOST).until(() -> shop.orderStatus(order).equals("APPROVED"));
        await().atMost(AT_MOST).until(() -> shop.sagaStatus(order).equals("COMPLETED"));
        assertThat(shop.available("SKU-APPLE")).isEqualTo(before - 2);
        assertThat(shop.reservationStatus(order)).isEqualTo("RESERVED");
        assertThat(shop.authorizationStatus(order)).isEqualTo("CAPTURED");
        assertThat(shop.held("alice")).isEqualByComparingTo(heldBefore.add(new BigDecimal("2.50")));
        assertThat(shop.shipmentStatus(order)).isEqualTo("SCHEDULED");

        JsonPath saga = shop.saga(order);
        assertThat(saga.getList("steps.findAll { it.name != 'reject-order' }.status")).containsOnly("SUCCEEDED");
        assertThat(saga.getList("timeline.kind")).contains("SAGA_STARTED", "SAGA_COMPLETED");
    }

    @Test
    @Order(2)
    void anOrderForStockThatIsNotThereIsRejectedAndThePaymentAuthorizedBesideItVoided() {
        BigDecimal heldBefore = shop.held("alice");
        UUID order = shop.placeOrder("alice", "SKU-SOLDOUT", 1, "5.00", "FR");

        await().atMost(AT_MOST).until(() -> shop.orderStatus(order).equals("REJECTED"));
        assertThat(shop.order(order).getString("rejectionReason")).contains("OUT_OF_STOCK");
        await().atMost(AT_MOST).until(() -> shop.sagaStatus(order).equals("COMPENSATED"));
        // the payment was authorized side by side with the reservation: undone once the reservation failed
        assertThat(shop.authorizationStatus(order)).isEqualTo("VOIDED");
        assertThat(shop.held("alice")).isEqualByComparingTo(heldBefore);
    }

    @Test
    @Order(3)
    void aDeclinedPaymentReleasesTheStock() {
        long before = shop.available("SKU-PEAR");
        UUID order = shop.placeOrder("carol", "SKU-PEAR", 3, "2.00", "FR");

        await().atMost(AT_MOST).until(() -> shop.orderStatus(order).equals("REJECTED"));
        assertThat(shop.order(order).getString("rejectionReason")).contains("INSUFFICIENT_CREDIT");
        await().atMost(AT_MOST).until(() -> shop.sagaStatus(order).equals("COMPENSATED"));
        assertThat(shop.reservationStatus(order)).isEqualTo("RELEASED");
        assertThat(shop.available("SKU-PEAR")).isEqualTo(before);
    }

    @Test
    @Order(4)
    void aShipmentThatCannotBeMadeVoidsThePaymentAndReleasesTheStock() {
        long before = shop.available("SKU-BANANA");
        BigDecimal heldBefore = shop.held("alice");
        UUID order = shop.placeOrder("alice", "SKU-BANANA", 1, "0.30", "AQ");

        await().atMost(AT_MOST).until(() -> shop.orderStatus(order).equals("REJECTED"));
        assertThat(shop.order(order).getString("rejectionReason")).contains("UNSERVICEABLE_DESTINATION");
        await().atMost(AT_MOST).until(() -> shop.sagaStatus(order).equals("COMPENSATED"));
        assertThat(shop.authorizationStatus(order)).isEqualTo("VOIDED");
        assertThat(shop.reservationStatus(order)).isEqualTo("RELEASED");
        assertThat(shop.available("SKU-BANANA")).isEqualTo(before);
        assertThat(shop.held("alice")).isEqualByComparingTo(heldBefore);
    }

    @Test
    @Order(5)
    void aSagaWaitsWithoutResendingForAParticipantThatIsDownAndCompletesOnceItIsBack() {
        stack.service("payment-service").stop();
        UUID order = shop.placeOrder("alice", "SKU-APPLE", 1, "1.25", "FR");

        // AuthorizePayment waits in Kafka for payment-service: its reply timeouts find it not yet consumed, so the
        // saga waits without sending it again (a resend would only queue a copy behind it)
        await().atMost(AT_MOST).until(() -> {
            JsonPath saga = shop.saga(order);
            return saga != null && saga.getList(
                    "timeline.findAll { it.kind == 'COMMAND_QUEUED' && it.step == 'authorize-payment' }").size() >= 2;
        });
        JsonPath waiting = shop.saga(order);
        assertThat(waiting.getInt("steps.find { it.name == 'authorize-payment' }.attempts")).isEqualTo(1);
        assertThat(waiting.getList("timeline.findAll { it.kind == 'COMMAND_RESENT' }")).isEmpty();
        assertThat(shop.sagaStatus(order)).isEqualTo("RUNNING");

        stack.service("payment-service").start().awaitReady(Duration.ofMinutes(2));
        await().atMost(AT_MOST).until(() -> shop.orderStatus(order).equals("APPROVED"));
        await().atMost(AT_MOST).until(() -> shop.sagaStatus(order).equals("COMPLETED"));
        assertThat(shop.authorizationStatus(order)).as("authorized once, then captured").isEqualTo("CAPTURED");
    }

    @Test
    @Order(6)
    void everySagaEndsAndNoStepIsAppliedTwiceWhenTheOrchestratorIsKilledMidway() {
        List<UUID> orders = new ArrayList<>();
        String[][] mix = { { "alice", "SKU-APPLE", "FR" }, { "carol", "SKU-PEAR", "FR" }, { "alice", "SKU-BANANA", "AQ" },
                { "bob", "SKU-APPLE", "FR" }, { "alice", "SKU-SOLDOUT", "FR" }, { "alice", "SKU-PEAR", "FR" } };
        for (int i = 0; i < 12; i++) {
            String[] m = mix[i % mix.length];
            orders.add(shop.placeOrder(m[0], m[1], 1, "1.00", m[2]));
        }
        // some sagas have started and are mid-way
        await().atMost(AT_MOST).until(() -> orders.stream().filter(o -> !shop.sagaStatus(o).equals("NONE")).count() >= 3);
        stack.service("orchestrator").kill();
        stack.service("orchestrator").start().awaitReady(Duration.ofMinutes(2));

        await().atMost(Duration.ofMinutes(3)).until(() -> orders.stream()
                .allMatch(o -> List.of("APPROVED", "REJECTED").contains(shop.orderStatus(o))));
        await().atMost(AT_MOST).until(() -> orders.stream()
                .allMatch(o -> List.of("COMPLETED", "COMPENSATED").contains(shop.sagaStatus(o))));
        // invariants (checked after each test) prove no reservation or authorization was applied twice
    }

    @Test
    @Order(7)
    void anApprovedOrderIsCancelledItsMoneyRefundedItsStockBackAndItsShipmentWithdrawn() {
        long before = shop.available("SKU-PEAR");
        BigDecimal heldBefore = shop.held("alice");
        UUID order = shop.placeOrder("alice", "SKU-PEAR", 3, "2.00", "FR");
        await().atMost(AT_MOST).until(() -> shop.sagaStatus(order).equals("COMPLETED"));
        assertThat(shop.held("alice")).isEqualByComparingTo(heldBefore.add(new BigDecimal("6.00")));

        String key = "cancel-" + order;
        var accepted = shop.cancelOrder("alice", order, key, "changed my mind");
        assertThat(accepted.statusCode()).as(accepted.asString()).isEqualTo(202);
        assertThat(accepted.jsonPath().getString("status")).isEqualTo("CANCELLING");
        // the same request again: the same answer, nothing new started
        var replayed = shop.cancelOrder("alice", order, key, "changed my mind");
        assertThat(replayed.statusCode()).isEqualTo(202);
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");

        await().atMost(AT_MOST).until(() -> shop.orderStatus(order).equals("CANCELLED"));
        await().atMost(AT_MOST).until(() -> shop.sagaStatus(order, "cancel-order").equals("COMPLETED"));
        assertThat(shop.available("SKU-PEAR")).isEqualTo(before);
        assertThat(shop.held("alice")).isEqualByComparingTo(heldBefore);
        assertThat(shop.reservationStatus(order)).isEqualTo("RESTOCKED");
        assertThat(shop.authorizationStatus(order)).isEqualTo("REFUNDED");
        assertThat(shop.shipmentStatus(order)).isEqualTo("WITHDRAWN");
        JsonPath saga = shop.saga(order, "cancel-order");
        assertThat(saga.getList("steps.findAll { it.name != 'keep-order' }.status")).containsOnly("SUCCEEDED");
        assertThat(saga.getString("saga.type")).isEqualTo("cancel-order");

        // cancelled once: another request, with another key, is refused
        var again = shop.cancelOrder("alice", order, "cancel-again-" + order, "twice");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
    }

    @Test
    @Order(8)
    void anOrderWhoseShipmentLeftIsNotCancelledAndStaysApprovedWithTheReason() {
        long before = shop.available("SKU-APPLE");
        BigDecimal heldBefore = shop.held("alice");
        UUID order = shop.placeOrder("alice", "SKU-APPLE", 1, "4.00", "FR");
        await().atMost(AT_MOST).until(() -> shop.sagaStatus(order).equals("COMPLETED"));
        assertThat(shop.dispatch(order).statusCode()).isEqualTo(200);

        assertThat(shop.cancelOrder("alice", order, "cancel-" + order, "too late?").statusCode()).isEqualTo(202);

        await().atMost(AT_MOST).until(() -> shop.sagaStatus(order, "cancel-order").equals("COMPENSATED"));
        await().atMost(AT_MOST).until(() -> shop.orderStatus(order).equals("APPROVED"));
        assertThat(shop.order(order).getString("cancellationRefusedReason")).contains("ALREADY_DISPATCHED");
        // nothing else moved
        assertThat(shop.available("SKU-APPLE")).isEqualTo(before - 1);
        assertThat(shop.held("alice")).isEqualByComparingTo(heldBefore.add(new BigDecimal("4.00")));
        assertThat(shop.reservationStatus(order)).isEqualTo("RESERVED");
        assertThat(shop.authorizationStatus(order)).isEqualTo("CAPTURED");
        assertThat(shop.shipmentStatus(order)).isEqualTo("DISPATCHED");
    }

    @Test
    @Order(9)
    void onlyAnApprovedOrderOfYourOwnCanBeCancelled() {
        UUID rejected = shop.placeOrder("alice", "SKU-SOLDOUT", 1, "1.00", "FR");
        await().atMost(AT_MOST).until(() -> shop.orderStatus(rejected).equals("REJECTED"));
        var refused = shop.cancelOrder("alice", rejected, "cancel-" + rejected, "nothing to cancel");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.jsonPath().getString("detail")).contains("REJECTED");

        UUID approved = shop.placeOrder("alice", "SKU-APPLE", 1, "1.00", "FR");
        await().atMost(AT_MOST).until(() -> shop.sagaStatus(approved).equals("COMPLETED"));
        // another customer's order is not theirs to see, let alone cancel
        assertThat(shop.cancelOrder("bob", approved, "cancel-" + approved, "not mine").statusCode()).isEqualTo(404);
        assertThat(shop.orderStatus(approved)).isEqualTo("APPROVED");
        assertThat(shop.sagaStatus(approved, "cancel-order")).isEqualTo("NONE");
    }
}
