package io.sagaplatform.payment.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import java.math.BigDecimal;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sagaplatform.testing.Tokens;
import io.sagaplatform.contracts.payment.PaymentAuthorized;
import io.sagaplatform.payment.CreditLines;
import io.sagaplatform.payment.Orchestrator;
import io.sagaplatform.testing.ServiceTestProfile;

/** GET /authorizations/{orderId}: what payment-service did for an order. */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class AuthorizationResourceIT {

    private static Orchestrator orchestrator;

    @BeforeAll
    static void start() {
        orchestrator = new Orchestrator();
    }

    @AfterAll
    static void close() {
        orchestrator.close();
    }

    @Test
    void showsAnOrdersAuthorization() {
        String customer = CreditLines.open("100.00", "EUR");
        UUID orderId = UUID.randomUUID();
        PaymentAuthorized authorized = (PaymentAuthorized) orchestrator.authorize(UUID.randomUUID(), orderId, customer,
                "12.3", "EUR");

        CreditLines.exactNumbers().get("/authorizations/" + orderId).then().statusCode(200)
                .body("orderId", is(orderId.toString()))
                .body("authorizationId", is(authorized.authorizationId().toString()))
                .body("customerId", is(customer))
                .body("amount", is(new BigDecimal("12.30")))
                .body("currency", is("EUR"))
                .body("status", is("AUTHORIZED"))
                .body("createdAt", notNullValue())
                .body("updatedAt", notNullValue());
    }

    @Test
    void anOrderWithoutAuthorizationIsA404Problem() {
        given().auth().oauth2(Tokens.admin()).get("/authorizations/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json").body("title", is("Not Found"));
        given().auth().oauth2(Tokens.admin()).get("/authorizations/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
    }
}
