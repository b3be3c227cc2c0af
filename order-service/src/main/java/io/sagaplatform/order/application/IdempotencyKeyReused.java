package io.sagaplatform.order.application;

/**
 * A requester sent an idempotency key of theirs again with a different request than the one they first used it
 * with: another order body, or another order or reason to cancel.
 */
public class IdempotencyKeyReused extends RuntimeException {

    public IdempotencyKeyReused(String key) {
        super("You already used Idempotency-Key '" + key + "' with a different request");
    }
}
