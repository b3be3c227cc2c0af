package io.sagaplatform.inventory.api;

import static io.restassured.RestAssured.given;
import static io.sagaplatform.inventory.StockFixtures.newSku;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.sagaplatform.testing.PostgresTestResource;
import io.sagaplatform.testing.ServiceTestProfile;
import io.sagaplatform.testing.Tokens;

/** {@code GET /stock} one page at a time: bounded pages that, followed by their Link, list every SKU once. */
@QuarkusTest
@TestProfile(ServiceTestProfile.class)
class StockPagingIT {

    @Test
    void followingTheNextLinksListsEverySkuOnceInOrder() {
        for (int i = 0; i < 51; i++) {
            newSku(1); // more than one default page, whatever the other tests stocked
        }
        List<String> all = skusInDatabase();

        Response first = given().auth().oauth2(Tokens.admin()).get("/stock");
        first.then().statusCode(200).body("$", hasSize(50))
                .header("Link", containsString("page=1")).header("Link", containsString("rel=\"next\""));

        List<String> listed = new ArrayList<>();
        String next = "/stock?size=7";
        int pages = 0;
        while (next != null) {
            Response page = given().auth().oauth2(Tokens.admin()).get(next);
            page.then().statusCode(200);
            List<String> skus = page.jsonPath().getList("sku");
            assertThat(skus).hasSizeLessThanOrEqualTo(7);
            listed.addAll(skus);
            next = page.getHeader("Link") == null ? null
                    : page.getHeader("Link").replaceAll("^<([^>]*)>.*$", "$1");
            assertThat(++pages).isLessThan(1000);
        }
        // SKUs other tests register meanwhile may shift pages; those that existed before are all listed once
        assertThat(listed).doesNotHaveDuplicates().isSorted().containsAll(all);
    }

    @Test
    void aPageBeyondTheLastIsEmptyWithoutANextLink() {
        given().auth().oauth2(Tokens.admin()).queryParam("page", 100_000).queryParam("size", 500).get("/stock").then()
                .statusCode(200).body("$", hasSize(0)).header("Link", (String) null);
    }

    @ParameterizedTest(name = "page={0} size={1}")
    @CsvSource({ "-1, 50", "0, 0", "0, 501", "100001, 50", "abc, 50", "0, many" })
    void badPagingIsA400Problem(String page, String size) {
        given().auth().oauth2(Tokens.admin()).queryParam("page", page).queryParam("size", size).get("/stock").then()
                .statusCode(400).contentType("application/problem+json").body("status", is(400));
    }

    private static List<String> skusInDatabase() {
        List<String> skus = new ArrayList<>();
        try (var c = PostgresTestResource.current().connect();
                var rs = c.createStatement().executeQuery("SELECT sku FROM stock_items ORDER BY sku")) {
            while (rs.next()) {
                skus.add(rs.getString(1));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return skus;
    }
}
