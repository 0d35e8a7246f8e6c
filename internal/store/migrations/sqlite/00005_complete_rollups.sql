-- What the Nucleo di Valutazione signs, SQLite flavour (issue 8): a
-- validation says what it did (the Nucleo's own percentage, the computed
-- figure confirmed, or the objective neutralised, which has no percentage)
-- and carries the full name of the person; a sign-off carries it too; and
-- every sign-off and reopening of a year is kept in year_events, with the
-- reason and act of a reopening. SQLite cannot drop a NOT NULL, so
-- validations is rebuilt (no table refers to it). organization_id leads
-- every key, as everywhere.

-- +goose Up
CREATE TABLE validations_new (
    organization_id   INTEGER   NOT NULL,
    id                INTEGER   NOT NULL,
    objective_id      INTEGER   NOT NULL,
    year              INTEGER   NOT NULL,
    kind              TEXT      NOT NULL DEFAULT 'validated'
                                CHECK (kind IN ('validated', 'confirmed', 'neutralised')),
    computed          REAL,
    percent           REAL      CHECK (percent >= 0 AND percent <= 100),
    reason            TEXT      NOT NULL,
    validated_by      TEXT      NOT NULL,
    validated_by_name TEXT      NOT NULL DEFAULT '',
    validated_at      TIMESTAMP NOT NULL,
    -- A neutralised objective has no percentage; every other kind has one.
    CHECK ((kind = 'neutralised') = (percent IS NULL)),
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, objective_id) REFERENCES objectives (organization_id, id) ON DELETE CASCADE
);
INSERT INTO validations_new (organization_id, id, objective_id, year, computed, percent, reason, validated_by, validated_at)
SELECT organization_id, id, objective_id, year, computed, percent, reason, validated_by, validated_at FROM validations;
DROP TABLE validations;
ALTER TABLE validations_new RENAME TO validations;
CREATE INDEX validations_objective ON validations (organization_id, objective_id, year);

ALTER TABLE signoffs ADD COLUMN signed_by_name TEXT NOT NULL DEFAULT '';

-- The history of a year: every sign-off (with the scores it locked) and
-- every reopening (with its reason and act). signoffs holds the sign-off
-- in force; this table forgets nothing.
CREATE TABLE year_events (
    organization_id INTEGER   NOT NULL,
    id              INTEGER   NOT NULL,
    cycle_id        INTEGER   NOT NULL,
    year            INTEGER   NOT NULL,
    action          TEXT      NOT NULL CHECK (action IN ('signoff', 'reopen')),
    actor           TEXT      NOT NULL,
    actor_name      TEXT      NOT NULL DEFAULT '',
    at              TIMESTAMP NOT NULL,
    reason          TEXT      NOT NULL DEFAULT '',
    act_number      TEXT      NOT NULL DEFAULT '',
    act_date        DATE,
    scores_json     TEXT      CHECK (scores_json IS NULL OR json_valid(scores_json)),
    CHECK (action = 'signoff' OR (reason <> '' AND act_number <> '' AND act_date IS NOT NULL)),
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, cycle_id) REFERENCES cycles (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX year_events_cycle ON year_events (organization_id, cycle_id, at);
-- The sign-offs made before this table start the history.
INSERT INTO year_events (organization_id, id, cycle_id, year, action, actor, at, scores_json)
SELECT organization_id, (random() & 9223372036854775807) | 1, cycle_id, year, 'signoff', signed_by, signed_at, scores_json
FROM signoffs;

-- +goose Down
DROP TABLE year_events;
ALTER TABLE signoffs DROP COLUMN signed_by_name;
CREATE TABLE validations_old (
    organization_id INTEGER   NOT NULL,
    id              INTEGER   NOT NULL,
    objective_id    INTEGER   NOT NULL,
    year            INTEGER   NOT NULL,
    computed        REAL,
    percent         REAL      NOT NULL CHECK (percent >= 0),
    reason          TEXT      NOT NULL,
    validated_by    TEXT      NOT NULL,
    validated_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, objective_id) REFERENCES objectives (organization_id, id) ON DELETE CASCADE
);
-- Neutralisations have no percentage: they cannot go back.
INSERT INTO validations_old SELECT organization_id, id, objective_id, year, computed, percent, reason, validated_by, validated_at
FROM validations WHERE kind <> 'neutralised';
DROP TABLE validations;
ALTER TABLE validations_old RENAME TO validations;
CREATE INDEX validations_objective ON validations (organization_id, objective_id, year);
