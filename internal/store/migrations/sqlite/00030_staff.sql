-- The staff register (personale) of a year: one row per person, imported
-- from the ente's workbook (performa staff import). The unit is bound by
-- its identity (units.identity_id), as managers are (user_units), so that
-- it survives variations, re-imports and cycles; unit_name keeps the unit
-- as last seen, or as written when the register was read without a plan.
-- Personal data: only the person, their evaluators and administrators
-- read it.

-- +goose Up
CREATE TABLE staff_members (
    organization_id BIGINT    NOT NULL,
    id              BIGINT    NOT NULL,
    year            INTEGER   NOT NULL,
    matricola       TEXT      NOT NULL,
    surname         TEXT      NOT NULL,
    given_name      TEXT      NOT NULL,
    area            TEXT      NOT NULL,
    profile         TEXT      NOT NULL,
    unit_identity   BIGINT,
    unit_name       TEXT      NOT NULL,
    part_time       REAL NOT NULL CHECK (part_time > 0 AND part_time <= 100),
    start_date      DATE      NOT NULL,
    end_date        DATE      NOT NULL,
    absence_days    INTEGER   NOT NULL CHECK (absence_days >= 0),
    source_line     INTEGER   NOT NULL,
    imported_by     TEXT      NOT NULL,
    imported_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (organization_id, id),
    UNIQUE (organization_id, year, matricola)
);


-- +goose Down
DROP TABLE staff_members;
