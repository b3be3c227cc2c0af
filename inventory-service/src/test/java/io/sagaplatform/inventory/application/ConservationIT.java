package io.sagaplatform.inventory.application;

import static io.restassured.RestAssured.given;
import static io.sagaplatform.inventory.SagaDriver.line;
import static io.sagaplatform.inventory.SagaDriver.release;
import static io.sagaplatform.inventory.SagaDriver.reserve;
import static io.sagaplatform.inventory.StockFixtures.level;
import static io.sagaplatform.inventory.StockFixtures.newSku;
import static io.sagaplatform.testing.KafkaProbe.header;
import static io.sagaplatform.testing.ParticipantProbe.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sagaplatform.testing.Tokens;
import io.sagaplatform.contracts.Headers;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.inventory.SagaDriver;
import io.sagaplatform.inventory.StockFixtures.Level;
import io.sagaplatform.testing.PostgresTestResource;
import io.sagaplatform.testing.ServiceTestProfile;

/**
 * Whatever the saga sends — reservations that succeed or are refused, releases before and after, duplicates,
 * orders competing for too little stock — no unit is created or lost: each SKU's total stays what the
 * operator set, and what is reserved is exactly what the RESERVED reservations hold.
 */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class ConservationIT {

    private static SagaDriver saga;

    @BeforeAll
    static void start() {
        saga = new SagaDriver();
    }

    @AfterAll
    static void close() {
        saga.close();
    }

    @Test
    void aMixedSequenceOfCommandsNeitherCreatesNorLosesStock() {
        String bolt = newSku(20);
        String nut = newSku(7);
        List<ProducerRecord<String, byte[]>> commands = new ArrayList<>();
        // Each order's commands share its saga id, hence one partition and their order; orders interleave.
        UUID a = UUID.randomUUID();
        commands.add(reserve(a, a, line(bolt, 5), line(nut, 2)));
        UUID b = UUID.randomUUID();
        commands.add(reserve(b, b, line(bolt, 3)));
        commands.add(release(b, b));
        UUID c = UUID.randomUUID();
        commands.add(release(c, c));
        commands.add(reserve(c, c, line(bolt, 1)));
        UUID d = UUID.randomUUID();
        commands.add(reserve(d, d, line(nut, 10)));
        UUID e = UUID.randomUUID();
        commands.add(reserve(e, e, line(bolt, 2), line("SKU-NOPE", 1)));
        UUID f = UUID.randomUUID();
        ProducerRecord<String, byte[]> fReserve = reserve(f, f, line(bolt, 4), line(bolt, 1));
        commands.add(fReserve);
        commands.add(send(fReserve));
        commands.add(reserve(f, f, line(bolt, 5)));
        UUID g = UUID.randomUUID();
        commands.add(reserve(g, g, line(nut, 3)));
        ProducerRecord<String, byte[]> gRelease = release(g, g);
        commands.add(gRelease);
        commands.add(send(gRelease));
        commands.add(release(g, g));
        awaitEveryReply(commands);

        assertThat(List.of(status(a), status(b), status(c), status(d), status(e), status(f), status(g)))
                .containsExactly("RESERVED", "RELEASED", "CANCELLED", "NONE", "NONE", "RESERVED", "RELEASED");
        assertThat(level(bolt)).isEqualTo(new Level(10, 10, 20));
        assertThat(level(nut)).isEqualTo(new Level(5, 2, 7));
        assertEveryReservedUnitIsHeldByAReservedOrder();

        // then more orders than there are nuts left, all at once
        List<ProducerRecord<String, byte[]>> competing = IntStream.range(0, 8).mapToObj(i -> UUID.randomUUID())
                .map(order -> reserve(order, order, line(nut, 1), line(bolt, 1))).toList();
        awaitEveryReply(competing);

        assertThat(competing.stream().filter(command -> saga.awaitReplies(command, 1).stream()
                .anyMatch(r -> MessageTypes.INVENTORY_RESERVED.name().equals(header(r, Headers.CE_TYPE)))))
                .as("orders that got one of the 5 nuts left").hasSize(5);
        assertThat(level(nut)).isEqualTo(new Level(0, 7, 7));
        assertThat(level(bolt)).isEqualTo(new Level(5, 15, 20));
        assertEveryReservedUnitIsHeldByAReservedOrder();
    }

    /** Waits for one reply per delivery of each command (a command delivered twice is answered twice). */
    private static void awaitEveryReply(List<ProducerRecord<String, byte[]>> commands) {
        commands.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
                .forEach((command, deliveries) -> saga.awaitReplies(command, deliveries.intValue()));
    }

    /** The invariant over the whole database: reserved = what RESERVED reservations hold, per SKU. */
    private static void assertEveryReservedUnitIsHeldByAReservedOrder() {
        assertThat(PostgresTestResource.current().count("""
                SELECT count(*) FROM stock_items s
                WHERE s.reserved <> (SELECT coalesce(sum(l.quantity), 0)
                                     FROM reservation_lines l JOIN reservations r ON r.order_id = l.order_id
                                     WHERE l.sku = s.sku AND r.status = 'RESERVED')""")).isZero();
        assertThat(PostgresTestResource.current().count(
                "SELECT count(*) FROM reservation_lines l JOIN reservations r ON r.order_id = l.order_id"
                        + " WHERE r.status = 'CANCELLED'")).as("a cancelled marker holds nothing").isZero();
    }

    private static String status(UUID orderId) {
        var response = given().auth().oauth2(Tokens.admin()).get("/reservations/" + orderId);
        return response.statusCode() == 404 ? "NONE" : response.jsonPath().getString("status");
    }
}
