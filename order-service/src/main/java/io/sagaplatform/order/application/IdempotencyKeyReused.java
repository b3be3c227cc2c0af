package io.sagaplatform.order.application;

/**
 * A customer sent an idempotency key of theirs again, with a different request body than the one they first used it
 * with.
 */
public class IdempotencyKeyReused extends RuntimeException {

    public IdempotencyKeyReused(String key) {
        super("You already used Idempotency-Key '" + key + "' with a different request body");
    }
}
