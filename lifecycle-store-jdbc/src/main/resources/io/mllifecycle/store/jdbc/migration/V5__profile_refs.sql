-- Schema version 5 of the ML Lifecycle JDBC store: reference profiles are blobs of the artifact store that
-- version and dataset rows refer to by digest (media type, digest, size), instead of a bytea in every row.
-- After this script, SchemaMigrator moves each stored bytea into the artifact store, fills in its digest
-- and size, and drops the bytea columns, all in the migration's one transaction.
ALTER TABLE model_versions ADD COLUMN profile_digest text, ADD COLUMN profile_size bigint;
ALTER TABLE datasets ADD COLUMN profile_digest text, ADD COLUMN profile_size bigint;
