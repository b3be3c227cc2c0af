package io.sagaplatform.order.application;

/** An idempotency key came back with a different request body than the one it was first used with. */
public class IdempotencyKeyReused extends RuntimeException {

    public IdempotencyKeyReused(String key) {
        super("Idempotency-Key '" + key + "' was already used with a different request body");
    }
}
