-- Cancelling an approved order (#15): its captured payment is REFUNDED, once; the amount is no longer held, so the
-- invariant stays "held = sum of the AUTHORIZED and CAPTURED amounts". refunded_at says when the money went back.

ALTER TABLE authorizations DROP CONSTRAINT authorizations_status_check;
ALTER TABLE authorizations ADD CONSTRAINT authorizations_status_check
    CHECK (status IN ('AUTHORIZED', 'VOIDED', 'CAPTURED', 'CANCELLED', 'REFUNDED'));

ALTER TABLE authorizations ADD COLUMN refunded_at timestamptz;
ALTER TABLE authorizations ADD CONSTRAINT authorizations_refunded_iff_refunded_at
    CHECK ((status = 'REFUNDED') = (refunded_at IS NOT NULL));
