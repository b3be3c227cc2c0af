package io.sagaplatform.e2e;

import static io.restassured.RestAssured.given;

import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.sagaplatform.testing.PlatformStack;

/** A user of the platform: places orders over REST and reads what every service says about them. */
final class Shop {

    private final PlatformStack stack;

    Shop(PlatformStack stack) {
        this.stack = stack;
    }

    UUID placeOrder(String customer, String sku, int quantity, String unitPrice, String country) {
        String body = """
                {"customerId":"%s","currency":"EUR","lines":[{"sku":"%s","quantity":%d,"unitPrice":%s}],
                 "shippingAddress":{"recipient":"R","street":"1 Main St","city":"Lyon","postalCode":"69001","country":"%s"}}
                """.formatted(customer, sku, quantity, unitPrice, country);
        return placeOrder(UUID.randomUUID().toString(), body);
    }

    /** Places the order {@code body} (JSON) under {@code idempotencyKey}. */
    UUID placeOrder(String idempotencyKey, String body) {
        String id = given().baseUri(stack.url("order-service")).contentType(ContentType.JSON)
                .header("Idempotency-Key", idempotencyKey).body(body)
                .post("/orders").then().statusCode(201).extract().path("id");
        return UUID.fromString(id);
    }

    JsonPath order(UUID orderId) {
        return given().baseUri(stack.url("order-service")).get("/orders/" + orderId).then().statusCode(200)
                .extract().jsonPath();
    }

    String orderStatus(UUID orderId) {
        return order(orderId).getString("status");
    }

    /** The saga of an order, from the dashboard API; null until it exists. */
    JsonPath saga(UUID orderId) {
        JsonPath page = given().baseUri(stack.url("orchestrator")).queryParam("orderId", orderId).get("/sagas")
                .then().statusCode(200).extract().jsonPath();
        // the list and its total are two queries: a saga committed between them is counted but not listed yet
        if (page.getInt("total") == 0 || page.getList("items").isEmpty()) {
            return null;
        }
        return given().baseUri(stack.url("orchestrator")).get("/sagas/" + page.getString("items[0].id"))
                .then().statusCode(200).extract().jsonPath();
    }

    String sagaStatus(UUID orderId) {
        JsonPath saga = saga(orderId);
        return saga == null ? "NONE" : saga.getString("saga.status");
    }

    long available(String sku) {
        return stock(sku).getLong("available");
    }

    JsonPath stock(String sku) {
        return given().baseUri(stack.url("inventory-service")).get("/stock/" + sku).then().statusCode(200)
                .extract().jsonPath();
    }

    String reservationStatus(UUID orderId) {
        var response = given().baseUri(stack.url("inventory-service")).get("/reservations/" + orderId);
        return response.statusCode() == 404 ? "NONE" : response.jsonPath().getString("status");
    }

    String authorizationStatus(UUID orderId) {
        var response = given().baseUri(stack.url("payment-service")).get("/authorizations/" + orderId);
        return response.statusCode() == 404 ? "NONE" : response.jsonPath().getString("status");
    }

    String shipmentStatus(UUID orderId) {
        var response = given().baseUri(stack.url("shipping-service")).get("/shipments/" + orderId);
        return response.statusCode() == 404 ? "NONE" : response.jsonPath().getString("status");
    }

    BigDecimal held(String customer) {
        return new BigDecimal(given().baseUri(stack.url("payment-service")).get("/customers/" + customer).then()
                .statusCode(200).extract().jsonPath().getString("held"));
    }

    static Map<String, Long> seededStock() {
        return Map.of("SKU-APPLE", 1000L, "SKU-PEAR", 1000L, "SKU-BANANA", 500L, "SKU-RARE", 3L, "SKU-SOLDOUT", 0L);
    }
}
