-- Schede di valutazione: one per person (matricola) and year, with its
-- workflow (bozza → consegnata → presa_visione → riesame → definitiva)
-- and the dates of each step; body holds the components, the behaviour
-- ratings, the review request and the evaluator's answer as JSON.
-- Personal data: only the person, their evaluators and administrators
-- read it.

-- +goose Up
CREATE TABLE schede (
    organization_id BIGINT    NOT NULL,
    id              BIGINT    NOT NULL,
    year            INTEGER   NOT NULL,
    matricola       TEXT      NOT NULL,
    person          TEXT      NOT NULL,
    role            TEXT      NOT NULL,
    unit_identity   BIGINT,
    evaluator       TEXT      NOT NULL,
    status          TEXT      NOT NULL,
    body            TEXT      NOT NULL,
    total           REAL,
    how             TEXT      NOT NULL,
    created_by      TEXT      NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    delivered_at    TIMESTAMP,
    acknowledged_at TIMESTAMP,
    review_at       TIMESTAMP,
    final_at        TIMESTAMP,
    revision        INTEGER   NOT NULL,
    PRIMARY KEY (organization_id, id),
    UNIQUE (organization_id, year, matricola)
);


-- +goose Down
DROP TABLE schede;
