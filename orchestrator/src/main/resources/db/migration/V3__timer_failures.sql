-- A saga whose timer handling keeps failing must not hold every other saga's timers back: its failures are
-- counted and it is looked at again only after a back-off; after a few it is left FAILED with the reason.

ALTER TABLE saga_instance ADD COLUMN timer_failures integer NOT NULL DEFAULT 0;
ALTER TABLE saga_instance ADD COLUMN timer_retry_at timestamptz;
