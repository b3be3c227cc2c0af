package io.sagaplatform.shipping.api;

import static io.restassured.RestAssured.given;
import static io.sagaplatform.shipping.ShippingCommands.cancel;
import static io.sagaplatform.shipping.ShippingCommands.record;
import static io.sagaplatform.shipping.ShippingCommands.schedule;
import static io.sagaplatform.testing.ParticipantProbe.send;
import static io.sagaplatform.testing.TestMessages.newId;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sagaplatform.testing.Tokens;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.shipping.ShippingCommands;
import io.sagaplatform.testing.ServiceTestProfile;

/** {@code GET /shipments/{orderId}} and {@code GET /shipments?status=}, over shipments the saga's commands made. */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class ShipmentsApiIT {

    private static ShippingCommands shipping;

    @BeforeAll
    static void start() {
        shipping = new ShippingCommands();
    }

    @AfterAll
    static void close() {
        shipping.close();
    }

    @Test
    void showsAScheduledShipmentWithItsAddressAndLines() {
        UUID orderId = scheduled();

        given().auth().oauth2(Tokens.admin()).get("/shipments/" + orderId).then().statusCode(200)
                .body("orderId", is(orderId.toString()))
                .body("shipmentId", notNullValue())
                .body("status", is("SCHEDULED"))
                .body("cancelledBeforeScheduling", is(false))
                .body("address.country", is("FR"))
                .body("address.postalCode", is("69001"))
                .body("lines.sku", contains("SKU-APPLE", "SKU-PEAR"))
                .body("lines.quantity", contains(2, 1))
                .body("createdAt", notNullValue())
                .body("$", not(hasKey("cancelledAt")));
    }

    @Test
    void showsACancellationThatCameBeforeSchedulingWithoutShipment() {
        UUID orderId = UUID.randomUUID();
        UUID sagaId = UUID.randomUUID();
        shipping.awaitReply(send(cancel(orderId, sagaId, newId())), MessageTypes.SHIPMENT_CANCELLED);

        given().auth().oauth2(Tokens.admin()).get("/shipments/" + orderId).then().statusCode(200)
                .body("status", is("CANCELLED"))
                .body("cancelledBeforeScheduling", is(true))
                .body("cancelledAt", notNullValue())
                .body("$", not(hasKey("shipmentId")))
                .body("$", not(hasKey("address")))
                .body("lines.size()", is(0));
    }

    @Test
    void anUnknownOrderIsA404Problem() {
        given().auth().oauth2(Tokens.admin()).get("/shipments/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json").body("title", is("Not Found"));
        given().auth().oauth2(Tokens.admin()).get("/shipments/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void listsShipmentsOfAStatusNewestFirstPageByPage() {
        UUID older = scheduled();
        UUID middle = scheduled();
        UUID newest = scheduled();

        given().auth().oauth2(Tokens.admin()).queryParam("status", "SCHEDULED").queryParam("limit", 2).get("/shipments").then().statusCode(200)
                .body("orderId", contains(newest.toString(), middle.toString()));
        given().auth().oauth2(Tokens.admin()).queryParam("status", "SCHEDULED").queryParam("offset", 1).queryParam("limit", 2).get("/shipments")
                .then().statusCode(200).body("orderId", contains(middle.toString(), older.toString()));
        given().auth().oauth2(Tokens.admin()).queryParam("status", "CANCELLED").get("/shipments").then().statusCode(200)
                .body("status", everyItem(is("CANCELLED")));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({ "status, SHIPPED", "status, scheduled", "offset, -1", "limit, 0", "limit, 201" })
    void anInvalidListingParameterIsA400ProblemNamingIt(String parameter, String value) {
        given().auth().oauth2(Tokens.admin()).queryParam(parameter, value).get("/shipments").then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations[0].field", is(parameter));
    }

    @Test
    void servesItsOpenApiDocument() {
        given().auth().oauth2(Tokens.admin()).get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", hasKey("/shipments/{orderId}"))
                .body("paths", hasKey("/destinations/unserviceable/{country}"));
    }

    private static UUID scheduled() {
        UUID orderId = UUID.randomUUID();
        UUID sagaId = UUID.randomUUID();
        shipping.awaitReply(send(record(schedule(orderId), sagaId, newId())), MessageTypes.SHIPMENT_SCHEDULED);
        return orderId;
    }
}
