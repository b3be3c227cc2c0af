-- The observable effect of the test handler: one row per applied ReserveInventory command.
CREATE TABLE test_effects (
    id          bigserial   PRIMARY KEY,
    message_id  varchar(200) NOT NULL,
    order_id    uuid        NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now()
);
