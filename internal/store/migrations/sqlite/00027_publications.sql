-- Publications in «Amministrazione trasparente › Performance»: the Piano
-- or the Relazione of a year, the plan's version published, when and by
-- whom, and when and by whom it was taken down. Rows are never deleted: a
-- new publication of the same kind and year closes the live one
-- (unpublished_at), so the history stays.

-- +goose Up
CREATE TABLE publications (
    organization_id  BIGINT  NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    id               BIGINT  NOT NULL,
    kind             TEXT    NOT NULL CHECK (kind IN ('piano', 'relazione')),
    year             INTEGER NOT NULL,
    cycle_id         BIGINT  NOT NULL,
    version_id       BIGINT  NOT NULL,
    version_number   INTEGER NOT NULL,
    published_at     TIMESTAMP NOT NULL,
    published_by     TEXT    NOT NULL,
    published_name   TEXT    NOT NULL DEFAULT '',
    unpublished_at   TIMESTAMP,
    unpublished_by   TEXT    NOT NULL DEFAULT '',
    unpublished_name TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (organization_id, id)
);
CREATE INDEX publications_year ON publications (organization_id, kind, year);

-- +goose Down
DROP TABLE publications;
