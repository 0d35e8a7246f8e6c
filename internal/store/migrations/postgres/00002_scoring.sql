-- Scoring: a percentage given by hand on a measurement (targets that cannot
-- be measured), the SMVP of each cycle in versions, behaviour ratings of
-- managers. organization_id leads every key, as everywhere.

-- +goose Up
ALTER TABLE measurements ADD COLUMN manual_achievement DOUBLE PRECISION;

CREATE TABLE smvp_versions (
    organization_id BIGINT      NOT NULL,
    cycle_id        BIGINT      NOT NULL,
    version         INTEGER     NOT NULL CHECK (version > 0),
    config_json     JSONB       NOT NULL,
    created_by      TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, cycle_id, version),
    FOREIGN KEY (organization_id, cycle_id) REFERENCES cycles (organization_id, id) ON DELETE CASCADE
);

-- Behaviour ratings are personal data: only the person, their evaluators
-- and administrators may read them.
CREATE TABLE behaviour_ratings (
    organization_id BIGINT           NOT NULL,
    id              BIGINT           NOT NULL,
    cycle_id        BIGINT           NOT NULL,
    year            INTEGER          NOT NULL,
    manager         TEXT             NOT NULL,
    percent         DOUBLE PRECISION NOT NULL CHECK (percent >= 0 AND percent <= 100),
    reason          TEXT             NOT NULL,
    rated_by        TEXT             NOT NULL,
    rated_at        TIMESTAMPTZ      NOT NULL,
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, cycle_id) REFERENCES cycles (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX behaviour_ratings_year ON behaviour_ratings (organization_id, cycle_id, year);

-- +goose Down
DROP TABLE behaviour_ratings;
DROP TABLE smvp_versions;
ALTER TABLE measurements DROP COLUMN manual_achievement;
