package io.sagaplatform.inventory;

import static io.restassured.RestAssured.given;

import java.util.UUID;

import io.restassured.http.ContentType;
import io.sagaplatform.testing.Tokens;

/**
 * Stock set up and read through the admin API. Tests that reserve use SKUs of their own, so that they never
 * depend on each other's order; the seed SKUs are only used by refused reservations, which change nothing.
 */
public final class StockFixtures {

    /** A SKU's stock as {@code GET /stock/{sku}} shows it. */
    public record Level(long available, long reserved, long total) {
    }

    private StockFixtures() {
    }

    /** A SKU no other test knows, with {@code available} units. */
    public static String newSku(long available) {
        String sku = "TEST-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"available\":" + available + "}").put("/stock/" + sku)
                .then().statusCode(201);
        return sku;
    }

    public static Level level(String sku) {
        var body = given().auth().oauth2(Tokens.admin()).get("/stock/" + sku).then().statusCode(200).extract().jsonPath();
        return new Level(body.getLong("available"), body.getLong("reserved"), body.getLong("total"));
    }
}
