package io.sagaplatform.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * Refuses a body larger than {@code saga.rest.max-body-bytes} with a 413 problem before it is read. Vert.x's
 * own limit ({@code quarkus.http.limits.max-body-size}, set higher) stays as the backstop for chunked
 * bodies without a length.
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
            Problem problem = Problem.of(413, "Content Too Large", "payload-too-large",
                    "The body has " + declared + " bytes; at most " + maxBytes + " are accepted")
                    .at(ctx.request().path());
            try {
                ctx.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(json.writeValueAsString(problem));
            } catch (JsonProcessingException e) {
                ctx.fail(e);
            }
        });
    }
}
