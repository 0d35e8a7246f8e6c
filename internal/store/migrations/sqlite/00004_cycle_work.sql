-- The work of a cycle in the web application, SQLite flavour: the yearly
-- sign-off of the Nucleo di Valutazione, which locks the final scores;
-- revision counters on objectives and indicators, so that an edit made from
-- a stale copy is refused instead of overwriting a newer one; the origin of
-- an objective or indicator copied into a variation (the row of the version
-- it was copied from), which carries monitoring across versions and lets two
-- versions be compared; a revision counter per version, which lets readers
-- cache a version safely; indexes to read the audit log per object and per
-- user. As everywhere, organization_id leads every key.

-- +goose Up
ALTER TABLE objectives ADD COLUMN revision INTEGER NOT NULL DEFAULT 1 CHECK (revision > 0);
ALTER TABLE objectives ADD COLUMN origin_id INTEGER; -- NULL: not copied from another version
ALTER TABLE indicators ADD COLUMN revision INTEGER NOT NULL DEFAULT 1 CHECK (revision > 0);
-- A version's revision counts every change to its content (edits) or its
-- monitoring (measurements, validations): with imported_at and the
-- statuses it stamps what a cached copy of the version must match.
ALTER TABLE plan_versions ADD COLUMN revision INTEGER NOT NULL DEFAULT 1 CHECK (revision > 0);
ALTER TABLE indicators ADD COLUMN origin_id INTEGER;

-- One sign-off per organization, cycle and year. scores_json is the
-- snapshot of the final scores (ente, units, objectives) at sign-off.
CREATE TABLE signoffs (
    organization_id INTEGER   NOT NULL,
    cycle_id        INTEGER   NOT NULL,
    year            INTEGER   NOT NULL,
    signed_by       TEXT      NOT NULL,
    signed_at       TIMESTAMP NOT NULL,
    scores_json     TEXT      NOT NULL CHECK (json_valid(scores_json)),
    PRIMARY KEY (organization_id, cycle_id, year),
    FOREIGN KEY (organization_id, cycle_id) REFERENCES cycles (organization_id, id) ON DELETE CASCADE
);

CREATE INDEX audit_log_entity ON audit_log (organization_id, entity_id);
CREATE INDEX audit_log_actor ON audit_log (organization_id, actor, at);

-- +goose Down
DROP INDEX audit_log_actor;
DROP INDEX audit_log_entity;
DROP TABLE signoffs;
ALTER TABLE indicators DROP COLUMN origin_id;
ALTER TABLE indicators DROP COLUMN revision;
ALTER TABLE objectives DROP COLUMN origin_id;
ALTER TABLE objectives DROP COLUMN revision;
ALTER TABLE plan_versions DROP COLUMN revision;
