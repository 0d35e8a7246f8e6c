-- Stable identity, PostgreSQL flavour (same tables and keys as the SQLite one). Every unit, objective and indicator
-- carries identity_id: the same number for the same element in every
-- version of the plan (a variation copies it, a re-import of the draft
-- matches the new rows to the old and keeps it) and, for units, across
-- cycles. A new element's identity is its own id. Comparing versions,
-- carrying monitoring to a variation and binding managers to their units
-- all go by identity, never by name or code. Existing rows get theirs
-- from the origin a variation recorded (objectives, indicators) and, for
-- units, from the first unit of the organization with exactly the same
-- name (the k-th of that name in a version with the k-th).
--
-- Managers are bound to unit identities (user_unit_identities); a name
-- binding that matches no unit exactly (or but for case, when only one
-- unit does) stays in user_units, shown to the administrator to be fixed.
--
-- draft_edits remembers the edits made in performa to a draft version
-- (which element, who, when), so that a re-import that would erase them
-- is refused naming them; a re-import that replaces the draft clears them.

-- +goose Up
ALTER TABLE units ADD COLUMN identity_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE objectives ADD COLUMN identity_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE indicators ADD COLUMN identity_id BIGINT NOT NULL DEFAULT 0;

WITH RECURSIVE chain (organization_id, id, root) AS (
    SELECT organization_id, id, id FROM objectives WHERE origin_id IS NULL
    UNION ALL
    SELECT o.organization_id, o.id, c.root FROM objectives o
    JOIN chain c ON o.organization_id = c.organization_id AND o.origin_id = c.id
)
UPDATE objectives SET identity_id = COALESCE(
    (SELECT root FROM chain WHERE chain.organization_id = objectives.organization_id AND chain.id = objectives.id), id);

WITH RECURSIVE chain (organization_id, id, root) AS (
    SELECT organization_id, id, id FROM indicators WHERE origin_id IS NULL
    UNION ALL
    SELECT i.organization_id, i.id, c.root FROM indicators i
    JOIN chain c ON i.organization_id = c.organization_id AND i.origin_id = c.id
)
UPDATE indicators SET identity_id = COALESCE(
    (SELECT root FROM chain WHERE chain.organization_id = indicators.organization_id AND chain.id = indicators.id), id);

WITH ranked AS (
    SELECT u.organization_id, u.id, u.name,
           ROW_NUMBER() OVER (PARTITION BY u.organization_id, u.version_id, u.name ORDER BY u.position) AS k,
           c.first_year, c.last_year, v.number
    FROM units u
    JOIN plan_versions v ON v.organization_id = u.organization_id AND v.id = u.version_id
    JOIN cycles c ON c.organization_id = v.organization_id AND c.id = v.cycle_id
), firsts AS (
    SELECT organization_id, name, k, id,
           ROW_NUMBER() OVER (PARTITION BY organization_id, name, k ORDER BY first_year, last_year, number) AS r
    FROM ranked
)
UPDATE units SET identity_id = COALESCE((
    SELECT f.id FROM ranked x
    JOIN firsts f ON f.organization_id = x.organization_id AND f.name = x.name AND f.k = x.k AND f.r = 1
    WHERE x.organization_id = units.organization_id AND x.id = units.id), id);

CREATE UNIQUE INDEX units_identity ON units (organization_id, version_id, identity_id);
CREATE INDEX units_identity_all ON units (organization_id, identity_id);

CREATE TABLE user_unit_identities (
    organization_id  BIGINT NOT NULL,
    user_id          BIGINT NOT NULL,
    unit_identity_id BIGINT NOT NULL CHECK (unit_identity_id <> 0),
    PRIMARY KEY (organization_id, user_id, unit_identity_id),
    FOREIGN KEY (organization_id, user_id) REFERENCES users (organization_id, id) ON DELETE CASCADE
);

-- A name binding becomes the identity of the units with exactly that name,
-- else of the one unit with that name but for case (two units differing
-- only in case are different units: such a binding stays a name).
INSERT INTO user_unit_identities (organization_id, user_id, unit_identity_id)
SELECT DISTINCT b.organization_id, b.user_id, u.identity_id
FROM user_units b JOIN units u ON u.organization_id = b.organization_id AND u.name = b.unit_name;
DELETE FROM user_units WHERE EXISTS (
    SELECT 1 FROM units u WHERE u.organization_id = user_units.organization_id AND u.name = user_units.unit_name);

INSERT INTO user_unit_identities (organization_id, user_id, unit_identity_id)
SELECT b.organization_id, b.user_id, MIN(u.identity_id)
FROM user_units b JOIN units u ON u.organization_id = b.organization_id AND lower(u.name) = lower(trim(b.unit_name))
GROUP BY b.organization_id, b.user_id, b.unit_name
HAVING COUNT(DISTINCT u.identity_id) = 1
ON CONFLICT DO NOTHING;
DELETE FROM user_units WHERE 1 = (
    SELECT COUNT(DISTINCT u.identity_id) FROM units u
    WHERE u.organization_id = user_units.organization_id AND lower(u.name) = lower(trim(user_units.unit_name)));

CREATE TABLE draft_edits (
    organization_id BIGINT      NOT NULL,
    version_id      BIGINT      NOT NULL,
    id              BIGINT      NOT NULL,
    at              TIMESTAMPTZ NOT NULL,
    actor           TEXT        NOT NULL,
    action          TEXT        NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    entity          TEXT        NOT NULL CHECK (entity IN ('objective', 'indicator')),
    entity_id       BIGINT      NOT NULL,
    label           TEXT        NOT NULL, -- the element in words when edited
    PRIMARY KEY (organization_id, version_id, id),
    FOREIGN KEY (organization_id, version_id) REFERENCES plan_versions (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX draft_edits_at ON draft_edits (organization_id, version_id, at);

-- +goose Down
DROP TABLE draft_edits;
INSERT INTO user_units (organization_id, user_id, unit_name)
SELECT DISTINCT b.organization_id, b.user_id, u.name FROM user_unit_identities b
JOIN units u ON u.organization_id = b.organization_id AND u.identity_id = b.unit_identity_id AND u.id = b.unit_identity_id
ON CONFLICT DO NOTHING;
DROP TABLE user_unit_identities;
DROP INDEX units_identity_all;
DROP INDEX units_identity;
ALTER TABLE indicators DROP COLUMN identity_id;
ALTER TABLE objectives DROP COLUMN identity_id;
ALTER TABLE units DROP COLUMN identity_id;
