-- Shipments (at most one per order), their lines, and the countries no carrier serves.

-- A row is either a shipment (SCHEDULED, later perhaps CANCELLED) or the marker of a cancellation that
-- arrived before any scheduling: CANCELLED, cancelled_before_scheduling, no shipment id, no address.
CREATE TABLE shipments (
    order_id                     uuid         PRIMARY KEY,
    shipment_id                  uuid         UNIQUE,
    status                       varchar(16)  NOT NULL CHECK (status IN ('SCHEDULED', 'CANCELLED')),
    recipient                    varchar(200),
    street                       varchar(200),
    city                         varchar(100),
    postal_code                  varchar(20),
    country                      char(2)      CHECK (country ~ '^[A-Z]{2}$'),
    created_at                   timestamptz  NOT NULL,
    cancelled_at                 timestamptz,
    cancelled_before_scheduling  boolean      NOT NULL,
    version                      bigint       NOT NULL,
    CONSTRAINT marker_has_no_shipment CHECK (cancelled_before_scheduling = (shipment_id IS NULL)),
    CONSTRAINT marker_is_cancelled CHECK (NOT cancelled_before_scheduling OR status = 'CANCELLED'),
    CONSTRAINT shipment_has_address CHECK (
        (shipment_id IS NULL AND recipient IS NULL AND street IS NULL AND city IS NULL AND postal_code IS NULL
            AND country IS NULL)
        OR (shipment_id IS NOT NULL AND recipient IS NOT NULL AND street IS NOT NULL AND city IS NOT NULL
            AND postal_code IS NOT NULL AND country IS NOT NULL)),
    CONSTRAINT cancelled_iff_cancelled_at CHECK ((status = 'CANCELLED') = (cancelled_at IS NOT NULL)),
    CONSTRAINT cancelled_after_created CHECK (cancelled_at IS NULL OR cancelled_at >= created_at)
);
CREATE INDEX shipments_by_status ON shipments (status, created_at DESC, order_id);
CREATE INDEX shipments_by_creation ON shipments (created_at DESC, order_id);

CREATE TABLE shipment_lines (
    order_id  uuid         NOT NULL REFERENCES shipments (order_id),
    line_no   integer      NOT NULL CHECK (line_no >= 0),
    sku       varchar(64)  NOT NULL CHECK (length(sku) > 0),
    quantity  integer      NOT NULL CHECK (quantity BETWEEN 1 AND 1000000),
    PRIMARY KEY (order_id, line_no)
);

-- Scheduling to one of these countries is refused with UNSERVICEABLE_DESTINATION and the reason.
CREATE TABLE unserviceable_destinations (
    country  char(2)       PRIMARY KEY CHECK (country ~ '^[A-Z]{2}$'),
    reason   varchar(200)  NOT NULL CHECK (length(trim(reason)) > 0)
);
