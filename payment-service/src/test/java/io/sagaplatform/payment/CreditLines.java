package io.sagaplatform.payment;

import static io.restassured.RestAssured.given;

import java.math.BigDecimal;
import java.util.UUID;

import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.specification.RequestSpecification;
import io.sagaplatform.testing.Tokens;
import io.sagaplatform.testing.PostgresTestResource;

/**
 * Customers for the tests, opened through the operators' API, so that no test spends the seed customers'
 * credit (other tests read it) and each starts from a credit line it knows.
 */
public final class CreditLines {

    private CreditLines() {
    }

    /** Opens a new customer with this credit line and returns its id. */
    public static String open(String creditLimit, String currency) {
        String id = "cust-" + UUID.randomUUID().toString().substring(0, 13);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"creditLimit\":" + creditLimit + ",\"currency\":\"" + currency
                + "\"}").put("/customers/" + id).then().statusCode(201);
        return id;
    }

    public static BigDecimal held(String customerId) {
        return exactNumbers().get("/customers/" + customerId).then().statusCode(200).extract().path("held");
    }

    /**
     * Customers whose {@code held} is not exactly what their AUTHORIZED and CAPTURED authorizations hold, or is
     * outside {@code 0..credit limit}: the service's conservation invariant, checked straight in SQL.
     */
    public static long customersBreakingTheInvariant() {
        return PostgresTestResource.current().count("""
                SELECT count(*) FROM customers c
                WHERE c.held < 0 OR c.held > c.credit_limit
                   OR c.held <> (SELECT coalesce(sum(a.amount), 0) FROM authorizations a
                                 WHERE a.customer_id = c.customer_id AND a.status IN ('AUTHORIZED', 'CAPTURED'))""");
    }

    /** REST Assured reads JSON numbers as float by default; money must be read exactly. */
    public static RequestSpecification exactNumbers() {
        return given().auth().oauth2(Tokens.admin()).config(RestAssuredConfig.config().jsonConfig(
                JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL)));
    }
}
