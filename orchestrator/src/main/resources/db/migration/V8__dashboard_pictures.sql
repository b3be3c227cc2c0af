-- The dashboard's pictures (#16.2) read bounded index ranges, whatever the number of sagas:
-- the time series (GET /sagas/series) counts the sagas finished in its window by status and takes their durations'
-- percentiles from the finished sagas' index alone, so that index carries status and start; it replaces V5's
-- index on the same key (same rows, same upkeep: an entry is written once, when the saga finishes).
CREATE INDEX saga_instance_finished_at_status ON saga_instance (finished_at DESC) INCLUDE (status, started_at)
    WHERE finished_at IS NOT NULL;
DROP INDEX saga_instance_finished_at;
-- The heat map (GET /sagas/heatmap) counts the steps that failed or were undone within its window: the few timeline
-- entries that say so, by time, out of the ~11 a saga writes.
CREATE INDEX saga_timeline_step_ends ON saga_timeline (at) INCLUDE (saga_id, step)
    WHERE kind IN ('STEP_FAILED', 'OUTCOME_UNKNOWN', 'COMMAND_DEAD_LETTERED', 'STEP_COMPENSATED');
