-- Saga instances (one row per saga: its state machine position and data) and their append-only timeline.

CREATE TABLE saga_instance (
    id                  uuid          PRIMARY KEY,
    saga_type           varchar(64)   NOT NULL,
    definition_version  integer       NOT NULL,
    order_id            uuid          NOT NULL,
    status              varchar(16)   NOT NULL
        CHECK (status IN ('RUNNING', 'COMPENSATING', 'COMPLETED', 'COMPENSATED', 'FAILED', 'ABORTED')),
    phase               varchar(16)   NOT NULL CHECK (phase IN ('FORWARD', 'COMPENSATION')),
    current_step        integer       NOT NULL,
    current_step_name   varchar(64),
    attempt             integer       NOT NULL,
    round               integer       NOT NULL,
    awaiting_retry      boolean       NOT NULL,
    data                jsonb         NOT NULL,
    failure_reason      varchar(2000),
    started_at          timestamptz   NOT NULL,
    updated_at          timestamptz   NOT NULL,
    finished_at         timestamptz,
    wake_at             timestamptz,
    deadline_at         timestamptz,
    version             bigint        NOT NULL,
    -- one saga per order and saga type, whatever happens to OrderPlaced on its way
    UNIQUE (saga_type, order_id)
);
CREATE INDEX saga_instance_status ON saga_instance (status, started_at DESC);
CREATE INDEX saga_instance_started ON saga_instance (started_at DESC);
CREATE INDEX saga_instance_wake ON saga_instance (wake_at) WHERE status IN ('RUNNING', 'COMPENSATING');
CREATE INDEX saga_instance_deadline ON saga_instance (deadline_at) WHERE status IN ('RUNNING', 'COMPENSATING');

CREATE TABLE saga_timeline (
    id            bigserial     PRIMARY KEY,
    saga_id       uuid          NOT NULL REFERENCES saga_instance (id),
    at            timestamptz   NOT NULL,
    kind          varchar(32)   NOT NULL,
    step          varchar(64),
    attempt       integer       NOT NULL,
    message_type  varchar(128),
    message_id    varchar(200),
    detail        varchar(2000) NOT NULL
);
CREATE INDEX saga_timeline_saga ON saga_timeline (saga_id, id);
