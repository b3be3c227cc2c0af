package io.sagaplatform.rest;

import java.util.Locale;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses, before any resource runs, two kinds of request the resources cannot refuse themselves:
 * <ul>
 * <li>a NUL ({@code %00}) in the path or query — it would reach the database as a parameter, and PostgreSQL
 * cannot hold a NUL in text, so the query fails with a 500 instead of answering "no such thing" (400);</li>
 * <li>a body without a {@code Content-Type} — JAX-RS would read it as whatever the resource consumes (415).</li>
 * </ul>
 */
@ApplicationScoped
public class RequestGuard {

    private static final Set<HttpMethod> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    private final ObjectMapper json;

    RequestGuard(ObjectMapper json) {
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::guard);
    }

    private void guard(RoutingContext ctx) {
        String uri = ctx.request().uri();
        if (uri != null && uri.toLowerCase(Locale.ROOT).contains("%00")) {
            refuse(ctx, Problem.of(400, "Bad Request", "invalid-parameter",
                    "The path or query contains a NUL character (%00), which no parameter may hold"));
            return;
        }
        if (WITH_BODY.contains(ctx.request().method()) && hasBody(ctx)
                && ctx.request().getHeader(HttpHeaders.CONTENT_TYPE) == null) {
            refuse(ctx, Problem.of(415, "Unsupported Media Type", "unsupported-media-type",
                    "The body has no Content-Type: send it as application/json"));
            return;
        }
        ctx.next();
    }

    private static boolean hasBody(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            return !length.trim().equals("0");
        }
        return ctx.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    private void refuse(RoutingContext ctx, Problem problem) {
        try {
            ctx.response().setStatusCode(problem.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end(json.writeValueAsString(problem.at(ctx.request().path())));
        } catch (JsonProcessingException e) {
            ctx.fail(e);
        }
    }
}
