package io.sagaplatform.shipping.application;

import static io.sagaplatform.testing.KafkaProbe.header;
import static io.sagaplatform.testing.ParticipantProbe.send;
import static io.sagaplatform.testing.TestMessages.newId;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sagaplatform.contracts.Headers;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.WireFormat;
import io.sagaplatform.contracts.shipping.ShipmentCancelled;
import io.sagaplatform.contracts.shipping.ShipmentScheduled;
import io.sagaplatform.shipping.ShippingCommands;
import io.sagaplatform.testing.PostgresTestResource;
import io.sagaplatform.testing.ServiceTestProfile;

/**
 * Shipping's conservation invariant, checked after a mixed run of sagas — schedulings, refusals, retries,
 * redeliveries, compensations before and after the action, interleaved across partitions:
 * <ul>
 * <li>every order that was answered {@code ShipmentScheduled} has exactly one shipment, under the one shipment
 * id every such reply carried;</li>
 * <li>scheduled = still SCHEDULED + cancelled after scheduling, and each cancellation after scheduling was
 * answered {@code nothingToUndo = false} by exactly one command (redeliveries of it repeat the answer);</li>
 * <li>the units in shipment lines are those of the first accepted scheduling of each shipment: never doubled by
 * a retry or a redelivery;</li>
 * <li>an order cancelled before it was scheduled has a marker, no shipment id and no lines.</li>
 * </ul>
 */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class ShippingConservationIT {

    private static ShippingCommands shipping;

    @BeforeAll
    static void start() {
        shipping = new ShippingCommands();
    }

    @AfterAll
    static void close() {
        shipping.close();
    }

    /** One saga's commands to shipping, in the order the orchestrator would send them. */
    private record Saga(UUID sagaId, UUID orderId, int quantity, List<ProducerRecord<String, byte[]>> commands) {

        static Saga numbered(int index) {
            return new Saga(UUID.randomUUID(), UUID.randomUUID(), index + 1, new ArrayList<>());
        }

        Saga schedule(String country, String postalCode) {
            commands.add(ShippingCommands.record(ShippingCommands.scheduleTo(orderId, country, postalCode, quantity),
                    sagaId, newId()));
            return this;
        }

        Saga cancel() {
            commands.add(ShippingCommands.cancel(orderId, sagaId, newId()));
            return this;
        }

        /** The previous command delivered once more, same message id (a Kafka redelivery). */
        Saga redeliver() {
            commands.add(commands.get(commands.size() - 1));
            return this;
        }
    }

    @Test
    void everyShipmentIsAccountedForAfterAMixedRunOfSagas() {
        List<Saga> sagas = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            sagas.add(Saga.numbered(sagas.size()).schedule("FR", "69001"));
            sagas.add(Saga.numbered(sagas.size()).schedule("DE", "10115").redeliver());
            sagas.add(Saga.numbered(sagas.size()).schedule("IT", "00184").schedule("IT", "00184"));
            sagas.add(Saga.numbered(sagas.size()).schedule("ES", "28001").cancel().cancel());
            sagas.add(Saga.numbered(sagas.size()).schedule("NL", "1012").cancel().redeliver());
            sagas.add(Saga.numbered(sagas.size()).cancel().schedule("BE", "1000"));
            sagas.add(Saga.numbered(sagas.size()).schedule("AQ", "BIOT 1").cancel().schedule("FR", "75001"));
            sagas.add(Saga.numbered(sagas.size()).schedule("PT", "00000"));
        }
        // interleaved: every saga's first command, then every saga's second, …
        int deliveries = 0;
        int longest = sagas.stream().mapToInt(s -> s.commands().size()).max().orElseThrow();
        for (int step = 0; step < longest; step++) {
            for (Saga saga : sagas) {
                if (step < saga.commands().size()) {
                    send(saga.commands().get(step));
                    deliveries++;
                }
            }
        }
        // each delivery answered, and each answer checked to answer its command
        sagas.stream().flatMap(saga -> saga.commands().stream())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
                .forEach((command, times) -> shipping.awaitReplies(command, times.intValue()));
        List<ConsumerRecord<String, byte[]>> answers = sagas.stream()
                .flatMap(saga -> shipping.repliesOfSaga(saga.sagaId()).stream()).toList();
        assertThat(answers).as("one reply per delivery").hasSize(deliveries);

        Map<UUID, Set<UUID>> shipmentIdsByOrder = answers.stream()
                .filter(r -> MessageTypes.SHIPMENT_SCHEDULED.name().equals(header(r, Headers.CE_TYPE)))
                .map(r -> WireFormat.decode(MessageTypes.SHIPMENT_SCHEDULED, r.value()))
                .collect(Collectors.groupingBy(ShipmentScheduled::orderId,
                        Collectors.mapping(ShipmentScheduled::shipmentId, Collectors.toSet())));
        Set<String> undoingCommands = new HashSet<>();
        for (ConsumerRecord<String, byte[]> r : answers) {
            if (MessageTypes.SHIPMENT_CANCELLED.name().equals(header(r, Headers.CE_TYPE))
                    && !WireFormat.decode(MessageTypes.SHIPMENT_CANCELLED, r.value()).nothingToUndo()) {
                undoingCommands.add(header(r, Headers.CAUSATION_ID));
            }
        }
        Set<UUID> orders = sagas.stream().map(Saga::orderId).collect(Collectors.toSet());
        String inOrders = " order_id IN (" + orders.stream().map(o -> "'" + o + "'").collect(Collectors.joining(","))
                + ")";

        // one shipment id per scheduled order, and it is the stored one
        shipmentIdsByOrder.forEach((order, ids) -> {
            assertThat(ids).as("shipment ids answered for order %s", order).hasSize(1);
            assertThat(db("SELECT count(*) FROM shipments WHERE order_id = ? AND shipment_id = ?", order,
                    ids.iterator().next())).isEqualTo(1);
        });
        long scheduled = db("SELECT count(*) FROM shipments WHERE status = 'SCHEDULED' AND" + inOrders);
        long cancelledAfterScheduling = db("SELECT count(*) FROM shipments WHERE status = 'CANCELLED'"
                + " AND NOT cancelled_before_scheduling AND" + inOrders);
        assertThat(scheduled + cancelledAfterScheduling).isEqualTo(shipmentIdsByOrder.size());
        assertThat(undoingCommands).hasSize((int) cancelledAfterScheduling);

        // units: each shipment holds its first accepted scheduling's lines, once
        Map<UUID, Integer> quantityByOrder = sagas.stream().collect(Collectors.toMap(Saga::orderId, Saga::quantity));
        long expectedUnits = shipmentIdsByOrder.keySet().stream().mapToLong(o -> quantityByOrder.get(o) + 1).sum();
        assertThat(db("SELECT coalesce(sum(quantity), 0) FROM shipment_lines WHERE" + inOrders)).isEqualTo(expectedUnits);

        // markers: no shipment, no lines
        long markers = db("SELECT count(*) FROM shipments WHERE cancelled_before_scheduling AND shipment_id IS NULL"
                + " AND country IS NULL AND" + inOrders);
        assertThat(db("SELECT count(*) FROM shipment_lines l JOIN shipments s USING (order_id)"
                + " WHERE s.cancelled_before_scheduling AND s." + inOrders.strip())).isZero();

        // and the numbers this run must produce: 3 rounds of 8 sagas
        assertThat(scheduled).isEqualTo(9);
        assertThat(cancelledAfterScheduling).isEqualTo(6);
        assertThat(markers).isEqualTo(6);
        assertThat(db("SELECT count(*) FROM shipments WHERE" + inOrders)).isEqualTo(21);
        assertThat(answers.stream().filter(r -> MessageTypes.SHIPMENT_CANCELLED.name().equals(header(r, Headers.CE_TYPE)))
                .map(r -> WireFormat.decode(MessageTypes.SHIPMENT_CANCELLED, r.value()))
                .filter(ShipmentCancelled::nothingToUndo)).hasSize(9);
    }

    private static long db(String sql, Object... params) {
        return PostgresTestResource.current().count(sql, params);
    }
}
