package io.sagaplatform.order.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.sagaplatform.testing.ServiceTestProfile;
import io.sagaplatform.testing.Tokens;

/**
 * A request takes its room at the door and must give it back however it ends: a client that goes away before its
 * order is read must not hold the door shut for good.
 */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class AdmissionReleaseIT {

    private static final Duration AT_MOST = Duration.ofSeconds(30);

    @Test
    void aRequestWhoseClientHangsUpGivesItsRoomBack() throws Exception {
        int before = inFlight();
        try (Socket client = new Socket("localhost", RestAssured.port)) {
            OutputStream out = client.getOutputStream();
            // the headers pass the door; the body never comes in full
            out.write(("POST /orders HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer " + Tokens.customer("hangs-up") + "\r\nContent-Length: 500\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(AT_MOST).untilAsserted(() -> admission().body("inFlight", greaterThanOrEqualTo(before + 1)));
        }
        // (orders other tests left PENDING may leave the count meanwhile, hence "at most")
        await().atMost(AT_MOST).untilAsserted(() -> admission().body("inFlight", lessThanOrEqualTo(before)));
    }

    private static int inFlight() {
        return admission().extract().jsonPath().getInt("inFlight");
    }

    private static ValidatableResponse admission() {
        return given().auth().oauth2(Tokens.operator("ops-release")).get("/admission").then().statusCode(200);
    }
}
