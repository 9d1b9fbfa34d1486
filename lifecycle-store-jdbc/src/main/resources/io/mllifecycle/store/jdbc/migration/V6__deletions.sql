-- Schema version 6 of the ML Lifecycle JDBC store: deleted models and versions. Their rows stay, marked,
-- so that version numbers and model names are never given again and audit events naming them stay
-- unambiguous; every read leaves them out.
ALTER TABLE models ADD COLUMN deleted boolean NOT NULL DEFAULT false;
ALTER TABLE model_versions ADD COLUMN deleted boolean NOT NULL DEFAULT false;
