-- A user may be a person of the staff register: the matricola links them,
-- so that they sign in to see their own scheda and premium and take the
-- presa visione. Empty: no person.

-- +goose Up
ALTER TABLE users ADD COLUMN matricola TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX users_matricola ON users (organization_id, matricola) WHERE matricola <> '';

-- +goose Down
DROP INDEX users_matricola;
ALTER TABLE users DROP COLUMN matricola;
