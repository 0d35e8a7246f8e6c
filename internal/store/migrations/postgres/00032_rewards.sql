-- The saved distribution of a year's fund for productivity (performa
-- rewards --save): at most one per year, replaced only by a new save. The
-- rule is the SMVP's productivity rule it was computed by, as JSON;
-- amounts are in cents. reward_amounts holds each person's premium.
-- Personal data: only the person and administrators read an amount; the
-- public sees the aggregates only (reward.PublicAggregates).

-- +goose Up
CREATE TABLE reward_distributions (
    organization_id     BIGINT    NOT NULL,
    id                  BIGINT    NOT NULL,
    year                INTEGER   NOT NULL,
    fund_organizational BIGINT    NOT NULL CHECK (fund_organizational >= 0),
    fund_individual     BIGINT    NOT NULL CHECK (fund_individual >= 0),
    smvp_version        INTEGER   NOT NULL,
    rule                TEXT      NOT NULL,
    distributed         BIGINT    NOT NULL,
    unspent             BIGINT    NOT NULL,
    saved_by            TEXT      NOT NULL,
    saved_at            TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, id),
    UNIQUE (organization_id, year)
);
SELECT performa_isolate('reward_distributions');

CREATE TABLE reward_amounts (
    organization_id BIGINT  NOT NULL,
    distribution_id BIGINT  NOT NULL,
    position        INTEGER NOT NULL,
    matricola       TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    amount          BIGINT  NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (organization_id, distribution_id, matricola),
    FOREIGN KEY (organization_id, distribution_id) REFERENCES reward_distributions (organization_id, id) ON DELETE CASCADE
);
SELECT performa_isolate('reward_amounts');

-- +goose Down
DROP TABLE reward_amounts;
DROP TABLE reward_distributions;
