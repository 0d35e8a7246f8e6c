-- The public address of an organization (/trasparenza/{slug}/): made from
-- its name when it is created (migration 29 fills it in for those created
-- before) and never changed, so that links stay valid.

-- +goose Up
ALTER TABLE organizations ADD COLUMN slug TEXT;
CREATE UNIQUE INDEX organizations_slug ON organizations (slug);

-- +goose Down
DROP INDEX organizations_slug;
ALTER TABLE organizations DROP COLUMN slug;
