package io.sagaplatform.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Refuses a body larger than {@code saga.rest.max-body-bytes} with a 413 problem: before it is read when its
 * {@code Content-Length} says so, and — for a chunked body without a length — as soon as it grows past the
 * limit while it is read. Vert.x's own limit ({@code quarkus.http.limits.max-body-size}) is set to the same size.
 */
@ApplicationScoped
public class BodyLimit {

    private final long maxBytes;
    private final ObjectMapper json;

    BodyLimit(@ConfigProperty(name = "saga.rest.max-body-bytes", defaultValue = "65536") long maxBytes,
            ObjectMapper json) {
        this.maxBytes = maxBytes;
        this.json = json;
    }

    void install(@Observes Router router) {
        // A chunked body has no length to check up front: it is read here, up to the limit, before JAX-RS sees it
        // (JAX-RS then uses the body read), and one that grows past the limit fails the request with 413 — answered
        // below with the same problem. Left to Quarkus, it would be a 413 with an empty body.
        BodyHandler chunked = BodyHandler.create(false).setBodyLimit(maxBytes);
        router.route().order(Integer.MIN_VALUE + 2).handler(ctx -> {
            if (ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH) == null
                    && ctx.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
                chunked.handle(ctx);
            } else {
                ctx.next();
            }
        });
        router.route().order(Integer.MIN_VALUE).failureHandler(ctx -> {
            if (ctx.statusCode() != 413 || ctx.response().headWritten()) {
                ctx.next();
                return;
            }
            tooLarge(ctx, "The body is larger than the " + maxBytes + " bytes accepted");
        });
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            long declared;
            try {
                declared = length == null ? -1 : Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                declared = -1;
            }
            if (declared <= maxBytes) {
                ctx.next();
                return;
            }
            tooLarge(ctx, "The body has " + declared + " bytes; at most " + maxBytes + " are accepted");
        });
    }

    private void tooLarge(io.vertx.ext.web.RoutingContext ctx, String detail) {
        Problem problem = Problem.of(413, "Content Too Large", "payload-too-large", detail).at(ctx.request().path());
        try {
            ctx.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            ctx.fail(e);
        }
    }
}
