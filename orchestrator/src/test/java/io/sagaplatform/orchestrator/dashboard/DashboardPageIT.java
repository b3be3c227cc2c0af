package io.sagaplatform.orchestrator.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sagaplatform.testing.ServiceTestProfile;

/**
 * The web page is static files the orchestrator serves to anyone: no token is needed to load it (the page then
 * sends the operator's token on every API call). Its behaviour in a browser is e2e-tests' DashboardPageIT.
 */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class DashboardPageIT {

    @Test
    void servesThePageAndItsScriptWithoutAToken() {
        given().get("/dashboard/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("<title>Saga dashboard</title>"), containsString("/dashboard/app.js"));
        given().get("/dashboard/app.js").then().statusCode(200)
                .body(containsString("'Bearer ' + t"), containsString("/sagas/stream"));
        given().get("/dashboard/style.css").then().statusCode(200).contentType(containsString("text/css"));
    }

    @Test
    void theRootLeadsToTheDashboard() {
        given().get("/").then().statusCode(200).body(containsString("url=/dashboard/"));
        given().get("/dashboard").then().statusCode(200).body(containsString("<title>Saga dashboard</title>"));
    }
}
