package io.sagaplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sagaplatform.testing.PlatformStack;
import io.sagaplatform.testing.Tokens;

/**
 * Who may do what, over the running platform: every endpoint × every identity, as a matrix. A refusal is a
 * 401 (no valid token: missing, malformed, expired, signed by a stranger) or a 403 (valid, but not allowed)
 * with a problem+json body, and changes nothing; an allowed call is not refused (its status is the data's
 * business: 200, 201, 204, or a 404/409 the data explains). The health, metrics and OpenAPI endpoints stay
 * open: probes and scrapers carry no tokens.
 */
class AccessControlIT {

    private static final Duration AT_MOST = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String CUSTOMER = "acl-" + UUID.randomUUID().toString().substring(0, 8);

    /** An expected answer. */
    enum Outcome {
        ALLOWED, UNAUTHENTICATED, FORBIDDEN, HIDDEN
    }

    /** Who calls, and the bearer token they present (null: none). */
    record Identity(String name, String token) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** One endpoint and the outcome each identity must get there. */
    record Endpoint(String service, String method, String path, String body, Map<String, Outcome> outcomes) {
    }

    private static PlatformStack stack;
    private static Shop shop;
    private static UUID ownOrder;
    private static UUID sagaOfOwnOrder;

    @BeforeAll
    static void placeAnOrderToReadBack() {
        stack = SharedPlatform.stack();
        shop = new Shop(stack);
        // sold out: rejected at once, reserving and authorizing nothing
        ownOrder = shop.placeOrder(CUSTOMER, "SKU-SOLDOUT", 1, "5.00", "FR");
        await().atMost(AT_MOST).until(() -> shop.sagaStatus(ownOrder).equals("COMPENSATED"));
        sagaOfOwnOrder = UUID.fromString(shop.saga(ownOrder).getString("saga.id"));
    }

    @AfterAll
    static void everyOrderPlacedHereIsDecided() {
        await().atMost(AT_MOST).until(() -> Invariants.activeSagas(stack) == 0);
        Invariants.check(stack);
    }

    @TestFactory
    Stream<DynamicTest> everyEndpointAnswersEveryIdentityAsTheAccessTableSays() {
        List<Identity> identities = identities();
        List<DynamicTest> tests = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            for (Identity identity : identities) {
                Outcome expected = endpoint.outcomes().get(identity.name());
                tests.add(DynamicTest.dynamicTest(endpoint.method() + " " + endpoint.service() + endpoint.path()
                        + " as " + identity + " → " + expected, () -> check(endpoint, identity, expected)));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> probesScrapersAndApiDocumentsNeedNoToken() {
        Stream<DynamicTest> management = PlatformStack.SERVICES.stream().flatMap(service -> Stream.of(
                "/q/health/ready", "/q/metrics").map(path -> DynamicTest.dynamicTest(service + " management" + path,
                        () -> {
                            HttpResponse<String> response = sendTo(stack.managementUrl(service), "GET", path, null, null);
                            assertThat(response.statusCode()).as(service + " management" + path).isEqualTo(200);
                        })));
        Stream<DynamicTest> api = PlatformStack.SERVICES.stream().map(service -> DynamicTest.dynamicTest(
                service + "/q/openapi", () -> assertThat(send(service, "GET", "/q/openapi", null, null).statusCode())
                        .as(service + "/q/openapi").isEqualTo(200)));
        return Stream.concat(management, api);
    }

    /** Metrics and health live on the management port only: whoever may call the API cannot read them there. */
    @TestFactory
    Stream<DynamicTest> metricsAndHealthAreNotOnTheApiPort() {
        return PlatformStack.SERVICES.stream().flatMap(service -> Stream.of("/q/health/ready", "/q/metrics")
                .map(path -> DynamicTest.dynamicTest(service + path, () -> assertThat(
                        send(service, "GET", path, null, null).statusCode()).as(service + path).isEqualTo(404))));
    }

    private static void check(Endpoint endpoint, Identity identity, Outcome expected) throws Exception {
        HttpResponse<String> response = send(endpoint.service(), endpoint.method(), endpoint.path(), endpoint.body(),
                identity.token());
        int status = response.statusCode();
        String what = endpoint.method() + " " + endpoint.path() + " as " + identity + ": " + status + " "
                + response.body();
        switch (expected) {
            case ALLOWED -> assertThat(status).as(what).isBetween(200, 499).isNotIn(401, 403);
            case UNAUTHENTICATED -> {
                assertThat(status).as(what).isEqualTo(401);
                assertThat(response.headers().firstValue("WWW-Authenticate")).as(what).hasValue("Bearer");
            }
            case FORBIDDEN -> assertThat(status).as(what).isEqualTo(403);
            case HIDDEN -> assertThat(status).as(what).isEqualTo(404);
        }
        if (status >= 400) {
            assertThat(response.headers().firstValue("Content-Type")).as(what).hasValue("application/problem+json");
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.path("status").asInt()).as(what).isEqualTo(status);
            assertThat(problem.path("detail").asText()).as(what).isNotBlank();
        }
    }

    private static List<Identity> identities() {
        List<Identity> list = new ArrayList<>();
        list.add(new Identity("nobody", null));
        list.add(new Identity("garbage", "not.a.jwt"));
        list.add(new Identity("expired", Tokens.of("ops-old", List.of("operator", "admin"), Duration.ofMinutes(-10))));
        list.add(new Identity("stranger", Tokens.signedByStranger("ops-evil", List.of("operator", "admin"))));
        list.add(new Identity("owner", Tokens.customer(CUSTOMER)));
        list.add(new Identity("other-customer", Tokens.customer("someone-else")));
        list.add(new Identity("no-role", Tokens.of("visitor", List.of(), Duration.ofHours(1))));
        list.add(new Identity("operator", Tokens.operator("ops-acl")));
        list.add(new Identity("admin", Tokens.admin()));
        return list;
    }

    /**
     * The access table (README "Access"): customers place and read their own orders; operators read every
     * service and act on sagas; administrators may also change reference data.
     */
    private static List<Endpoint> endpoints() {
        String order = """
                {"customerId":"%s","currency":"EUR","lines":[{"sku":"SKU-SOLDOUT","quantity":1,"unitPrice":5.00}],\
                "shippingAddress":{"recipient":"R","street":"1 Main St","city":"Lyon","postalCode":"69001","country":"FR"}}"""
                .formatted(CUSTOMER);
        List<Endpoint> list = new ArrayList<>();
        list.add(endpoint("order-service", "POST", "/orders", order, "owner", "other-customer:FORBIDDEN",
                "operator:FORBIDDEN", "admin:FORBIDDEN"));
        list.add(endpoint("order-service", "GET", "/orders/" + ownOrder, null, "owner", "other-customer:HIDDEN",
                "operator", "admin"));
        list.add(endpoint("order-service", "GET", "/orders?customerId=" + CUSTOMER, null, "owner",
                "other-customer:FORBIDDEN", "operator", "admin"));
        // the order is REJECTED: an allowed caller gets 409 not-cancellable, which still proves the door was open
        list.add(endpoint("order-service", "POST", "/orders/" + ownOrder + "/cancel", "{\"reason\":\"acl\"}", "owner",
                "other-customer:HIDDEN", "operator", "admin"));
        for (String path : List.of("/sagas", "/sagas/stats", "/sagas/series", "/sagas/heatmap?type=place-order",
                "/sagas/definitions", "/sagas/" + sagaOfOwnOrder)) {
            list.add(endpoint("orchestrator", "GET", path, null, "operator", "admin"));
        }
        // the saga is COMPENSATED: an allowed caller gets 409, which still proves the door was open
        list.add(endpoint("orchestrator", "POST", "/sagas/" + sagaOfOwnOrder + "/abort", "{\"reason\":\"acl\"}",
                "operator", "admin"));
        list.add(endpoint("orchestrator", "POST", "/sagas/" + sagaOfOwnOrder + "/retry", null, "operator", "admin"));
        // dead letters: staff only, like the saga actions; a selection of no record is answered 404 to an allowed caller
        list.add(endpoint("orchestrator", "GET", "/dead-letters/topics", null, "operator", "admin"));
        list.add(endpoint("orchestrator", "GET", "/dead-letters?topic=order.events", null, "operator", "admin"));
        String nothingParked = "{\"topic\":\"order.events\",\"records\":[{\"partition\":0,\"offset\":"
                + (Long.MAX_VALUE - 1) + "}],\"reason\":\"acl\"}";
        list.add(endpoint("orchestrator", "POST", "/dead-letters/replay", nothingParked, "operator", "admin"));
        list.add(endpoint("orchestrator", "POST", "/dead-letters/discard", nothingParked, "operator", "admin"));
        list.add(endpoint("inventory-service", "GET", "/stock", null, "operator", "admin"));
        list.add(endpoint("inventory-service", "GET", "/reservations/" + ownOrder, null, "operator", "admin"));
        list.add(endpoint("inventory-service", "PUT", "/stock/" + BadInputs.SCRATCH_SKU, "{\"available\":5}", "admin",
                "operator:FORBIDDEN"));
        list.add(endpoint("payment-service", "GET", "/customers", null, "operator", "admin"));
        list.add(endpoint("payment-service", "GET", "/authorizations/" + ownOrder, null, "operator", "admin"));
        list.add(endpoint("payment-service", "PUT", "/customers/" + BadInputs.SCRATCH_CUSTOMER,
                "{\"creditLimit\":10.00,\"currency\":\"EUR\"}", "admin", "operator:FORBIDDEN"));
        list.add(endpoint("shipping-service", "GET", "/shipments", null, "operator", "admin"));
        list.add(endpoint("shipping-service", "GET", "/destinations/unserviceable", null, "operator", "admin"));
        // the warehouse's dispatch: a rejected order has no shipment, so an allowed caller gets 404
        list.add(endpoint("shipping-service", "POST", "/shipments/" + ownOrder + "/dispatch", null, "operator",
                "admin"));
        list.add(endpoint("shipping-service", "PUT", "/destinations/unserviceable/" + BadInputs.SCRATCH_COUNTRY,
                "{\"reason\":\"access test\"}", "admin", "operator:FORBIDDEN"));
        list.add(endpoint("shipping-service", "DELETE", "/destinations/unserviceable/" + BadInputs.SCRATCH_COUNTRY,
                null, "admin", "operator:FORBIDDEN"));
        return list;
    }

    /**
     * An endpoint where the listed identities are ALLOWED (or get the outcome after a colon) and every other
     * valid identity is FORBIDDEN; identities without a valid token are always UNAUTHENTICATED.
     */
    private static Endpoint endpoint(String service, String method, String path, String body, String... rules) {
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        for (String name : List.of("nobody", "garbage", "expired", "stranger")) {
            outcomes.put(name, Outcome.UNAUTHENTICATED);
        }
        for (String name : List.of("owner", "other-customer", "no-role", "operator", "admin")) {
            outcomes.put(name, Outcome.FORBIDDEN);
        }
        for (String rule : rules) {
            String[] parts = rule.split(":");
            outcomes.put(parts[0], parts.length == 1 ? Outcome.ALLOWED : Outcome.valueOf(parts[1]));
        }
        return new Endpoint(service, method, path, body, outcomes);
    }

    private static HttpResponse<String> send(String service, String method, String path, String body, String token)
            throws IOException, InterruptedException {
        return sendTo(stack.url(service), method, path, body, token);
    }

    private static HttpResponse<String> sendTo(String base, String method, String path, String body, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
