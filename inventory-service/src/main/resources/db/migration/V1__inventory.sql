-- Stock per SKU, and what each order holds. Reserving and releasing move quantities between available and
-- reserved; only an operator changes a SKU's total (available + reserved).

CREATE TABLE stock_items (
    sku        varchar(64) PRIMARY KEY CHECK (sku ~ '^[A-Za-z0-9._-]+$'),
    available  bigint      NOT NULL CHECK (available >= 0),
    reserved   bigint      NOT NULL CHECK (reserved >= 0),
    version    bigint      NOT NULL
);

-- One row per order that reserved or was released. CANCELLED: the release came before any reservation; the
-- row stays as the marker that refuses the late reservation.
CREATE TABLE reservations (
    order_id     uuid         PRIMARY KEY,
    status       varchar(16)  NOT NULL CHECK (status IN ('RESERVED', 'RELEASED', 'CANCELLED')),
    created_at   timestamptz  NOT NULL,
    released_at  timestamptz,
    CHECK ((status = 'RESERVED') = (released_at IS NULL))
);

-- What a reservation holds, one row per SKU (lines naming a SKU twice are summed).
CREATE TABLE reservation_lines (
    order_id  uuid        NOT NULL REFERENCES reservations (order_id),
    sku       varchar(64) NOT NULL REFERENCES stock_items (sku),
    quantity  integer     NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_id, sku)
);
CREATE INDEX reservation_lines_sku ON reservation_lines (sku);
