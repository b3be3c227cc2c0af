package io.sagaplatform.shipping.application;

import static io.sagaplatform.shipping.ShippingCommands.record;
import static io.sagaplatform.shipping.ShippingCommands.schedule;
import static io.sagaplatform.testing.KafkaProbe.header;
import static io.sagaplatform.testing.ParticipantProbe.send;
import static io.sagaplatform.testing.TestMessages.newId;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import io.sagaplatform.contracts.Topics;
import io.sagaplatform.contracts.WireFormat;
import io.sagaplatform.contracts.common.ShippingAddress;
import io.sagaplatform.contracts.shipping.ScheduleShipment;
import io.sagaplatform.shipping.ShippingCommands;
import io.sagaplatform.testing.PostgresTestResource;
import io.sagaplatform.testing.ServiceTestProfile;
import io.sagaplatform.testing.TestMessages;

/**
 * Records that can never be applied go to {@code shipping.commands.dlq} with the reason, and the valid command
 * behind them on the same partition (same saga, same key) is still processed.
 */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class PoisonCommandsIT {

    private static ShippingCommands shipping;

    @BeforeAll
    static void start() {
        shipping = new ShippingCommands();
    }

    @AfterAll
    static void close() {
        shipping.close();
    }

    static Stream<Arguments> poison() {
        return Stream.of(
                poisoned("unknown message type",
                        r -> TestMessages.withHeader(r, Headers.CE_TYPE, "shipping.TeleportParcel"),
                        "Unknown message type 'shipping.TeleportParcel'"),
                poisoned("unsupported schema version",
                        r -> TestMessages.withHeader(r, Headers.SCHEMA_VERSION, "2"),
                        "Unsupported schema version 2 of shipping.ScheduleShipment"),
                poisoned("payload violating the schema",
                        r -> TestMessages.withBody(r, new String(r.value()).replaceAll("\"lines\":\\[.*\\]",
                                "\"lines\":[]")),
                        "Unreadable payload: shipping.ScheduleShipment v1 violates its schema: $.lines"),
                poisoned("payload that is not JSON",
                        r -> TestMessages.withBody(r, "{\"orderId\":"),
                        "Unreadable payload"),
                poisoned("missing message id",
                        r -> TestMessages.withHeader(r, Headers.CE_ID, null),
                        "Missing required header ce_id"),
                poisoned("blank recipient that no rule can ship to",
                        r -> TestMessages.withBody(r, new String(WireFormat.encode(withRecipient(" ",
                                WireFormat.decode(MessageTypes.SCHEDULE_SHIPMENT, r.value()))))),
                        "cannot be applied: recipient, street, city and postal code are all required"));
    }

    private static Arguments poisoned(String name, UnaryOperator<ProducerRecord<String, byte[]>> spoil, String reason) {
        return Arguments.of(name, spoil, reason);
    }

    private static ScheduleShipment withRecipient(String recipient, ScheduleShipment command) {
        ShippingAddress a = command.address();
        return new ScheduleShipment(command.orderId(),
                new ShippingAddress(recipient, a.street(), a.city(), a.postalCode(), a.country()), command.lines());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("poison")
    void isDeadLetteredWithItsReasonAndTheNextCommandIsStillProcessed(String name,
            UnaryOperator<ProducerRecord<String, byte[]>> spoil, String reason) {
        UUID sagaId = UUID.randomUUID();
        UUID poisonedOrder = UUID.randomUUID();
        UUID nextOrder = UUID.randomUUID();
        ProducerRecord<String, byte[]> poisoned = send(spoil.apply(record(schedule(poisonedOrder), sagaId, newId())));
        ProducerRecord<String, byte[]> next = send(record(schedule(nextOrder), sagaId, newId()));

        ConsumerRecord<String, byte[]> dead = shipping.awaitDeadLetter(poisoned);
        assertThat(header(dead, Headers.DLQ_REASON)).contains(reason);
        assertThat(header(dead, Headers.DLQ_CONSUMER)).isEqualTo("shipping-service");
        assertThat(header(dead, Headers.DLQ_ORIGINAL_TOPIC)).isEqualTo(Topics.SHIPPING_COMMANDS);

        assertThat(shipping.awaitReply(next, MessageTypes.SHIPMENT_SCHEDULED).orderId()).isEqualTo(nextOrder);
        assertThat(PostgresTestResource.current().count("SELECT count(*) FROM shipments WHERE order_id = ?",
                poisonedOrder)).isZero();
        assertThat(shipping.repliesOfSaga(sagaId)).hasSize(1);
        assertThat(shipping.deadLettersOfSaga(sagaId)).hasSize(1);
    }
}
