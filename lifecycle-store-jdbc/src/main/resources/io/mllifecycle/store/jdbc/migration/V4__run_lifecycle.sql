-- Schema version 4 of the ML Lifecycle JDBC store: the run lifecycle. Soft deletion of experiments and runs
-- (NULL: not deleted), and each run's last heartbeat: the time of the last write to it, so that runs left
-- RUNNING by a dead process can be found and ended. Existing runs get their start time as heartbeat.

ALTER TABLE experiments ADD COLUMN deleted_s bigint, ADD COLUMN deleted_ns integer;

ALTER TABLE runs ADD COLUMN deleted_s bigint, ADD COLUMN deleted_ns integer,
    ADD COLUMN heartbeat_s bigint, ADD COLUMN heartbeat_ns integer;
UPDATE runs SET heartbeat_s = start_s, heartbeat_ns = start_ns;
ALTER TABLE runs ALTER COLUMN heartbeat_s SET NOT NULL, ALTER COLUMN heartbeat_ns SET NOT NULL;

-- the reaper's scan: RUNNING runs by heartbeat
CREATE INDEX runs_running_by_heartbeat ON runs (heartbeat_s, heartbeat_ns) WHERE status = 'RUNNING';
