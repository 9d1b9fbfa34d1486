-- Schema version 3 of the ML Lifecycle JDBC store: client request ids, so that a write repeated after an
-- unknown outcome (a COMMIT whose reply was lost) returns the first result instead of writing twice.

-- The request id a version was registered with (unique per model) and the fingerprint of what was asked.
ALTER TABLE model_versions ADD COLUMN request_id text, ADD COLUMN request_fingerprint text;
CREATE UNIQUE INDEX model_versions_by_request ON model_versions (model_name, request_id)
    WHERE request_id IS NOT NULL;

-- Metric batches logged with a request id, per run.
CREATE TABLE metric_requests (
    run_id      text COLLATE "C" NOT NULL REFERENCES runs (id),
    request_id  text NOT NULL,
    fingerprint text NOT NULL,
    PRIMARY KEY (run_id, request_id)
);
