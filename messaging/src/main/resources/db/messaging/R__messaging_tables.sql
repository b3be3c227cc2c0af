-- Tables of the shared messaging module (outbox, inbox, relay heartbeat), in every service database.
-- A repeatable migration written to be idempotent, so that it never competes with the version numbers
-- of a service's own migrations (db/migration). Change it only in ways that are safe to re-run.

CREATE TABLE IF NOT EXISTS outbox (
    id              uuid         PRIMARY KEY,
    aggregate_type  varchar(64)  NOT NULL,
    aggregate_id    varchar(128) NOT NULL,
    topic           varchar(249) NOT NULL,
    message_key     varchar(128) NOT NULL,
    type            varchar(128) NOT NULL,
    schema_version  integer      NOT NULL,
    source          varchar(128) NOT NULL,
    payload         jsonb        NOT NULL,
    saga_id         uuid,
    saga_type       varchar(64),
    step            varchar(64),
    attempt         integer,
    causation_id    varchar(200),
    traceparent     varchar(128),
    created_at      timestamptz  NOT NULL
);
-- Set on a reply sent again for a duplicate command: the id of the original row (never replayed itself).
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS replay_of uuid;
-- The message id (ce_id, the consumers' de-duplication key). Usually the row id; a command sent again
-- after a timeout gets a new row with the SAME message id, so that participants apply it once.
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS message_id varchar(200);
UPDATE outbox SET message_id = id::text WHERE message_id IS NULL;
ALTER TABLE outbox ALTER COLUMN message_id SET NOT NULL;
-- W3C tracestate that goes with traceparent (vendor trace data; usually absent).
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS tracestate varchar(512);
CREATE INDEX IF NOT EXISTS outbox_created_at ON outbox (created_at);
CREATE INDEX IF NOT EXISTS outbox_causation_id ON outbox (causation_id) WHERE causation_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS outbox_saga_id ON outbox (saga_id) WHERE saga_id IS NOT NULL;

CREATE TABLE IF NOT EXISTS inbox (
    consumer      varchar(128) NOT NULL,
    message_id    varchar(200) NOT NULL,
    message_type  varchar(128),
    received_at   timestamptz  NOT NULL,
    PRIMARY KEY (consumer, message_id)
);
CREATE INDEX IF NOT EXISTS inbox_received_at ON inbox (received_at);

-- Updated by Debezium's heartbeat action query: a change on a quiet database moves the slot forward.
CREATE TABLE IF NOT EXISTS relay_heartbeat (
    id       integer     PRIMARY KEY,
    beat_at  timestamptz NOT NULL
);

-- Debezium's JdbcOffsetBackingStore layout, created here rather than by the store at run time.
CREATE TABLE IF NOT EXISTS relay_offsets (
    id                 varchar(36)   NOT NULL PRIMARY KEY,
    offset_key         varchar(1255),
    offset_val         varchar(1255),
    record_insert_ts   timestamp     NOT NULL,
    record_insert_seq  integer       NOT NULL
);
