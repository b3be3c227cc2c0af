package io.sagaplatform.order.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sagaplatform.testing.Tokens;
import io.sagaplatform.testing.PostgresTestResource;
import io.sagaplatform.testing.ServiceTestProfile;

/**
 * Bad input to {@code POST /orders}: every case gets a 4xx problem+json that says what is wrong, and
 * nothing is stored — no order, no outbox row.
 */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class BadOrderRequestsIT {

    static Stream<Arguments> badBodies() {
        String valid = OrderRequests.valid("mallory");
        return Stream.of(
                Arguments.of("malformed JSON", "{\"customerId\": \"x\",", 400, "malformed-json"),
                Arguments.of("not an object", "[1,2,3]", 400, "malformed-json"),
                Arguments.of("JSON null", "null", 400, "validation"),
                Arguments.of("empty body", "", 400, "validation"),
                Arguments.of("missing customer", valid.replace("\"customerId\":\"mallory\",", ""), 400, "validation"),
                Arguments.of("missing lines", valid.replaceAll("\"lines\":\\[[^\\]]*\\],?", ""), 400, "validation"),
                Arguments.of("no lines", valid.replaceAll("\"lines\":\\[[^\\]]*\\]", "\"lines\":[]"), 400, "validation"),
                Arguments.of("missing address", valid.replaceAll(",\\s*\"shippingAddress\":\\{[^}]*\\}", ""), 400,
                        "validation"),
                Arguments.of("negative quantity", valid.replace("\"quantity\":2", "\"quantity\":-2"), 400, "validation"),
                Arguments.of("zero quantity", valid.replace("\"quantity\":2", "\"quantity\":0"), 400, "validation"),
                Arguments.of("huge quantity", valid.replace("\"quantity\":2", "\"quantity\":99999999999"), 400,
                        "malformed-json"),
                Arguments.of("fractional quantity", valid.replace("\"quantity\":2", "\"quantity\":2.5"), 400,
                        "malformed-json"),
                Arguments.of("negative price", valid.replace("1.25", "-1.25"), 400, "validation"),
                Arguments.of("fractional cents", valid.replace("1.25", "1.255"), 400, "validation"),
                Arguments.of("price as text", valid.replace("1.25", "\"cheap\""), 400, "malformed-json"),
                Arguments.of("quantity as text", valid.replace("\"quantity\":2", "\"quantity\":\"two\""), 400,
                        "malformed-json"),
                Arguments.of("unknown field", valid.replace("\"currency\":\"EUR\"", "\"currency\":\"EUR\",\"discount\":50"),
                        400, "malformed-json"),
                Arguments.of("lower-case currency", valid.replace("\"EUR\"", "\"eur\""), 400, "validation"),
                Arguments.of("bad country", valid.replace("\"FR\"", "\"France\""), 400, "validation"),
                Arguments.of("NUL in customer", valid.replace("mallory", "mal\\u0000lory"), 400, "validation"),
                Arguments.of("injection in customer", valid.replace("mallory", "x'; DROP TABLE orders; --"), 400,
                        "validation"),
                Arguments.of("too many lines", tooManyLines(valid), 400, "validation"),
                Arguments.of("total beyond what an order can hold", hugeTotal(valid), 400, "validation"),
                Arguments.of("NUL in recipient", valid.replace("\"Alice\"", "\"Al\\u0000ice\""), 400, "validation"),
                Arguments.of("control character in street", valid.replace("\"street\":\"", "\"street\":\"\\u0007"),
                        400, "validation"),
                Arguments.of("trailing garbage", valid + "}garbage", 400, "malformed-json"),
                Arguments.of("two documents", valid + valid, 400, "malformed-json"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void isRefusedWithAProblemAndStoresNothing(String name, String body, int status, String problemType) {
        long orders = count("orders");
        long outbox = count("outbox");

        given().auth().oauth2(Tokens.customer("alice")).contentType("application/json").body(body).post("/orders")
                .then().statusCode(status)
                .contentType("application/problem+json")
                .body("status", is(status))
                .body("type", is("https://saga-platform.dev/problems/" + problemType))
                .body("detail", notNullValue());

        assertThat(count("orders")).as("orders").isEqualTo(orders);
        assertThat(count("outbox")).as("outbox rows").isEqualTo(outbox);
    }

    static Stream<Arguments> invalidFields() {
        return badBodies().filter(a -> a.get()[3].equals("validation") && ((String) a.get()[1]).startsWith("{"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFields")
    void namesTheInvalidField(String name, String body, int status, String problemType) {
        given().auth().oauth2(Tokens.customer("alice")).contentType("application/json").body(body).post("/orders")
                .then().statusCode(400).body("violations[0].field", notNullValue())
                .body("violations[0].message", notNullValue());
    }

    @org.junit.jupiter.api.Test
    void anOrderOfValidLinesWhoseTotalTheOrderCannotHoldIsA400NotA500() {
        long orders = count("orders");
        given().auth().oauth2(Tokens.customer("alice")).contentType("application/json")
                .body(hugeTotal(OrderRequests.valid("alice"))).post("/orders")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", is("https://saga-platform.dev/problems/validation"))
                .body("violations[0].field", is("lines"));
        assertThat(count("orders")).isEqualTo(orders);
    }

    @org.junit.jupiter.api.Test
    void anOversizedBodyIsA413Problem() {
        String huge = OrderRequests.valid("x").replace("\"Alice\"", "\"" + "A".repeat(70_000) + "\"");
        given().auth().oauth2(Tokens.customer("x")).contentType("application/json").body(huge).post("/orders")
                .then().statusCode(413).contentType("application/problem+json").body("status", is(413));
    }

    @org.junit.jupiter.api.Test
    void aWrongContentTypeIsA415Problem() {
        given().auth().oauth2(Tokens.customer("x")).contentType("text/plain").body(OrderRequests.valid("x")).post("/orders")
                .then().statusCode(415).contentType("application/problem+json");
    }

    @org.junit.jupiter.api.Test
    void anInvalidIdempotencyKeyIsA400Problem() {
        given().auth().oauth2(Tokens.customer("x")).contentType("application/json").header("Idempotency-Key", "has spaces in it")
                .body(OrderRequests.valid("x")).post("/orders")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @org.junit.jupiter.api.Test
    void anEmptyIdempotencyKeyIsA400ProblemAndPlacesNothing() {
        long orders = count("orders");
        given().auth().oauth2(Tokens.customer("x")).contentType("application/json").header("Idempotency-Key", "")
                .body(OrderRequests.valid("x")).post("/orders")
                .then().statusCode(400).contentType("application/problem+json").body("status", is(400));
        assertThat(count("orders")).isEqualTo(orders);
    }

    @org.junit.jupiter.api.Test
    void aBodyWithoutContentTypeIsA415ProblemAndPlacesNothing() throws Exception {
        long orders = count("orders");
        // a raw client: REST Assured would add a Content-Type of its own
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create("http://localhost:" + io.restassured.RestAssured.port + "/orders"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(OrderRequests.valid("x"))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(count("orders")).isEqualTo(orders);
    }

    @org.junit.jupiter.api.Test
    void aNulInTheQueryIsA400ProblemNotA500() {
        given().auth().oauth2(Tokens.operator("ops")).urlEncodingEnabled(false).get("/orders?customerId=a%00b").then().statusCode(400).contentType("application/problem+json")
                .body("status", is(400));
    }

    @org.junit.jupiter.api.Test
    void anUnsupportedMethodIsA405Problem() {
        given().auth().oauth2(Tokens.operator("ops")).delete("/orders").then().statusCode(405).contentType("application/problem+json");
    }

    private static String tooManyLines(String valid) {
        return withLines(valid, 101, 1, "1");
    }

    /** Every line within its own limits, the sum not: 11 × 1000 × 9,999,999,999.99 > 99,999,999,999,999.99. */
    private static String hugeTotal(String valid) {
        return withLines(valid, 11, 1000, "9999999999.99");
    }

    private static String withLines(String valid, int count, int quantity, String unitPrice) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < count; i++) {
            lines.append(i == 0 ? "" : ",").append("{\"sku\":\"SKU-").append(i).append("\",\"quantity\":")
                    .append(quantity).append(",\"unitPrice\":").append(unitPrice).append('}');
        }
        return valid.replaceAll("\"lines\":\\[[^\\]]*\\]", "\"lines\":[" + lines + "]");
    }

    private static long count(String table) {
        return PostgresTestResource.current().count("SELECT count(*) FROM " + table);
    }
}
