-- The third kind of publication, «premi»: the aggregates of a year's
-- saved distribution of premiums (art. 20 D.Lgs 33/2013). A publication
-- of premi records the distribution it published (distribution_id, with
-- when it was saved) and what the public reads of it (content: the
-- aggregates as JSON, no person), kept as published: a distribution saved
-- again later replaces the saved one, not the published figures.
-- version_id stays the approved version of the plan in force for the
-- year. Altered in place: the rows, the index and the row-level security
-- (performa_isolate, migration 00027) stay.

-- +goose Up
ALTER TABLE publications DROP CONSTRAINT publications_kind_check;
ALTER TABLE publications ADD CONSTRAINT publications_kind_check CHECK (kind IN ('piano', 'relazione', 'premi'));
ALTER TABLE publications ADD COLUMN distribution_id BIGINT;
ALTER TABLE publications ADD COLUMN distribution_saved_at TIMESTAMPTZ;
ALTER TABLE publications ADD COLUMN content TEXT;
ALTER TABLE publications ADD CONSTRAINT publications_premi_content
    CHECK ((kind = 'premi') = (distribution_id IS NOT NULL AND content IS NOT NULL));

-- +goose Down
DELETE FROM publications WHERE kind = 'premi';
ALTER TABLE publications DROP CONSTRAINT publications_premi_content;
ALTER TABLE publications DROP COLUMN content;
ALTER TABLE publications DROP COLUMN distribution_saved_at;
ALTER TABLE publications DROP COLUMN distribution_id;
ALTER TABLE publications DROP CONSTRAINT publications_kind_check;
ALTER TABLE publications ADD CONSTRAINT publications_kind_check CHECK (kind IN ('piano', 'relazione'));
