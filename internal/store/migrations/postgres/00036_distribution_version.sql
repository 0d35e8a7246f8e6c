-- The plan version whose scores a saved distribution of the premiums was
-- computed from (the version in force when it was saved): the premi's
-- publication records it. 0: saved before performa recorded it.

-- +goose Up
ALTER TABLE reward_distributions ADD COLUMN version_id BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE reward_distributions DROP COLUMN version_id;
