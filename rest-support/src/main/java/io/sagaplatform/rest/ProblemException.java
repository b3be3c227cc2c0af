package io.sagaplatform.rest;

import jakarta.ws.rs.core.Response;

/**
 * Thrown by application code for a request that cannot be served as asked (not found, conflict,
 * unprocessable); becomes the problem it carries.
 */
public class ProblemException extends RuntimeException {

    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of(Response.Status.NOT_FOUND, "not-found", detail));
    }

    public static ProblemException conflict(String slug, String detail) {
        return new ProblemException(Problem.of(Response.Status.CONFLICT, slug, detail));
    }

    public static ProblemException unprocessable(String slug, String detail) {
        return new ProblemException(Problem.of(422, "Unprocessable Content", slug, detail));
    }

    public static ProblemException badRequest(String slug, String detail) {
        return new ProblemException(Problem.of(Response.Status.BAD_REQUEST, slug, detail));
    }

    public Problem problem() {
        return problem;
    }
}
