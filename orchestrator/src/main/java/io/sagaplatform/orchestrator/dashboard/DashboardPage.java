package io.sagaplatform.orchestrator.dashboard;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;

/**
 * The web page is static files under {@code META-INF/resources/dashboard/}, served at {@code /dashboard/}. The
 * address without its trailing slash is what people type: it is sent there too (the static handler alone
 * answers 404). A regex route, because a plain {@code /dashboard} route would also match {@code /dashboard/}.
 */
@ApplicationScoped
public class DashboardPage {

    static final String PATH = "/dashboard/";

    void addRedirect(@Observes Router router) {
        router.routeWithRegex(HttpMethod.GET, "/dashboard").handler(request -> request.response()
                .setStatusCode(301).putHeader("Location", PATH).end());
    }
}
