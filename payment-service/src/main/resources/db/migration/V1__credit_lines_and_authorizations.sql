-- Customers' credit lines and the orders' authorizations held against them.
-- Invariant, per customer: held = sum of the amounts of its AUTHORIZED and CAPTURED authorizations, and
-- 0 <= held <= credit_limit. The application keeps it under row locks; these constraints are the backstop.

CREATE TABLE customers (
    customer_id   varchar(64)   PRIMARY KEY,
    currency      char(3)       NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    credit_limit  numeric(14,2) NOT NULL CHECK (credit_limit >= 0),
    held          numeric(14,2) NOT NULL DEFAULT 0 CHECK (held >= 0),
    version       bigint        NOT NULL DEFAULT 0,
    CONSTRAINT customers_held_within_limit CHECK (held <= credit_limit)
);

-- One row per order (the key is what prevents a double charge). A CANCELLED row is the marker a
-- compensation leaves when nothing was authorized: it holds nothing, and refuses a late authorization.
CREATE TABLE authorizations (
    order_id          uuid          PRIMARY KEY,
    authorization_id  uuid          UNIQUE,
    customer_id       varchar(64)   REFERENCES customers (customer_id),
    amount            numeric(14,2) CHECK (amount >= 0),
    currency          char(3)       CHECK (currency ~ '^[A-Z]{3}$'),
    status            varchar(16)   NOT NULL CHECK (status IN ('AUTHORIZED', 'VOIDED', 'CAPTURED', 'CANCELLED')),
    created_at        timestamptz   NOT NULL,
    updated_at        timestamptz   NOT NULL,
    version           bigint        NOT NULL,
    CONSTRAINT authorizations_marker_holds_nothing CHECK (
        (status = 'CANCELLED' AND authorization_id IS NULL AND customer_id IS NULL AND amount IS NULL
            AND currency IS NULL)
        OR (status <> 'CANCELLED' AND authorization_id IS NOT NULL AND customer_id IS NOT NULL
            AND amount IS NOT NULL AND currency IS NOT NULL))
);
CREATE INDEX authorizations_customer ON authorizations (customer_id) WHERE customer_id IS NOT NULL;
