package io.sagaplatform.payment.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sagaplatform.testing.Tokens;
import io.sagaplatform.payment.CreditLines;
import io.sagaplatform.testing.PostgresTestResource;
import io.sagaplatform.testing.ServiceTestProfile;

/**
 * Bad input to {@code PUT /customers/{id}}: every case gets a 4xx problem+json that says what is wrong, and
 * nothing changes — no customer opened, no credit line changed.
 */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class BadCreditLineRequestsIT {

    private static final String VALID = "{\"creditLimit\":\"250.00\",\"currency\":\"EUR\"}";

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("malformed JSON", "{\"creditLimit\": 1,", "malformed-json"),
                Arguments.of("not an object", "[1,2]", "malformed-json"),
                Arguments.of("JSON null", "null", "validation"),
                Arguments.of("empty body", "", "validation"),
                Arguments.of("missing limit", "{\"currency\":\"EUR\"}", "validation"),
                Arguments.of("missing currency", "{\"creditLimit\":\"250.00\"}", "validation"),
                Arguments.of("negative limit", VALID.replace("250.00", "-0.01"), "validation"),
                Arguments.of("fraction of a cent", VALID.replace("250.00", "250.001"), "validation"),
                Arguments.of("too large for the ledger", VALID.replace("250.00", "1000000000000.00"), "validation"),
                Arguments.of("limit as words", VALID.replace("250.00", "lots"), "malformed-json"),
                Arguments.of("lower-case currency", VALID.replace("EUR", "eur"), "validation"),
                Arguments.of("unknown field", VALID.replace("}", ",\"held\":0}"), "malformed-json"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void aBadBodyIsRefusedWithAProblemAndChangesNothing(String name, String body, String problemType) {
        String customer = CreditLines.open("100.00", "EUR");
        long customers = customers();

        given().auth().oauth2(Tokens.admin()).contentType("application/json").body(body).put("/customers/" + customer)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", is(400))
                .body("type", is("https://saga-platform.dev/problems/" + problemType))
                .body("detail", notNullValue());

        assertThat(customers()).isEqualTo(customers);
        assertThat(PostgresTestResource.current().count(
                "SELECT count(*) FROM customers WHERE customer_id = ? AND credit_limit = 100.00 AND currency = 'EUR'",
                customer)).isEqualTo(1);
    }

    static Stream<Arguments> badIds() {
        return Stream.of(
                Arguments.of("spaces", "has%20spaces"),
                Arguments.of("quote", "x'%3B%20DROP%20TABLE%20customers"),
                Arguments.of("too long", "c".repeat(65)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badIds")
    void aBadCustomerIdIsRefusedAndOpensNothing(String name, String id) {
        long customers = customers();

        given().auth().oauth2(Tokens.admin()).contentType("application/json").body(VALID).put("/customers/" + id)
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", is("id"));

        assertThat(customers()).isEqualTo(customers);
    }

    @Test
    void aWrongContentTypeIsA415Problem() {
        given().auth().oauth2(Tokens.admin()).contentType("text/plain").body(VALID).put("/customers/alice")
                .then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void anUnsupportedMethodIsA405Problem() {
        given().auth().oauth2(Tokens.admin()).delete("/customers/alice").then().statusCode(405).contentType("application/problem+json");
    }

    @Test
    void anInvalidPageIsA400Problem() {
        given().auth().oauth2(Tokens.admin()).queryParam("limit", 0).get("/customers").then().statusCode(400)
                .contentType("application/problem+json").body("violations[0].field", is("limit"));
    }

    private static long customers() {
        return PostgresTestResource.current().count("SELECT count(*) FROM customers");
    }
}
