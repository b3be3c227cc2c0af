-- The order aggregate, its lines, and the idempotency keys of POST /orders.

CREATE TABLE orders (
    id                uuid          PRIMARY KEY,
    customer_id       varchar(64)   NOT NULL,
    status            varchar(16)   NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED')),
    rejection_reason  varchar(500),
    currency          char(3)       NOT NULL,
    total_amount      numeric(16,2) NOT NULL CHECK (total_amount >= 0),
    ship_recipient    varchar(200)  NOT NULL,
    ship_street       varchar(200)  NOT NULL,
    ship_city         varchar(100)  NOT NULL,
    ship_postal_code  varchar(20)   NOT NULL,
    ship_country      char(2)       NOT NULL,
    placed_at         timestamptz   NOT NULL,
    decided_at        timestamptz,
    version           bigint        NOT NULL
);
CREATE INDEX orders_customer ON orders (customer_id, placed_at DESC);

CREATE TABLE order_lines (
    order_id    uuid          NOT NULL REFERENCES orders (id),
    line_no     integer       NOT NULL,
    sku         varchar(64)   NOT NULL,
    quantity    integer       NOT NULL CHECK (quantity > 0),
    unit_price  numeric(14,2) NOT NULL CHECK (unit_price >= 0),
    PRIMARY KEY (order_id, line_no)
);

-- Same key + same request body returns the first result; same key + another body is refused.
CREATE TABLE idempotency_keys (
    idempotency_key  varchar(200) PRIMARY KEY,
    request_hash     char(64)     NOT NULL,
    order_id         uuid         NOT NULL REFERENCES orders (id),
    created_at       timestamptz  NOT NULL
);
