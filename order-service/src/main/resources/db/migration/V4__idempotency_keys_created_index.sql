-- The retention job deletes keys past their retention by creation time (IdempotencyKeyRetention).
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
