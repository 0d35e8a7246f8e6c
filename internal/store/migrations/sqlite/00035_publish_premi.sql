-- The third kind of publication, «premi»: the aggregates of a year's
-- saved distribution of premiums (art. 20 D.Lgs 33/2013). A publication
-- of premi records the distribution it published (distribution_id, with
-- when it was saved) and what the public reads of it (content: the
-- aggregates as JSON, no person), kept as published: a distribution saved
-- again later replaces the saved one, not the published figures.
-- version_id stays the approved version of the plan in force for the
-- year. SQLite cannot alter a CHECK: the table is rebuilt, its rows and
-- index kept.

-- +goose Up
CREATE TABLE publications_new (
    organization_id       BIGINT  NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    id                    BIGINT  NOT NULL,
    kind                  TEXT    NOT NULL CHECK (kind IN ('piano', 'relazione', 'premi')),
    year                  INTEGER NOT NULL,
    cycle_id              BIGINT  NOT NULL,
    version_id            BIGINT  NOT NULL,
    version_number        INTEGER NOT NULL,
    published_at          TIMESTAMP NOT NULL,
    published_by          TEXT    NOT NULL,
    published_name        TEXT    NOT NULL DEFAULT '',
    unpublished_at        TIMESTAMP,
    unpublished_by        TEXT    NOT NULL DEFAULT '',
    unpublished_name      TEXT    NOT NULL DEFAULT '',
    distribution_id       BIGINT,
    distribution_saved_at TIMESTAMP,
    content               TEXT,
    PRIMARY KEY (organization_id, id),
    CHECK ((kind = 'premi') = (distribution_id IS NOT NULL AND content IS NOT NULL))
);
INSERT INTO publications_new (organization_id, id, kind, year, cycle_id, version_id, version_number, published_at,
    published_by, published_name, unpublished_at, unpublished_by, unpublished_name)
SELECT organization_id, id, kind, year, cycle_id, version_id, version_number, published_at,
    published_by, published_name, unpublished_at, unpublished_by, unpublished_name FROM publications;
DROP TABLE publications;
ALTER TABLE publications_new RENAME TO publications;
CREATE INDEX publications_year ON publications (organization_id, kind, year);

-- +goose Down
CREATE TABLE publications_old (
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
INSERT INTO publications_old SELECT organization_id, id, kind, year, cycle_id, version_id, version_number, published_at,
    published_by, published_name, unpublished_at, unpublished_by, unpublished_name FROM publications WHERE kind <> 'premi';
DROP TABLE publications;
ALTER TABLE publications_old RENAME TO publications;
CREATE INDEX publications_year ON publications (organization_id, kind, year);
