package io.sagaplatform.testing;

import java.net.URI;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * The service under test's management interface ({@code quarkus.management.enabled}): where {@code /q/metrics} and
 * {@code /q/health*} are served, on a port of their own ({@code quarkus.management.test-port}, random in tests), not
 * on the API's port that RestAssured points at.
 */
public final class Management {

    private Management() {
    }

    /**
     * Its base URL, e.g. {@code http://localhost:40123}: Quarkus' {@code test.management.url} without the management
     * root path ({@code /q}) it ends in, so that paths read as everywhere else ({@code /q/metrics}).
     */
    public static String url() {
        URI url = URI.create(ConfigProvider.getConfig().getValue("test.management.url", String.class));
        return url.getScheme() + "://" + url.getHost() + ":" + url.getPort();
    }

    /** A RestAssured request to it: {@code Management.given().get("/q/health/ready")}. */
    public static RequestSpecification given() {
        return RestAssured.given().baseUri(url());
    }
}
