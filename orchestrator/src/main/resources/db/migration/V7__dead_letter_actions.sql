-- What operators did with the records parked on the platform's dead-letter topics: one row per record, so a record
-- is replayed or discarded once (the primary key refuses a second action, a concurrent one included). A record
-- without a row is pending. Who (the token's name), when, why, and where a replay landed.

CREATE TABLE dead_letter_action (
    dlq_topic          varchar(255)  NOT NULL,
    dlq_partition      integer       NOT NULL CHECK (dlq_partition >= 0),
    dlq_offset         bigint        NOT NULL CHECK (dlq_offset >= 0),
    action             varchar(16)   NOT NULL CHECK (action IN ('REPLAYED', 'DISCARDED')),
    original_topic     varchar(255)  NOT NULL,
    message_id         varchar(200),
    saga_id            uuid,
    operator           varchar(64)   NOT NULL,
    reason             varchar(300),
    acted_at           timestamptz   NOT NULL,
    replay_partition   integer,
    replay_offset      bigint,
    PRIMARY KEY (dlq_topic, dlq_partition, dlq_offset),
    -- a replay's row is written before the send (so that a second replay waits for it and is refused), its position
    -- after the broker acknowledged it, in the same transaction
    CONSTRAINT only_a_replay_has_a_position CHECK (action = 'REPLAYED' OR replay_partition IS NULL)
);
