-- Admission control counts the orders whose saga has not decided yet (PENDING, placed recently) a few
-- times a second: a partial index keeps that count a scan of the in-flight orders only.
CREATE INDEX orders_pending ON orders (placed_at) WHERE status = 'PENDING';
