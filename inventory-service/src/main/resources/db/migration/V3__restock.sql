-- Cancelling an approved order (#15): its reservation is RESTOCKED, once; the units go back from reserved to
-- available (released_at says when), so a SKU's total = available + reserved still never moves.

ALTER TABLE reservations DROP CONSTRAINT reservations_status_check;
ALTER TABLE reservations ADD CONSTRAINT reservations_status_check
    CHECK (status IN ('RESERVED', 'RELEASED', 'CANCELLED', 'RESTOCKED'));
