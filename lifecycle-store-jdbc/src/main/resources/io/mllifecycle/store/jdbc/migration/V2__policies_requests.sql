-- Schema version 2 of the ML Lifecycle JDBC store: governance stored in the registry.

-- Every revision of the policy of a scope (a model name, or '*' for all models without their own).
-- The primary key makes revisions unique, so two writers storing the same next revision cannot both win.
CREATE TABLE policies (
    scope      text COLLATE "C" NOT NULL,
    revision   integer NOT NULL CHECK (revision >= 1),
    media_type text NOT NULL,
    body       text NOT NULL,
    created_s  bigint NOT NULL,
    created_ns integer NOT NULL,
    actor      text NOT NULL,
    PRIMARY KEY (scope, revision)
);

-- Requests for stage transitions that need an approver; seq keeps them in the order they were stored.
CREATE TABLE transition_requests (
    id              text COLLATE "C" PRIMARY KEY,
    seq             bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    model_name      text COLLATE "C" NOT NULL,
    version         integer NOT NULL,
    from_stage      text NOT NULL,
    to_stage        text NOT NULL,
    reason          text NOT NULL,
    requested_by    text NOT NULL,
    requested_s     bigint NOT NULL,
    requested_ns    integer NOT NULL,
    status          text NOT NULL,
    decided_by      text,
    decided_s       bigint,
    decided_ns      integer,
    decision_reason text NOT NULL,
    FOREIGN KEY (model_name, version) REFERENCES model_versions (model_name, version)
);
CREATE INDEX transition_requests_by_model ON transition_requests (model_name, seq);

-- Garbage collection asks which blobs records refer to.
CREATE INDEX model_versions_by_artifact ON model_versions (artifact_digest);
CREATE INDEX run_artifacts_by_digest ON run_artifacts (digest);
