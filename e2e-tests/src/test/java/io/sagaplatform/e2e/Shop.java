package io.sagaplatform.e2e;

import static io.restassured.RestAssured.given;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;

import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.sagaplatform.testing.PlatformStack;
import io.sagaplatform.testing.Tokens;

/**
 * A user of the platform: places orders over REST and reads what every service says about them. Every REST call
 * of the end-to-end tests goes through here (callers' identities and tokens are added in one place).
 */
final class Shop {

    /**
     * Bounded connection and read timeouts for calls made while services are being killed: a request to a process
     * that just died must fail, not hang. RestAssured throws the timeout as the checked
     * {@link java.net.SocketTimeoutException} without declaring it, so the calls below catch {@code Exception}.
     */
    private static final RestAssuredConfig BOUNDED = RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.connection.timeout", 5_000)
            .setParam("http.socket.timeout", 15_000));

    private final PlatformStack stack;
    /** 5xx answers to POST /orders by status: 503 (busy or unreachable database) is expected during faults. */
    private final Map<Integer, AtomicInteger> serverErrors = new ConcurrentHashMap<>();
    /** The first few 500s (a defect: an unavailable database must be a 503) with the key and body they had. */
    private final List<String> internalErrors = new CopyOnWriteArrayList<>();
    private final AtomicInteger cancellationInternalErrors = new AtomicInteger();

    Shop(PlatformStack stack) {
        this.stack = stack;
    }

    /** Places an order of one line, patiently (see {@link #placeOrderPatiently}). */
    UUID placeOrder(String customer, String sku, int quantity, String unitPrice, String country) {
        String body = """
                {"customerId":"%s","currency":"EUR","lines":[{"sku":"%s","quantity":%d,"unitPrice":%s}],
                 "shippingAddress":{"recipient":"R","street":"1 Main St","city":"Lyon","postalCode":"69001","country":"%s"}}
                """.formatted(customer, sku, quantity, unitPrice, country);
        // as a client would: a 429 (the door at its limit while earlier orders are decided) is sent again
        return placeOrderPatiently(UUID.randomUUID().toString(), body, Duration.ofMinutes(2));
    }

    /** Places the order {@code body} (JSON) under {@code idempotencyKey}. */
    UUID placeOrder(String idempotencyKey, String body) {
        String customer = JsonPath.from(body).getString("customerId");
        String id = given().baseUri(stack.url("order-service")).auth().oauth2(Tokens.customer(customer))
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", idempotencyKey).body(body)
                .post("/orders").then().statusCode(201).extract().path("id");
        return UUID.fromString(id);
    }

    /**
     * Places the order {@code body} under {@code idempotencyKey}, sending the same request again — as a client
     * would — while order-service is down, restarting, answering 5xx or refusing work with 429 (too many orders in
     * flight while a fault holds the platform back), until it is accepted or {@code atMost}
     * passed. A request that was committed but whose answer was lost is answered with the same order the next
     * time, so each key places exactly one order.
     */
    UUID placeOrderPatiently(String idempotencyKey, String body, Duration atMost) {
        AtomicReference<UUID> placed = new AtomicReference<>();
        AtomicReference<String> lastFailure = new AtomicReference<>("no attempt");
        Awaitility.await("order " + idempotencyKey + " accepted").atMost(atMost).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    try {
                        Response response = given().config(BOUNDED).baseUri(stack.url("order-service"))
                                .auth().oauth2(Tokens.customer(JsonPath.from(body).getString("customerId")))
                                .contentType(ContentType.JSON).header("Idempotency-Key", idempotencyKey).body(body)
                                .post("/orders");
                        if (response.statusCode() == 201) {
                            placed.set(UUID.fromString(response.path("id")));
                            return true;
                        }
                        if (response.statusCode() < 500 && response.statusCode() != 429) {
                            throw new IllegalStateException("order " + idempotencyKey + " refused: "
                                    + response.statusCode() + " " + response.asString());
                        }
                        serverError(idempotencyKey, response);
                        lastFailure.set(response.statusCode() + " " + response.asString());
                    } catch (IllegalStateException refused) {
                        throw refused;
                    } catch (Exception unreachable) {
                        lastFailure.set(unreachable.toString());
                    }
                    return false;
                });
        return placed.get();
    }

    /** What became of a customer's request to cancel an order. */
    enum CancelAnswer {
        /** 202: the order is CANCELLING (or the same request was answered before: replayed). */
        ACCEPTED,
        /** 409 because the order was REJECTED: there is nothing to cancel, and nothing changed. */
        ORDER_REJECTED
    }

    /**
     * {@code customer} asks to cancel their order under {@code idempotencyKey}, as a patient client would: sent again
     * with the same key while order-service is down, restarting or answering 429 / 5xx (a request committed but whose
     * answer was lost is answered 202 again, one cancellation only), and again while the order is not decided yet
     * (409, PENDING) until {@code atMost} passed. A 409 for a REJECTED order is an answer; any other 4xx is thrown.
     * A 500 (a defect) is recorded with {@code idempotencyKey} and sent again too.
     */
    CancelAnswer cancelOrderPatiently(UUID orderId, String customer, String idempotencyKey, Duration atMost) {
        AtomicReference<CancelAnswer> answer = new AtomicReference<>();
        Awaitility.await("cancellation " + idempotencyKey + " answered").atMost(atMost).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofSeconds(1)).until(() -> {
                    try {
                        Response response = cancelOrder(customer, orderId, idempotencyKey,
                                "fault suite: changed my mind");
                        int status = response.statusCode();
                        if (status == 202) {
                            answer.set(CancelAnswer.ACCEPTED);
                            return true;
                        }
                        if (status == 409) {
                            String detail = String.valueOf(response.path("detail"));
                            if (detail.contains("REJECTED")) {
                                answer.set(CancelAnswer.ORDER_REJECTED);
                                return true;
                            }
                            if (detail.contains("PENDING")) {
                                return false; // not decided yet: ask again once it is
                            }
                        }
                        if (status < 500 && status != 429) {
                            throw new IllegalStateException("cancellation " + idempotencyKey + " of " + orderId
                                    + " refused: " + status + " " + response.asString());
                        }
                        cancellationServerError(orderId, idempotencyKey, response);
                    } catch (IllegalStateException refused) {
                        throw refused;
                    } catch (Exception unreachable) {
                        // order-service down or restarting: the same request again
                    }
                    return false;
                });
        return answer.get();
    }

    /**
     * An operator (the warehouse) dispatches the order's shipment, sent again while shipping-service is down or
     * answering 5xx (a dispatch is idempotent: a dispatched shipment answers 200 again) until {@code atMost} passed;
     * any 4xx is thrown, a 500 (a defect: a database that cannot be had is a 503) recorded with the others.
     */
    void dispatchPatiently(UUID orderId, Duration atMost) {
        Awaitility.await("shipment of " + orderId + " dispatched").atMost(atMost).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofSeconds(1)).until(() -> {
                    try {
                        Response response = dispatch(orderId);
                        if (response.statusCode() == 200) {
                            return true;
                        }
                        if (response.statusCode() == 500 && internalErrors.size() < 10) {
                            internalErrors.add("POST /shipments/" + orderId + "/dispatch: " + response.asString());
                        }
                        if (response.statusCode() < 500) {
                            throw new IllegalStateException("dispatch of " + orderId + " refused: "
                                    + response.statusCode() + " " + response.asString());
                        }
                    } catch (IllegalStateException refused) {
                        throw refused;
                    } catch (Exception unreachable) {
                        // shipping-service down or restarting: again
                    }
                    return false;
                });
    }

    /** The version new sagas of {@code sagaType} start on, as the orchestrator's dashboard API says. */
    int currentDefinitionVersion(String sagaType) {
        return staff().config(BOUNDED).baseUri(stack.url("orchestrator")).get("/sagas/definitions").then()
                .statusCode(200).extract().jsonPath()
                .getInt("find { it.type == '" + sagaType + "' }.currentVersion");
    }

    private void serverError(String idempotencyKey, Response response) {
        if (response.statusCode() >= 500) {
            serverErrors.computeIfAbsent(response.statusCode(), s -> new AtomicInteger()).incrementAndGet();
            if (response.statusCode() == 500 && internalErrors.size() < 10) {
                internalErrors.add("POST /orders " + idempotencyKey + ": " + response.asString());
            }
        }
    }

    /** A cancellation's 500 is a defect too (not counted with POST /orders' 5xx: a fault requires those). */
    private void cancellationServerError(UUID orderId, String idempotencyKey, Response response) {
        if (response.statusCode() == 500 && internalErrors.size() < 10) {
            internalErrors.add("POST /orders/" + orderId + "/cancel " + idempotencyKey + ": " + response.asString());
        }
        if (response.statusCode() == 500) {
            cancellationInternalErrors.incrementAndGet();
        }
    }

    /** How many times POST /orders/{id}/cancel was answered 500 by {@link #cancelOrderPatiently}. */
    int cancellationInternalErrors() {
        return cancellationInternalErrors.get();
    }

    /** How many times POST /orders was answered {@code status} (a 5xx) by {@link #placeOrderPatiently}. */
    int serverErrors(int status) {
        AtomicInteger count = serverErrors.get(status);
        return count == null ? 0 : count.get();
    }

    /** The first 500s POST /orders, POST /orders/{id}/cancel or a dispatch answered, each with its key and body. */
    List<String> internalErrors() {
        return List.copyOf(internalErrors);
    }

    /** The order's status and rejection reason, or null when order-service cannot answer right now. */
    String[] orderStatusOrNull(UUID orderId) {
        try {
            Response response = staff().config(BOUNDED).baseUri(stack.url("order-service"))
                    .get("/orders/" + orderId);
            return response.statusCode() == 200
                    ? new String[] { response.path("status"), response.path("rejectionReason") }
                    : null;
        } catch (Exception unreachable) {
            return null;
        }
    }

    /**
     * The status code of an operator's {@code GET /orders/{id}} (bounded timeouts), 0 when order-service could not
     * be reached or did not answer in time.
     */
    int orderStatusCode(UUID orderId) {
        try {
            return staff().config(BOUNDED).baseUri(stack.url("order-service")).get("/orders/" + orderId).statusCode();
        } catch (Exception unreachable) {
            return 0;
        }
    }

    /** Admin: sets what is available of {@code sku}, registering it when new (reserved units stay reserved). */
    void setAvailable(String sku, long available) {
        admin().config(BOUNDED).baseUri(stack.url("inventory-service")).contentType(ContentType.JSON)
                .body(Map.of("available", available)).put("/stock/" + sku).then()
                .statusCode(org.hamcrest.Matchers.oneOf(200, 201)); // 201: a SKU registered by this call
    }

    /** Admin: sets a customer's credit line. */
    void setCreditLimit(String customer, String limit, String currency) {
        admin().config(BOUNDED).baseUri(stack.url("payment-service")).contentType(ContentType.JSON)
                .body(Map.of("creditLimit", limit, "currency", currency)).put("/customers/" + customer).then()
                .statusCode(org.hamcrest.Matchers.oneOf(200, 201)); // 201: a customer created by this call
    }

    /**
     * Total units per SKU ({@code available + reserved}), as the inventory API shows them: every page of
     * {@code GET /stock} (at most 500 SKUs each), until one is shorter than that.
     */
    Map<String, Long> stockTotals() {
        Map<String, Long> totals = new HashMap<>();
        for (int page = 0;; page++) {
            List<Map<String, Object>> items = staff().config(BOUNDED).baseUri(stack.url("inventory-service"))
                    .queryParam("page", page).queryParam("size", 500)
                    .get("/stock").then().statusCode(200).extract().jsonPath().getList("$");
            items.forEach(item -> totals.put((String) item.get("sku"), ((Number) item.get("total")).longValue()));
            if (items.size() < 500) {
                return totals;
            }
        }
    }

    /** A service's Prometheus scrape ({@code /q/metrics}, its management port); null when it cannot answer now. */
    String metricsOrNull(String service) {
        try {
            Response response = given().config(BOUNDED).baseUri(stack.managementUrl(service)).get("/q/metrics");
            return response.statusCode() == 200 ? response.asString() : null;
        } catch (Exception unreachable) {
            return null;
        }
    }

    JsonPath order(UUID orderId) {
        return staff().baseUri(stack.url("order-service")).get("/orders/" + orderId).then().statusCode(200)
                .extract().jsonPath();
    }

    String orderStatus(UUID orderId) {
        return order(orderId).getString("status");
    }

    /** order-service's door as the orchestrator's dashboard API reports it ({@code GET /sagas/admission}). */
    JsonPath door() {
        return staff().baseUri(stack.url("orchestrator")).get("/sagas/admission").then().statusCode(200).extract()
                .jsonPath();
    }

    /** The place-order saga of an order, from the dashboard API; null until it exists. */
    JsonPath saga(UUID orderId) {
        return saga(orderId, "place-order");
    }

    /** The saga of {@code type} about an order, from the dashboard API; null until it exists. */
    JsonPath saga(UUID orderId, String type) {
        JsonPath page = staff().baseUri(stack.url("orchestrator")).queryParam("type", type)
                .queryParam("orderId", orderId).get("/sagas")
                .then().statusCode(200).extract().jsonPath();
        // items, not total: the page and its count are two queries, and a saga committed between them is
        // counted but not listed
        if (page.getList("items").isEmpty()) {
            return null;
        }
        return staff().baseUri(stack.url("orchestrator")).get("/sagas/" + page.getString("items[0].id"))
                .then().statusCode(200).extract().jsonPath();
    }

    String sagaStatus(UUID orderId) {
        return sagaStatus(orderId, "place-order");
    }

    String sagaStatus(UUID orderId, String type) {
        JsonPath saga = saga(orderId, type);
        return saga == null ? "NONE" : saga.getString("saga.status");
    }

    /** {@code POST /orders/{id}/cancel} as {@code customer}, with an Idempotency-Key; the answer as it came. */
    Response cancelOrder(String customer, UUID orderId, String idempotencyKey, String reason) {
        return given().config(BOUNDED).auth().oauth2(Tokens.customer(customer)).baseUri(stack.url("order-service"))
                .contentType(ContentType.JSON).header("Idempotency-Key", idempotencyKey)
                .body(Map.of("reason", reason)).post("/orders/" + orderId + "/cancel");
    }

    /** The warehouse dispatches the order's shipment ({@code POST /shipments/{orderId}/dispatch}, as an operator). */
    Response dispatch(UUID orderId) {
        return given().config(BOUNDED).auth().oauth2(Tokens.operator("e2e-warehouse"))
                .baseUri(stack.url("shipping-service")).post("/shipments/" + orderId + "/dispatch");
    }

    long available(String sku) {
        return stock(sku).getLong("available");
    }

    JsonPath stock(String sku) {
        return staff().baseUri(stack.url("inventory-service")).get("/stock/" + sku).then().statusCode(200)
                .extract().jsonPath();
    }

    String reservationStatus(UUID orderId) {
        var response = staff().baseUri(stack.url("inventory-service")).get("/reservations/" + orderId);
        return response.statusCode() == 404 ? "NONE" : response.jsonPath().getString("status");
    }

    String authorizationStatus(UUID orderId) {
        var response = staff().baseUri(stack.url("payment-service")).get("/authorizations/" + orderId);
        return response.statusCode() == 404 ? "NONE" : response.jsonPath().getString("status");
    }

    String shipmentStatus(UUID orderId) {
        var response = staff().baseUri(stack.url("shipping-service")).get("/shipments/" + orderId);
        return response.statusCode() == 404 ? "NONE" : response.jsonPath().getString("status");
    }

    BigDecimal held(String customer) {
        return new BigDecimal(staff().baseUri(stack.url("payment-service")).get("/customers/" + customer).then()
                .statusCode(200).extract().jsonPath().getString("held"));
    }

    /** Reads go out as an operator: staff see every order and every service's state. */
    private static RequestSpecification staff() {
        return given().auth().oauth2(Tokens.operator("e2e-operator"));
    }

    /** Reference data changes go out as an administrator. */
    private static RequestSpecification admin() {
        return given().auth().oauth2(Tokens.admin());
    }

    static Map<String, Long> seededStock() {
        return Map.of("SKU-APPLE", 1000L, "SKU-PEAR", 1000L, "SKU-BANANA", 500L, "SKU-RARE", 3L, "SKU-SOLDOUT", 0L);
    }
}
