package io.sagaplatform.shipping.api;

import static io.restassured.RestAssured.given;
import static io.sagaplatform.shipping.ShippingCommands.record;
import static io.sagaplatform.shipping.ShippingCommands.scheduleTo;
import static io.sagaplatform.testing.ParticipantProbe.send;
import static io.sagaplatform.testing.TestMessages.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.sagaplatform.testing.Tokens;
import io.sagaplatform.contracts.MessageType;
import io.sagaplatform.contracts.MessageTypes;
import io.sagaplatform.contracts.shipping.ShipmentSchedulingFailed;
import io.sagaplatform.contracts.shipping.ShippingFailureReason;
import io.sagaplatform.contracts.shipping.ShippingReply;
import io.sagaplatform.shipping.ShippingCommands;
import io.sagaplatform.testing.PostgresTestResource;
import io.sagaplatform.testing.ServiceTestProfile;

/**
 * The administration of unserviceable countries, and its effect on the schedulings that follow. Bad input is
 * a 4xx problem and changes nothing.
 */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class UnserviceableDestinationsApiIT {

    private static final String PATH = "/destinations/unserviceable/";
    private static ShippingCommands shipping;

    @BeforeAll
    static void start() {
        shipping = new ShippingCommands();
    }

    @AfterAll
    static void close() {
        shipping.close();
    }

    @Test
    void listsTheSeededCountriesWithTheirReasons() {
        given().auth().oauth2(Tokens.admin()).get(PATH).then().statusCode(200)
                .body("country", hasItems("AQ", "KP"))
                .body("find { it.country == 'AQ' }.reason", is("Antarctica: no carrier delivers there"));
    }

    @Test
    void aCountryMarkedUnserviceableIsRefusedUntilItIsServedAgain() {
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"reason\":\"Ice sheet: no carrier\"}").put(PATH + "GL")
                .then().statusCode(201).header("Location", endsWith(PATH + "GL"))
                .body("country", is("GL")).body("reason", is("Ice sheet: no carrier"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"reason\":\"  Fjords frozen  \"}").put(PATH + "GL")
                .then().statusCode(200).body("reason", is("Fjords frozen"));
        given().auth().oauth2(Tokens.admin()).get(PATH).then().body("find { it.country == 'GL' }.reason", is("Fjords frozen"));

        ShipmentSchedulingFailed refused = scheduleToGreenland(MessageTypes.SHIPMENT_SCHEDULING_FAILED);
        assertThat(refused.reason()).isEqualTo(ShippingFailureReason.UNSERVICEABLE_DESTINATION);
        assertThat(refused.detail()).isEqualTo("Destination country GL is unserviceable: Fjords frozen");

        given().auth().oauth2(Tokens.admin()).delete(PATH + "GL").then().statusCode(204);
        given().auth().oauth2(Tokens.admin()).get(PATH).then().body("country", not(hasItems("GL")));
        assertThat(scheduleToGreenland(MessageTypes.SHIPMENT_SCHEDULED).shipmentId()).isNotNull();

        given().auth().oauth2(Tokens.admin()).delete(PATH + "GL").then().statusCode(404).contentType("application/problem+json")
                .body("detail", is("Country GL is not unserviceable"));
    }

    static Stream<Arguments> badPuts() {
        String valid = "{\"reason\":\"closed\"}";
        return Stream.of(
                Arguments.of("lower-case country", "tv", valid, "validation"),
                Arguments.of("three-letter country", "TUV", valid, "validation"),
                Arguments.of("code that is no country", "XX", valid, "validation"),
                Arguments.of("blank reason", "TV", "{\"reason\":\"   \"}", "validation"),
                Arguments.of("missing reason", "TV", "{}", "validation"),
                Arguments.of("overlong reason", "TV", "{\"reason\":\"" + "x".repeat(201) + "\"}", "validation"),
                Arguments.of("NUL in reason", "TV", "{\"reason\":\"clo\\u0000sed\"}", "validation"),
                Arguments.of("empty body", "TV", "", "validation"),
                Arguments.of("unknown field", "TV", "{\"reason\":\"closed\",\"until\":\"2030\"}", "malformed-json"),
                Arguments.of("malformed JSON", "TV", "{\"reason\":", "malformed-json"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPuts")
    void aBadPutIsA400ProblemAndChangesNothing(String name, String country, String body, String problemType) {
        long before = destinations();

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body).put(PATH + country).then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", is("https://saga-platform.dev/problems/" + problemType))
                .body("detail", notNullValue());

        assertThat(destinations()).isEqualTo(before);
        assertThat(PostgresTestResource.current().count(
                "SELECT count(*) FROM unserviceable_destinations WHERE country IN ('TV', 'XX')")).isZero();
    }

    @Test
    void aBadCountryNamesTheField() {
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"reason\":\"closed\"}").put(PATH + "XX").then().statusCode(400)
                .body("violations[0].field", is("country"))
                .body("violations[0].message", is("must be an ISO 3166-1 alpha-2 country code such as FR"));
    }

    @Test
    void deletingABadCountryIsA400ProblemAndKeepsTheList() {
        long before = destinations();
        given().auth().oauth2(Tokens.admin()).delete(PATH + "aq").then().statusCode(400).contentType("application/problem+json");
        assertThat(destinations()).isEqualTo(before);
    }

    @Test
    void aBodyThatIsNotJsonIsA415Problem() {
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.TEXT).body("closed").put(PATH + "TV").then().statusCode(415)
                .contentType("application/problem+json");
    }

    private static <T extends ShippingReply> T scheduleToGreenland(MessageType<T> expected) {
        UUID sagaId = UUID.randomUUID();
        return shipping.awaitReply(send(record(scheduleTo(UUID.randomUUID(), "GL", "3900", 1), sagaId, newId())),
                expected);
    }

    private static long destinations() {
        return PostgresTestResource.current().count("SELECT count(*) FROM unserviceable_destinations");
    }
}
