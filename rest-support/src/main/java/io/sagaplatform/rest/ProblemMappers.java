package io.sagaplatform.rest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.sagaplatform.messaging.database.TransientFailures;

/**
 * Maps every exception that reaches the REST layer to a problem+json response. A database that cannot be had right
 * now is a 503 with {@code Retry-After} (see {@link TransientFailures}); only a defect is a 500.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    /** What a client whose request met an unavailable database is told to wait: a restart or a busy pool passes. */
    private static final int DATABASE_RETRY_AFTER_SECONDS = 2;

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return e.problem().at(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.Violation> violations = new ArrayList<>();
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            violations.add(new Problem.Violation(field(v.getPropertyPath()), v.getMessage()));
        }
        violations.sort(Comparator.comparing(Problem.Violation::field));
        return Problem.of(Response.Status.BAD_REQUEST, "validation",
                "The request has " + violations.size() + " invalid field" + (violations.size() == 1 ? "" : "s"))
                .withViolations(violations).at(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper(priority = 1)
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        return badJson(e, uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response unreadable(MismatchedInputException e, UriInfo uri) {
        return badJson(e, uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response unreadable(InvalidFormatException e, UriInfo uri) {
        return badJson(e, uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return badJson(json, uri);
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        if (status.getStatusCode() == 404 && e.getCause() != null) {
            // JAX-RS turns an unconvertible path or query parameter into a 404; it is the client's bad input
            return Problem.of(Response.Status.BAD_REQUEST, "invalid-parameter",
                    "A parameter has an invalid value: " + e.getCause().getMessage()).at(uri.getPath()).toResponse();
        }
        String detail = switch (status.getStatusCode()) {
            case 404 -> "No resource at " + uri.getPath();
            case 405 -> "This method is not allowed on " + uri.getPath();
            case 406 -> "This resource answers application/json (or application/problem+json for errors)";
            case 415 -> "Send the request body as application/json";
            default -> e.getMessage();
        };
        return Problem.of(status.getStatusCode(), status.getReasonPhrase(), slug(status.getStatusCode()), detail)
                .at(uri.getPath()).toResponse();
    }

    /** No token, an expired or forged one, or one from another issuer: say so, and how to authenticate. */
    @ServerExceptionMapper({ AuthenticationFailedException.class, UnauthorizedException.class })
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        Response problem = Problem.of(Response.Status.UNAUTHORIZED, "unauthenticated",
                "This endpoint needs a valid bearer token (Authorization: Bearer <JWT> from the issuer "
                        + "the service trusts)")
                .at(uri.getPath()).toResponse();
        return Response.fromResponse(problem).header("WWW-Authenticate", "Bearer").build();
    }

    /** A valid identity without the role the endpoint needs. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        String detail = e.getMessage() != null && !e.getMessage().isBlank() && !e.getMessage().startsWith("io.")
                ? e.getMessage() : "Your token's roles do not allow this; see the README's access table";
        return Problem.of(Response.Status.FORBIDDEN, "forbidden", detail).at(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return badJson(json, uri);
        }
        if (TransientFailures.isTransient(e)) {
            LOG.warnf("Database unavailable while serving %s, answered 503: %s", uri.getPath(), rootMessage(e));
            Response problem = Problem.of(Response.Status.SERVICE_UNAVAILABLE, "database-unavailable",
                    "The service cannot get a database connection right now (the database is restarting, or every"
                            + " connection is busy); send the same request again after Retry-After seconds (an order"
                            + " with the same Idempotency-Key is placed at most once)")
                    .at(uri.getPath()).toResponse();
            return Response.fromResponse(problem).header("Retry-After", DATABASE_RETRY_AFTER_SECONDS).build();
        }
        if (clientWentAway(e)) {
            // not a defect: the client closed the connection before its request was read in full; no one will
            // read this answer, which says so for the access log and the metrics (a 4xx, not a 500)
            LOG.infof("The client of %s closed the connection before its request was read in full", uri.getPath());
            return Problem.of(Response.Status.BAD_REQUEST, "incomplete-request",
                    "The connection closed before the request body arrived in full; nothing was done")
                    .at(uri.getPath()).toResponse();
        }
        LOG.errorf(e, "Unexpected failure serving %s", uri.getPath());
        return Problem.of(Response.Status.INTERNAL_SERVER_ERROR, "internal",
                "The server failed unexpectedly; the request may be retried. This is a defect: please report it.")
                .at(uri.getPath()).toResponse();
    }

    private static boolean clientWentAway(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.vertx.core.http.HttpClosedException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static Response badJson(JsonProcessingException e, UriInfo uri) {
        String detail;
        if (e instanceof UnrecognizedPropertyException unknown) {
            detail = "Unknown field '" + unknown.getPropertyName() + "'";
        } else if (e instanceof InvalidFormatException format) {
            detail = "Field '" + path(format) + "' has an invalid value: " + String.valueOf(format.getValue());
        } else if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            detail = "Field '" + path(mismatch) + "' has the wrong type";
        } else {
            detail = "The body is not valid JSON: " + e.getOriginalMessage();
        }
        return Problem.of(Response.Status.BAD_REQUEST, "malformed-json", detail).at(uri.getPath()).toResponse();
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /**
     * {@code place.request.lines[0].quantity} → {@code lines[0].quantity}, {@code list.customerId} →
     * {@code customerId}: the field as the client sent it.
     */
    private static String field(Path path) {
        List<Path.Node> nodes = new ArrayList<>();
        path.forEach(nodes::add);
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            Path.Node node = nodes.get(i);
            boolean bodyParameter = node.getKind() == ElementKind.PARAMETER && i < nodes.size() - 1;
            if (node.getKind() == ElementKind.METHOD || bodyParameter) {
                continue;
            }
            if (node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            }
            if (node.getName() != null && node.getKind() != ElementKind.CONTAINER_ELEMENT) {
                field.append(field.length() == 0 ? "" : ".").append(node.getName());
            }
        }
        return field.length() == 0 ? path.toString() : field.toString();
    }

    private static String slug(int status) {
        return switch (status) {
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            default -> "http-" + status;
        };
    }
}
