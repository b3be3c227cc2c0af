package io.sagaplatform.inventory.api;

import static io.restassured.RestAssured.given;
import static io.sagaplatform.inventory.SagaDriver.line;
import static io.sagaplatform.inventory.StockFixtures.level;
import static io.sagaplatform.inventory.StockFixtures.newSku;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.sagaplatform.testing.Tokens;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.inventory.SagaDriver;
import io.sagaplatform.inventory.StockFixtures.Level;
import io.sagaplatform.testing.ServiceTestProfile;

/** The admin and inspection API: stock per SKU, set by operators, and each order's reservation. */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class StockApiIT {

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
    void listsTheSeedStockWithAvailableReservedAndTotal() {
        List<Map<String, Object>> stock = given().auth().oauth2(Tokens.admin()).queryParam("size", 500).get("/stock").then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertThat(stock).contains(
                Map.of("sku", "SKU-APPLE", "available", 1000, "reserved", 0, "total", 1000),
                Map.of("sku", "SKU-PEAR", "available", 1000, "reserved", 0, "total", 1000),
                Map.of("sku", "SKU-BANANA", "available", 500, "reserved", 0, "total", 500),
                Map.of("sku", "SKU-RARE", "available", 3, "reserved", 0, "total", 3),
                Map.of("sku", "SKU-SOLDOUT", "available", 0, "reserved", 0, "total", 0));
        assertThat(stock).extracting(item -> (String) item.get("sku")).isSorted();
    }

    @Test
    void puttingAnUnknownSkuRegistersItWith201() {
        String sku = "NEW-" + UUID.randomUUID().toString().substring(0, 8);

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"available\":42}").put("/stock/" + sku)
                .then().statusCode(201)
                .header("Location", endsWith("/stock/" + sku))
                .body("sku", is(sku)).body("available", is(42)).body("reserved", is(0)).body("total", is(42));

        assertThat(level(sku)).isEqualTo(new Level(42, 0, 42));
        given().auth().oauth2(Tokens.admin()).queryParam("size", 500).get("/stock").then().body("sku", hasItems(sku));
    }

    @Test
    void settingAvailableKeepsWhatOrdersHoldAndMovesTheTotal() {
        String sku = newSku(10);
        saga.awaitReply(SagaDriver.reserve(UUID.randomUUID(), UUID.randomUUID(), line(sku, 4)),
                MessageTypes.INVENTORY_RESERVED);

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"available\":100}").put("/stock/" + sku)
                .then().statusCode(200)
                .body("available", is(100)).body("reserved", is(4)).body("total", is(104));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"available\":0}").put("/stock/" + sku)
                .then().statusCode(200).body("total", is(4));

        assertThat(level(sku)).isEqualTo(new Level(0, 4, 4));
    }

    @Test
    void anUnknownSkuIsA404Problem() {
        given().auth().oauth2(Tokens.admin()).get("/stock/SKU-NOPE").then().statusCode(404).contentType("application/problem+json")
                .body("status", is(404)).body("detail", is("SKU SKU-NOPE is not stocked"));
    }

    @Test
    void showsAnOrdersReservation() {
        String sku = newSku(10);
        UUID orderId = UUID.randomUUID();
        saga.awaitReply(SagaDriver.reserve(UUID.randomUUID(), orderId, line(sku, 2), line(sku, 3)),
                MessageTypes.INVENTORY_RESERVED);

        given().auth().oauth2(Tokens.admin()).get("/reservations/" + orderId).then().statusCode(200)
                .body("orderId", is(orderId.toString()))
                .body("status", is("RESERVED"))
                .body("lines", is(List.of(Map.of("sku", sku, "quantity", 5))))
                .body("$", hasKey("createdAt"))
                .body("$", not(hasKey("releasedAt")));
    }

    @Test
    void anOrderWithoutReservationIsA404Problem() {
        given().auth().oauth2(Tokens.admin()).get("/reservations/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json").body("title", is("Not Found"));
        given().auth().oauth2(Tokens.admin()).get("/reservations/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void servesItsOpenApiDocument() {
        given().auth().oauth2(Tokens.admin()).get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", hasKey("/stock"))
                .body("paths", hasKey("/stock/{sku}"))
                .body("paths", hasKey("/reservations/{orderId}"));
    }
}
