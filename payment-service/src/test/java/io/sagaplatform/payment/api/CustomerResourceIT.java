package io.sagaplatform.payment.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.sagaplatform.testing.Tokens;
import io.sagaplatform.payment.CreditLines;
import io.sagaplatform.payment.Orchestrator;
import io.sagaplatform.testing.ServiceTestProfile;

/** The operators' view of credit lines: GET /customers, GET and PUT /customers/{id}. */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class CustomerResourceIT {

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
    void listsTheSeedCustomersWithTheirCreditLines() {
        List<Map<String, Object>> customers = CreditLines.exactNumbers().queryParam("limit", 200).get("/customers")
                .then().statusCode(200).extract().path("findAll { it.customerId in ['alice','bob','carol','dave'] }");

        assertThat(customers).extracting(c -> c.get("customerId"), c -> c.get("currency"), c -> c.get("creditLimit"))
                .containsExactly(
                        tuple("alice", "EUR", new BigDecimal("1000.00")),
                        tuple("bob", "EUR", new BigDecimal("50.00")),
                        tuple("carol", "EUR", new BigDecimal("0.00")),
                        tuple("dave", "USD", new BigDecimal("10000.00")));
    }

    @Test
    void showsACustomersLimitHeldAndAvailableInExactCents() {
        String customer = CreditLines.open("100", "EUR");
        orchestrator.authorize(UUID.randomUUID(), UUID.randomUUID(), customer, "12.3", "EUR");

        String body = given().auth().oauth2(Tokens.admin()).get("/customers/" + customer).then().statusCode(200).contentType(ContentType.JSON)
                .extract().asString();

        assertThat(body).contains("\"creditLimit\":100.00", "\"held\":12.30", "\"available\":87.70");
    }

    @Test
    void anUnknownCustomerIsA404Problem() {
        given().auth().oauth2(Tokens.admin()).get("/customers/nobody-" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json").body("title", is("Not Found"))
                .body("detail", containsString("No customer"));
    }

    @Test
    void opensTheCreditLineOfANewCustomer() {
        String id = "erin-" + UUID.randomUUID().toString().substring(0, 8);

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"creditLimit\": \"250.00\", \"currency\": \"EUR\"}")
                .put("/customers/" + id)
                .then().statusCode(201).header("Location", endsWith("/customers/" + id))
                .body("customerId", is(id)).body("currency", is("EUR"));

        assertThat(CreditLines.held(id)).isEqualByComparingTo("0.00");
        CreditLines.exactNumbers().get("/customers/" + id).then().body("creditLimit", is(new BigDecimal("250.00")))
                .body("available", is(new BigDecimal("250.00")));
    }

    @Test
    void changesTheCreditLineOfAKnownCustomer() {
        String customer = CreditLines.open("100.00", "EUR");
        orchestrator.authorize(UUID.randomUUID(), UUID.randomUUID(), customer, "40.00", "EUR");

        CreditLines.exactNumbers().contentType(ContentType.JSON).body("{\"creditLimit\": 40.00, \"currency\": \"EUR\"}")
                .put("/customers/" + customer)
                .then().statusCode(200)
                .body("creditLimit", is(new BigDecimal("40.00")))
                .body("held", is(new BigDecimal("40.00")))
                .body("available", is(new BigDecimal("0.00")));
    }

    @Test
    void refusesALimitBelowWhatIsHeldWithA409AndChangesNothing() {
        String customer = CreditLines.open("100.00", "EUR");
        orchestrator.authorize(UUID.randomUUID(), UUID.randomUUID(), customer, "30.00", "EUR");

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"creditLimit\": \"29.99\", \"currency\": \"EUR\"}")
                .put("/customers/" + customer)
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", is("https://saga-platform.dev/problems/credit-line-conflict"))
                .body("detail", is("A credit limit of 29.99 EUR is below the 30.00 EUR " + customer + " already holds"));

        CreditLines.exactNumbers().get("/customers/" + customer).then()
                .body("creditLimit", is(new BigDecimal("100.00"))).body("held", is(new BigDecimal("30.00")));
    }

    @Test
    void refusesAnotherCurrencyWhileMoneyIsHeld() {
        String customer = CreditLines.open("100.00", "EUR");
        orchestrator.authorize(UUID.randomUUID(), UUID.randomUUID(), customer, "1.00", "EUR");

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"creditLimit\": \"100.00\", \"currency\": \"USD\"}")
                .put("/customers/" + customer)
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("cannot change to USD"));

        given().auth().oauth2(Tokens.admin()).get("/customers/" + customer).then().body("currency", is("EUR"));
    }

    @Test
    void concurrentRequestsOpeningOneCustomerOpenItOnce() throws Exception {
        String id = "frank-" + UUID.randomUUID().toString().substring(0, 8);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Integer>> calls = IntStream.range(0, 6).<Callable<Integer>>mapToObj(i -> () -> given().auth().oauth2(Tokens.admin())
                    .contentType(ContentType.JSON).body("{\"creditLimit\": 75.00, \"currency\": \"EUR\"}")
                    .put("/customers/" + id).then().extract().statusCode()).toList();
            List<Integer> statuses = pool.invokeAll(calls).stream().map(CustomerResourceIT::result).toList();

            assertThat(statuses).containsOnly(200, 201).filteredOn(s -> s == 201).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void servesItsOpenApiDocument() {
        given().auth().oauth2(Tokens.admin()).get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", hasKey("/customers/{id}"))
                .body("paths", hasKey("/authorizations/{orderId}"));
    }

    private static <T> T result(Future<T> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
