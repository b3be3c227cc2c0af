package io.sagaplatform.order.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.sagaplatform.order.application.Admission;
import io.sagaplatform.rest.Problem;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * The door of {@code POST /orders}, on the HTTP event loop ahead of everything else — ahead of the bearer token's
 * signature check, the body and the worker pool: when the platform is saturated the machine's CPU is too, and a
 * refusal that had to queue for a worker thread or verify an RSA signature first would take as long as the work
 * it refuses. Over the limit the answer is 429 problem+json with {@code Retry-After}, and nothing is read or
 * written; under it the request goes on, in flight from here: until it is answered, and — if it placed an order —
 * until the next count from the database.
 * Checked before authentication, a 429 tells an anonymous caller nothing but that the platform is busy.
 */
@ApplicationScoped
class AdmissionFilter {

    /** Above CORS (300) and authentication (200): the first filter a request meets. */
    static final int PRIORITY = 1_000;
    static final String PATH = "/orders";

    private final Admission admission;
    private final ObjectMapper json;

    AdmissionFilter(Admission admission, ObjectMapper json) {
        this.admission = admission;
        // A mapper of its own, configured as the service's: every serialization through a mapper takes its
        // serializer cache's lock when that cache has changed, and on a fresh stack the worker threads fill the
        // shared one with every new type they write — a refusal waited 53 ms on that lock in a profile.
        this.json = json.copy();
    }

    void register(@Observes Filters filters) {
        filters.register(this::filter, PRIORITY);
    }

    /**
     * The first refusals come when the machine is busiest — the stack saturated and still cold; written once at
     * start, their body's classes and serializer are ready by then (a profile showed the event loop loading them
     * for 20–60 ms per class on a fresh stack's first refusals).
     */
    void prepare(@Observes StartupEvent start) {
        refusal(new Admission.Decision(false, 0, 0, 1));
    }

    private String refusal(Admission.Decision door) {
        Problem problem = Problem.of(429, "Too Many Requests", "overloaded", "The platform has " + door.inFlight()
                + " orders in flight (limit " + door.limit() + ") and takes no more until some finish; nothing was"
                + " stored. Send the same request again after " + door.retryAfterSeconds() + " s (with the same"
                + " Idempotency-Key it is placed at most once).").at(PATH);
        try {
            return json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            return "{\"status\":429,\"title\":\"Too Many Requests\"}";
        }
    }

    void filter(RoutingContext request) {
        if (request.request().method() != HttpMethod.POST || !PATH.equals(request.normalizedPath())) {
            request.next();
            return;
        }
        Admission.Decision door = admission.tryAdmit();
        if (door.admitted()) {
            request.addEndHandler(answered -> admission.left());
            request.next();
            return;
        }
        String body = refusal(door);
        request.response().setStatusCode(429)
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader(OrderResource.RETRY_AFTER, Long.toString(door.retryAfterSeconds()))
                .end(body);
    }
}
