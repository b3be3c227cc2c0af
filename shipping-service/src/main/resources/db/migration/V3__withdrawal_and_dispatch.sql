-- Cancelling an approved order (#15): its shipment is WITHDRAWN, unless the warehouse DISPATCHED it first. Each
-- state has its timestamp. A cancellation marker stays CANCELLED (marker_is_cancelled), so only a real shipment
-- is ever withdrawn or dispatched.

ALTER TABLE shipments DROP CONSTRAINT shipments_status_check;
ALTER TABLE shipments ADD CONSTRAINT shipments_status_check
    CHECK (status IN ('SCHEDULED', 'CANCELLED', 'WITHDRAWN', 'DISPATCHED'));

ALTER TABLE shipments
    ADD COLUMN withdrawn_at   timestamptz,
    ADD COLUMN dispatched_at  timestamptz;
ALTER TABLE shipments ADD CONSTRAINT withdrawn_iff_withdrawn_at CHECK ((status = 'WITHDRAWN') = (withdrawn_at IS NOT NULL));
ALTER TABLE shipments ADD CONSTRAINT dispatched_iff_dispatched_at
    CHECK ((status = 'DISPATCHED') = (dispatched_at IS NOT NULL));
ALTER TABLE shipments ADD CONSTRAINT withdrawn_or_dispatched_after_created
    CHECK ((withdrawn_at IS NULL OR withdrawn_at >= created_at) AND (dispatched_at IS NULL OR dispatched_at >= created_at));
