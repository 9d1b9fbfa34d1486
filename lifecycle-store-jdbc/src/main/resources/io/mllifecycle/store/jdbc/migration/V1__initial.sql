-- Schema version 1 of the ML Lifecycle JDBC store (PostgreSQL).
-- Instants are stored exactly as epoch seconds (*_s) plus nanoseconds (*_ns), since timestamptz keeps
-- only microseconds; ids are compared byte-wise (COLLATE "C") so they sort as Java sorts them.

CREATE TABLE experiments (
    id          text COLLATE "C" PRIMARY KEY,
    name        text NOT NULL UNIQUE,
    description text NOT NULL,
    created_s   bigint NOT NULL,
    created_ns  integer NOT NULL,
    archived    boolean NOT NULL DEFAULT false
);

CREATE TABLE experiment_tags (
    experiment_id text COLLATE "C" NOT NULL REFERENCES experiments (id),
    key           text NOT NULL,
    value         text NOT NULL,
    PRIMARY KEY (experiment_id, key)
);

CREATE TABLE runs (
    id            text COLLATE "C" PRIMARY KEY,
    experiment_id text COLLATE "C" NOT NULL REFERENCES experiments (id),
    parent_run_id text COLLATE "C" REFERENCES runs (id),
    name          text NOT NULL,
    status        text NOT NULL,
    start_s       bigint NOT NULL,
    start_ns      integer NOT NULL,
    end_s         bigint,
    end_ns        integer,
    failure       text,
    code_version  text NOT NULL,
    host          text NOT NULL,
    jvm           text NOT NULL,
    -- number of metric points appended so far: the append order of the next batch starts after it
    metric_count  bigint NOT NULL DEFAULT 0
);
CREATE INDEX runs_by_experiment ON runs (experiment_id, id);
CREATE INDEX runs_by_parent ON runs (parent_run_id, id) WHERE parent_run_id IS NOT NULL;

-- Param and tag values may be longer than a b-tree entry allows, so equality searches use md5(value).
CREATE TABLE run_params (
    run_id text COLLATE "C" NOT NULL REFERENCES runs (id),
    key    text NOT NULL,
    value  text NOT NULL,
    PRIMARY KEY (run_id, key)
);
CREATE INDEX run_params_by_value ON run_params (key, md5(value), run_id);

CREATE TABLE run_tags (
    run_id text COLLATE "C" NOT NULL REFERENCES runs (id),
    key    text NOT NULL,
    value  text NOT NULL,
    PRIMARY KEY (run_id, key)
);
CREATE INDEX run_tags_by_value ON run_tags (key, md5(value), run_id);

-- No foreign key to runs here on purpose: a per-row FK check costs more than the insert itself, and the
-- appending transaction already holds the run's row lock after checking it exists (runs are never deleted).
CREATE TABLE metric_points (
    run_id text COLLATE "C" NOT NULL,
    seq    bigint NOT NULL,
    key    text NOT NULL,
    step   bigint NOT NULL,
    value  double precision NOT NULL,
    ts_s   bigint NOT NULL,
    ts_ns  integer NOT NULL,
    PRIMARY KEY (run_id, key, seq)
);

-- The latest point of each (run, key), kept in the transaction that appends points. The experiment id
-- is repeated here so that "runs of an experiment ordered by a metric" is one ordered index scan.
CREATE TABLE latest_metrics (
    run_id        text COLLATE "C" NOT NULL REFERENCES runs (id),
    experiment_id text COLLATE "C" NOT NULL,
    key           text NOT NULL,
    step   bigint NOT NULL,
    value  double precision NOT NULL,
    ts_s   bigint NOT NULL,
    ts_ns  integer NOT NULL,
    PRIMARY KEY (run_id, key)
);
CREATE INDEX latest_metrics_by_value ON latest_metrics (key, value, run_id);
CREATE INDEX latest_metrics_in_order ON latest_metrics (experiment_id, key, value, run_id);

CREATE TABLE datasets (
    seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         text NOT NULL,
    digest       text NOT NULL,
    columns      text[] NOT NULL,
    column_types text[] NOT NULL,
    row_count    bigint NOT NULL,
    source_uri   text NOT NULL,
    profile_type text,
    profile      bytea,
    UNIQUE (name, digest)
);

CREATE TABLE run_inputs (
    run_id         text COLLATE "C" NOT NULL REFERENCES runs (id),
    position       integer NOT NULL,
    dataset_name   text NOT NULL,
    dataset_digest text NOT NULL,
    role           text NOT NULL,
    PRIMARY KEY (run_id, position),
    UNIQUE (run_id, dataset_name, dataset_digest, role)
);

CREATE TABLE run_artifacts (
    run_id text COLLATE "C" NOT NULL REFERENCES runs (id),
    path   text NOT NULL,
    digest text NOT NULL,
    PRIMARY KEY (run_id, path)
);

CREATE TABLE models (
    name         text COLLATE "C" PRIMARY KEY,
    description  text NOT NULL,
    created_s    bigint NOT NULL,
    created_ns   integer NOT NULL,
    -- the number the next version gets: incremented in the registering transaction, so gapless
    next_version integer NOT NULL DEFAULT 1
);

CREATE TABLE model_tags (
    model_name text COLLATE "C" NOT NULL REFERENCES models (name),
    key        text NOT NULL,
    value      text NOT NULL,
    PRIMARY KEY (model_name, key)
);

CREATE TABLE model_aliases (
    model_name text COLLATE "C" NOT NULL REFERENCES models (name),
    alias      text NOT NULL,
    version    integer NOT NULL,
    PRIMARY KEY (model_name, alias)
);

CREATE TABLE alias_changes (
    seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    model_name   text COLLATE "C" NOT NULL REFERENCES models (name),
    alias        text NOT NULL,
    from_version integer,
    to_version   integer,
    at_s         bigint NOT NULL,
    at_ns        integer NOT NULL,
    actor        text NOT NULL
);
CREATE INDEX alias_changes_by_model ON alias_changes (model_name, seq);

CREATE TABLE model_versions (
    model_name      text COLLATE "C" NOT NULL REFERENCES models (name),
    version         integer NOT NULL,
    source_run_id   text,
    artifact_digest text NOT NULL,
    description     text NOT NULL,
    stage           text NOT NULL,
    profile_type    text,
    profile         bytea,
    created_s       bigint NOT NULL,
    created_ns      integer NOT NULL,
    PRIMARY KEY (model_name, version)
);

-- Tags (kind 't') and model-card fields (kind 'c') of versions.
CREATE TABLE version_fields (
    model_name text COLLATE "C" NOT NULL,
    version    integer NOT NULL,
    kind       char(1) NOT NULL,
    key        text NOT NULL,
    value      text NOT NULL,
    PRIMARY KEY (model_name, version, kind, key),
    FOREIGN KEY (model_name, version) REFERENCES model_versions (model_name, version)
);

CREATE TABLE stage_changes (
    model_name text COLLATE "C" NOT NULL,
    version    integer NOT NULL,
    position   integer NOT NULL,
    from_stage text,
    to_stage   text NOT NULL,
    at_s       bigint NOT NULL,
    at_ns      integer NOT NULL,
    actor      text NOT NULL,
    reason     text NOT NULL,
    PRIMARY KEY (model_name, version, position),
    FOREIGN KEY (model_name, version) REFERENCES model_versions (model_name, version)
);

CREATE TABLE gate_reports (
    model_name   text COLLATE "C" NOT NULL,
    version      integer NOT NULL,
    position     integer NOT NULL,
    target_stage text NOT NULL,
    evaluated_s  bigint NOT NULL,
    evaluated_ns integer NOT NULL,
    actor        text NOT NULL,
    overridden   boolean NOT NULL,
    PRIMARY KEY (model_name, version, position),
    FOREIGN KEY (model_name, version) REFERENCES model_versions (model_name, version)
);

CREATE TABLE gate_results (
    model_name      text COLLATE "C" NOT NULL,
    version         integer NOT NULL,
    report_position integer NOT NULL,
    position        integer NOT NULL,
    gate            text NOT NULL,
    passed          boolean NOT NULL,
    observed        text NOT NULL,
    expected        text NOT NULL,
    message         text NOT NULL,
    PRIMARY KEY (model_name, version, report_position, position),
    FOREIGN KEY (model_name, version, report_position) REFERENCES gate_reports (model_name, version, position)
);

-- The head of the audit chain: one row, locked by every append so the chain never forks.
CREATE TABLE audit_head (
    id       integer PRIMARY KEY CHECK (id = 1),
    sequence bigint NOT NULL,
    hash     text NOT NULL
);
INSERT INTO audit_head (id, sequence, hash) VALUES (1, 0, 'sha256:' || repeat('0', 64));

CREATE TABLE audit_events (
    sequence       bigint PRIMARY KEY,
    time_s         bigint NOT NULL,
    time_ns        integer NOT NULL,
    actor          text NOT NULL,
    action         text NOT NULL,
    subject        text NOT NULL,
    detail_keys    text[] NOT NULL,
    detail_values  text[] NOT NULL,
    previous_hash  text NOT NULL,
    hash           text NOT NULL
);
