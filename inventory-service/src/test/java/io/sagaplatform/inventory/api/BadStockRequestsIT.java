package io.sagaplatform.inventory.api;

import static io.restassured.RestAssured.given;
import static io.sagaplatform.inventory.StockFixtures.level;
import static io.sagaplatform.inventory.StockFixtures.newSku;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sagaplatform.testing.Tokens;
import io.sagaplatform.inventory.StockFixtures.Level;
import io.sagaplatform.testing.PostgresTestResource;
import io.sagaplatform.testing.ServiceTestProfile;

/**
 * Bad input to {@code PUT /stock/{sku}}: every case gets a 4xx problem+json that says what is wrong, and
 * nothing changes — neither the SKU's stock nor the set of SKUs.
 */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class BadStockRequestsIT {

    private String sku;

    @BeforeEach
    void stock() {
        sku = newSku(10);
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("negative", "{\"available\":-1}", "validation"),
                Arguments.of("above one billion", "{\"available\":1000000001}", "validation"),
                Arguments.of("beyond a long", "{\"available\":99999999999999999999}", "validation"),
                Arguments.of("fractional", "{\"available\":1.5}", "validation"),
                Arguments.of("text", "{\"available\":\"plenty\"}", "malformed-json"),
                Arguments.of("null", "{\"available\":null}", "validation"),
                Arguments.of("missing", "{}", "validation"),
                Arguments.of("unknown field", "{\"available\":5,\"reserved\":0}", "malformed-json"),
                Arguments.of("malformed JSON", "{\"available\":", "malformed-json"),
                Arguments.of("not an object", "[5]", "malformed-json"),
                Arguments.of("JSON null", "null", "validation"),
                Arguments.of("empty body", "", "validation"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void isRefusedWithAProblemAndChangesNothing(String name, String body, String problemType) {
        long skus = skus();

        given().auth().oauth2(Tokens.admin()).contentType("application/json").body(body).put("/stock/" + sku)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", is(400))
                .body("type", is("https://saga-platform.dev/problems/" + problemType))
                .body("detail", notNullValue());

        assertThat(level(sku)).isEqualTo(new Level(10, 0, 10));
        assertThat(skus()).isEqualTo(skus);
    }

    static Stream<Arguments> invalidFields() {
        return badBodies().filter(a -> a.get()[2].equals("validation") && ((String) a.get()[1]).startsWith("{"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFields")
    void namesTheInvalidField(String name, String body, String problemType) {
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body(body).put("/stock/" + sku)
                .then().statusCode(400).body("violations[0].field", is("available"))
                .body("violations[0].message", notNullValue());
    }

    static Stream<Arguments> badSkus() {
        return Stream.of(
                Arguments.of("with a space", "SKU%20APPLE"),
                Arguments.of("with a quote", "SKU'--"),
                Arguments.of("longer than 64 characters", "SKU-" + "X".repeat(61)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSkus")
    void anInvalidSkuIsRefusedWithTheFieldNamedAndNothingIsRegistered(String name, String badSku) {
        long skus = skus();

        given().auth().oauth2(Tokens.admin()).contentType("application/json").body("{\"available\":5}").put("/stock/" + badSku)
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", is("sku"));

        assertThat(skus()).isEqualTo(skus);
    }

    @Test
    void aWrongContentTypeIsA415Problem() {
        given().auth().oauth2(Tokens.admin()).contentType("text/plain").body("{\"available\":5}").put("/stock/" + sku)
                .then().statusCode(415).contentType("application/problem+json");
        assertThat(level(sku)).isEqualTo(new Level(10, 0, 10));
    }

    @Test
    void anUnsupportedMethodIsA405Problem() {
        given().auth().oauth2(Tokens.admin()).delete("/stock/" + sku).then().statusCode(405).contentType("application/problem+json");
        assertThat(level(sku)).isEqualTo(new Level(10, 0, 10));
    }

    private static long skus() {
        return PostgresTestResource.current().count("SELECT count(*) FROM stock_items");
    }
}
