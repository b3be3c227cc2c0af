-- Cancelling an APPROVED order (#15): CANCELLING while its cancel-order saga runs, then CANCELLED, or APPROVED
-- again with the reason the cancellation was refused. Who asked, when and why stay on the order.

ALTER TABLE orders DROP CONSTRAINT orders_status_check;
ALTER TABLE orders ADD CONSTRAINT orders_status_check
    CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'CANCELLING', 'CANCELLED'));

ALTER TABLE orders
    ADD COLUMN cancellation_requested_by    varchar(200),
    ADD COLUMN cancellation_requested_at    timestamptz,
    ADD COLUMN cancellation_reason          varchar(500),
    ADD COLUMN cancellation_refused_reason  varchar(500),
    ADD COLUMN cancelled_at                 timestamptz;
ALTER TABLE orders ADD CONSTRAINT orders_cancelling_was_requested
    CHECK (status NOT IN ('CANCELLING', 'CANCELLED')
        OR (cancellation_requested_by IS NOT NULL AND cancellation_requested_at IS NOT NULL));
ALTER TABLE orders ADD CONSTRAINT orders_cancelled_iff_cancelled_at
    CHECK ((status = 'CANCELLED') = (cancelled_at IS NOT NULL));

-- Idempotency-Keys of POST /orders/{id}/cancel, the requester's own (the token's subject: a customer, or an
-- operator's name) like those of POST /orders: the same key and request answer with the order the first request
-- cancelled; the same key with another order or reason is refused. Purged with the same retention.
CREATE TABLE cancellation_keys (
    requested_by     varchar(200) NOT NULL,
    idempotency_key  varchar(200) NOT NULL,
    request_hash     char(64)     NOT NULL,
    order_id         uuid         NOT NULL REFERENCES orders (id),
    created_at       timestamptz  NOT NULL,
    PRIMARY KEY (requested_by, idempotency_key)
);
CREATE INDEX cancellation_keys_created ON cancellation_keys (created_at);
