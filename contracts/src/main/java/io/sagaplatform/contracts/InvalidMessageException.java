package io.sagaplatform.contracts;

import java.util.List;

/**
 * A payload that is not a valid instance of its {@link MessageType}: not JSON at all, or JSON that
 * violates the type's schema. Consumers dead-letter such a message with {@link #getMessage()} as the
 * reason; redelivering it can never succeed.
 */
public class InvalidMessageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> violations;

    public InvalidMessageException(String message, List<String> violations) {
        super(message);
        this.violations = List.copyOf(violations);
    }

    public InvalidMessageException(String message, Throwable cause) {
        super(message, cause);
        this.violations = List.of();
    }

    /** The individual schema violations, each naming the JSON path it concerns; empty when not JSON. */
    public List<String> violations() {
        return violations;
    }
}
