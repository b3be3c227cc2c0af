package io.sagaplatform.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sagaplatform.contracts.inventory.InventoryFailureReason;
import io.sagaplatform.contracts.inventory.InventoryReservationFailed;
import io.sagaplatform.contracts.inventory.ReserveInventory;
import io.sagaplatform.contracts.order.OrderCancellationRequested;
import io.sagaplatform.contracts.order.OrderPlaced;
import io.sagaplatform.contracts.order.RejectOrder;
import io.sagaplatform.contracts.payment.AuthorizePayment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Consumer;

import static io.sagaplatform.contracts.TestResources.golden;
import static io.sagaplatform.contracts.TestResources.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WireFormatTest {

    // --- what decode rejects, and that it says why ---

    @Test
    void decodeRejectsAMissingRequiredField() {
        byte[] json = reserveInventory(payload -> payload.remove("orderId"));

        assertRejected(json, "orderId");
        assertRejectedSaying(json, "required");
    }

    @Test
    void decodeRejectsANegativeQuantity() {
        byte[] json = reserveInventory(payload -> line(payload, 0).put("quantity", -2));

        assertRejectedSaying(json, "$.lines[0].quantity");
    }

    @Test
    void decodeRejectsAZeroQuantity() {
        assertRejectedSaying(reserveInventory(payload -> line(payload, 1).put("quantity", 0)), "$.lines[1].quantity");
    }

    @Test
    void decodeRejectsAnUnknownField() {
        byte[] json = reserveInventory(payload -> payload.put("priority", "high"));

        assertRejectedSaying(json, "priority");
    }

    @Test
    void decodeRejectsAnUnknownFieldInANestedRecord() {
        assertRejectedSaying(reserveInventory(payload -> line(payload, 0).put("warehouse", "B")), "warehouse");
    }

    @Test
    void decodeRejectsAnIdThatIsNotAUuid() {
        byte[] json = reserveInventory(payload -> payload.put("orderId", "order-17"));

        assertRejectedSaying(json, "$.orderId");
        assertRejectedSaying(json, "uuid");
    }

    @Test
    void decodeRejectsBytesThatAreNotJson() {
        byte[] json = "ReserveInventory{orderId=17}".getBytes(StandardCharsets.UTF_8);

        assertRejectedSaying(json, "not JSON: ");
    }

    @Test
    void decodeRejectsEmptyBytesAndTrailingGarbage() {
        assertRejectedSaying(new byte[0], "not JSON: ");
        byte[] trailing = (new String(golden(MessageTypes.RESERVE_INVENTORY), StandardCharsets.UTF_8) + " {}")
                .getBytes(StandardCharsets.UTF_8);
        assertRejectedSaying(trailing, "not JSON: ");
    }

    @Test
    void decodeRejectsJsonThatIsNotAnObject() {
        assertRejectedSaying("[]".getBytes(StandardCharsets.UTF_8), "object");
        assertRejectedSaying("null".getBytes(StandardCharsets.UTF_8), "object");
    }

    @Test
    void decodeRejectsAnEmptyLineList() {
        assertRejectedSaying(reserveInventory(payload -> payload.putArray("lines")), "$.lines");
    }

    @Test
    void decodeRejectsMoneyFinerThanACentANegativeAmountAndALowercaseCurrency() {
        assertRejectedSaying(MessageTypes.AUTHORIZE_PAYMENT,
                authorizePayment(payload -> payload.put("amount", new BigDecimal("59.901"))), "$.amount");
        assertRejectedSaying(MessageTypes.AUTHORIZE_PAYMENT,
                authorizePayment(payload -> payload.put("amount", new BigDecimal("-1.00"))), "$.amount");
        assertRejectedSaying(MessageTypes.AUTHORIZE_PAYMENT,
                authorizePayment(payload -> payload.put("currency", "eur")), "$.currency");
    }

    @Test
    void decodeRejectsATimestampThatIsNotIso8601() {
        ObjectNode payload = (ObjectNode) json(golden(MessageTypes.ORDER_PLACED));
        payload.put("placedAt", "14/03/2025 09:26");

        assertRejectedSaying(MessageTypes.ORDER_PLACED, bytes(payload), "$.placedAt");
    }

    @Test
    void decodeRejectsAnUnknownEnumConstant() {
        ObjectNode payload = (ObjectNode) json(golden(MessageTypes.INVENTORY_RESERVATION_FAILED));
        payload.put("reason", "WAREHOUSE_ON_FIRE");

        assertRejectedSaying(MessageTypes.INVENTORY_RESERVATION_FAILED, bytes(payload), "$.reason");
    }

    @Test
    void rejectionListsEveryViolation() {
        byte[] json = reserveInventory(payload -> {
            payload.put("orderId", "x");
            payload.put("extra", 1);
        });

        InvalidMessageException e = assertThrows(InvalidMessageException.class,
                () -> WireFormat.decode(MessageTypes.RESERVE_INVENTORY, json));

        assertEquals(2, e.violations().size(), e.getMessage());
        assertTrue(e.getMessage().startsWith("inventory.ReserveInventory v1 violates its schema: "), e.getMessage());
    }

    // --- what the wire looks like ---

    @Test
    void moneyKeepsItsScaleBothWays() {
        AuthorizePayment payment = new AuthorizePayment(Examples.ORDER_ID, "c", new BigDecimal("10.50"), "EUR");

        byte[] json = WireFormat.encode(payment);

        assertTrue(new String(json, StandardCharsets.UTF_8).contains("\"amount\":10.50"), new String(json));
        assertEquals(new BigDecimal("10.50"), WireFormat.decode(MessageTypes.AUTHORIZE_PAYMENT, json).amount());
    }

    @Test
    void largeAmountsAreWrittenPlainNotInScientificNotation() {
        AuthorizePayment payment =
                new AuthorizePayment(Examples.ORDER_ID, "c", new BigDecimal("1E+3"), "EUR");

        String json = new String(WireFormat.encode(payment), StandardCharsets.UTF_8);

        assertTrue(json.contains("\"amount\":1000"), json);
    }

    @Test
    void instantsAreIso8601Strings() {
        JsonNode json = json(WireFormat.encode(Examples.of(MessageTypes.SAGA_COMPLETED)));

        assertEquals("2025-03-14T09:26:56.250Z", json.path("finishedAt").asText());
    }

    @Test
    void detailMayBeNull() {
        InventoryReservationFailed failed =
                new InventoryReservationFailed(Examples.ORDER_ID, InventoryFailureReason.UNKNOWN_SKU, null);

        InventoryReservationFailed decoded =
                WireFormat.decode(MessageTypes.INVENTORY_RESERVATION_FAILED, WireFormat.encode(failed));

        assertEquals(failed, decoded);
        assertNull(decoded.detail());
    }

    @Test
    void aCancellationRequestedWithoutAReasonCarriesANullReason() {
        OrderCancellationRequested requested = new OrderCancellationRequested(Examples.ORDER_ID, "alice", "ops-anna",
                null, java.time.Instant.parse("2025-03-15T10:00:00Z"));

        byte[] wire = WireFormat.encode(requested);

        assertTrue(json(wire).has("reason"), "present, and null");
        assertEquals(requested, WireFormat.decode(MessageTypes.ORDER_CANCELLATION_REQUESTED, wire));
    }

    @Test
    void aShipmentWithdrawalRefusalNamesOneOfItsReasons() {
        byte[] unknownReason = ("{\"orderId\":\"" + Examples.ORDER_ID + "\",\"reason\":\"LOST_IN_TRANSIT\","
                + "\"detail\":null}").getBytes(StandardCharsets.UTF_8);

        InvalidMessageException e = assertThrows(InvalidMessageException.class,
                () -> WireFormat.decode(MessageTypes.SHIPMENT_WITHDRAWAL_REFUSED, unknownReason));
        assertTrue(e.getMessage().contains("$.reason"), e.getMessage());
    }

    // --- what encode refuses ---

    @Test
    void encodeRefusesAMessageThatViolatesItsSchema() {
        Executable missingReason = () -> WireFormat.encode(new RejectOrder(Examples.ORDER_ID, null));

        InvalidMessageException e = assertThrows(InvalidMessageException.class, missingReason);
        assertTrue(e.getMessage().contains("$.reason"), e.getMessage());
    }

    @Test
    void encodeRefusesAnEmptyLineList() {
        ReserveInventory empty = new ReserveInventory(UUID.randomUUID(), java.util.List.of());

        assertThrows(InvalidMessageException.class, () -> WireFormat.encode(empty));
    }

    @Test
    void encodeRefusesAnUnregisteredMessage() {
        record Unregistered(UUID orderId) implements Message {
        }

        assertThrows(IllegalArgumentException.class, () -> WireFormat.encode(new Unregistered(UUID.randomUUID())));
    }

    @Test
    void validateAcceptsAValidTreeAndRejectsAnInvalidOne() {
        JsonNode valid = json(golden(MessageTypes.ORDER_PLACED));
        WireFormat.validate(MessageTypes.ORDER_PLACED, valid);

        ObjectNode invalid = valid.deepCopy();
        ((ObjectNode) invalid.path("shippingAddress")).put("country", "Germany");
        InvalidMessageException e = assertThrows(InvalidMessageException.class,
                () -> WireFormat.validate(MessageTypes.ORDER_PLACED, invalid));
        assertTrue(e.getMessage().contains("$.shippingAddress.country"), e.getMessage());
    }

    @Test
    void decodeMapsNestedRecordsAndLists() {
        OrderPlaced placed = WireFormat.decode(MessageTypes.ORDER_PLACED, golden(MessageTypes.ORDER_PLACED));

        assertEquals(2, placed.lines().size());
        assertEquals(new BigDecimal("56.30"), placed.lines().get(1).unitPrice());
        assertEquals("DE", placed.shippingAddress().country());
    }

    @Test
    void mapperIsSharedAndIgnoresUnknownPropertiesBecauseTheSchemaGovernsStrictness() throws Exception {
        assertSame(WireFormat.mapper(), WireFormat.mapper());
        ObjectNode payload = (ObjectNode) json(golden(MessageTypes.APPROVE_ORDER));
        payload.put("extra", true);

        assertEquals(Examples.of(MessageTypes.APPROVE_ORDER),
                WireFormat.mapper().treeToValue(payload, MessageTypes.APPROVE_ORDER.javaType()));
    }

    // --- helpers ---

    private static byte[] reserveInventory(Consumer<ObjectNode> change) {
        ObjectNode payload = (ObjectNode) json(golden(MessageTypes.RESERVE_INVENTORY));
        change.accept(payload);
        return bytes(payload);
    }

    private static byte[] authorizePayment(Consumer<ObjectNode> change) {
        ObjectNode payload = (ObjectNode) json(golden(MessageTypes.AUTHORIZE_PAYMENT));
        change.accept(payload);
        return bytes(payload);
    }

    private static ObjectNode line(ObjectNode payload, int index) {
        return (ObjectNode) ((ArrayNode) payload.path("lines")).get(index);
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return WireFormat.mapper().writeValueAsBytes(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertRejected(byte[] json, String mention) {
        assertRejectedSaying(MessageTypes.RESERVE_INVENTORY, json, mention);
    }

    private static void assertRejectedSaying(byte[] json, String mention) {
        assertRejectedSaying(MessageTypes.RESERVE_INVENTORY, json, mention);
    }

    private static void assertRejectedSaying(MessageType<?> type, byte[] json, String mention) {
        InvalidMessageException e = assertThrows(InvalidMessageException.class, () -> WireFormat.decode(type, json));
        assertTrue(e.getMessage().contains(mention), () -> "expected the reason to mention '" + mention
                + "', was: " + e.getMessage());
    }
}
