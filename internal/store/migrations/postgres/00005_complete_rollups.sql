-- What the Nucleo di Valutazione signs, PostgreSQL flavour (same tables and
-- keys as the SQLite one, issue 8): a validation says what it did (the
-- Nucleo's own percentage, the computed figure confirmed, or the objective
-- neutralised, which has no percentage) and carries the full name of the
-- person; a sign-off carries it too; and every sign-off and reopening of a
-- year is kept in year_events, with the reason and act of a reopening.
-- organization_id leads every key, so that Citus can distribute by it.

-- +goose Up
ALTER TABLE validations ADD COLUMN kind TEXT NOT NULL DEFAULT 'validated'
    CHECK (kind IN ('validated', 'confirmed', 'neutralised'));
ALTER TABLE validations ADD COLUMN validated_by_name TEXT NOT NULL DEFAULT '';
ALTER TABLE validations ALTER COLUMN percent DROP NOT NULL;
ALTER TABLE validations ADD CONSTRAINT validations_percent_range CHECK (percent >= 0 AND percent <= 100);
-- A neutralised objective has no percentage; every other kind has one.
ALTER TABLE validations ADD CONSTRAINT validations_percent_kind CHECK ((kind = 'neutralised') = (percent IS NULL));

ALTER TABLE signoffs ADD COLUMN signed_by_name TEXT NOT NULL DEFAULT '';

-- The history of a year: every sign-off (with the scores it locked) and
-- every reopening (with its reason and act). signoffs holds the sign-off
-- in force; this table forgets nothing.
CREATE TABLE year_events (
    organization_id BIGINT      NOT NULL,
    id              BIGINT      NOT NULL,
    cycle_id        BIGINT      NOT NULL,
    year            INTEGER     NOT NULL,
    action          TEXT        NOT NULL CHECK (action IN ('signoff', 'reopen')),
    actor           TEXT        NOT NULL,
    actor_name      TEXT        NOT NULL DEFAULT '',
    at              TIMESTAMPTZ NOT NULL,
    reason          TEXT        NOT NULL DEFAULT '',
    act_number      TEXT        NOT NULL DEFAULT '',
    act_date        DATE,
    scores_json     JSONB,
    CHECK (action = 'signoff' OR (reason <> '' AND act_number <> '' AND act_date IS NOT NULL)),
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, cycle_id) REFERENCES cycles (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX year_events_cycle ON year_events (organization_id, cycle_id, at);
-- The sign-offs made before this table start the history.
INSERT INTO year_events (organization_id, id, cycle_id, year, action, actor, at, scores_json)
SELECT organization_id, 1 + floor(random() * 9e18)::bigint, cycle_id, year, 'signoff', signed_by, signed_at, scores_json
FROM signoffs;

-- +goose Down
DROP TABLE year_events;
ALTER TABLE signoffs DROP COLUMN signed_by_name;
-- Neutralisations have no percentage: they cannot go back.
DELETE FROM validations WHERE kind = 'neutralised';
ALTER TABLE validations DROP CONSTRAINT validations_percent_kind;
ALTER TABLE validations DROP CONSTRAINT validations_percent_range;
ALTER TABLE validations ALTER COLUMN percent SET NOT NULL;
ALTER TABLE validations DROP COLUMN validated_by_name;
ALTER TABLE validations DROP COLUMN kind;
