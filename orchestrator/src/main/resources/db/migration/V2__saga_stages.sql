-- Steps may run side by side in stages: the saga's position is a stage, and where each step of that stage
-- stands (waiting, succeeded, failed, undoing, undone; its attempt and wake-up) is kept with the saga.

ALTER TABLE saga_instance RENAME COLUMN current_step TO current_stage;
ALTER TABLE saga_instance ALTER COLUMN current_step_name TYPE varchar(200);
ALTER TABLE saga_instance ADD COLUMN steps jsonb NOT NULL DEFAULT '[]';
COMMENT ON COLUMN saga_instance.current_step_name IS
    'the steps of the current stage still waiting for a reply (or all of them), joined by " + "';
