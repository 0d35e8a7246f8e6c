-- The audit log becomes tamper-evident, PostgreSQL flavour (same columns as
-- the SQLite one). Each entry gets its place in its organization's chain
-- (seq, from 1), the hash of the entry before it (prev_hash, '' for the
-- first) and its own hash (hash): SHA-256 over the canonical form of
-- internal/audit (docs/registro.md). The application computes the hashes;
-- the database refuses what would go around them:
-- - TRUNCATE, which fires no row trigger, is refused by a statement trigger;
-- - an upsert (INSERT … ON CONFLICT DO UPDATE) fires the update trigger;
-- - an insert without hash is refused;
-- - an update is refused, except the one migration 00016 makes: filling in
--   the chain of an entry written before it existed (hash '' to a hash,
--   nothing else changed).
-- audit_heads keeps each organization's last place and hash: writers take
-- turns on its row lock, so that concurrent transactions never fork the
-- chain, and a verification compares it with the last entry, which tells
-- that the latest entries were removed. 00016 fills seq, prev_hash and
-- hash of the existing entries and audit_heads, and then makes seq unique.
-- A role that does not own the tables (README, docs/registro.md) can drop
-- none of these triggers.

-- +goose Up
ALTER TABLE audit_log
    ADD COLUMN seq BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '',
    ADD COLUMN hash TEXT NOT NULL DEFAULT '';

CREATE TABLE audit_heads (
    organization_id BIGINT NOT NULL PRIMARY KEY REFERENCES organizations (id),
    seq             BIGINT NOT NULL CHECK (seq >= 0),
    hash            TEXT   NOT NULL
);

DROP TRIGGER audit_log_append_only ON audit_log;

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'registro delle modifiche: le voci non si modificano né si cancellano, si aggiungono soltanto';
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION audit_log_guard_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.hash = '' AND NEW.hash <> ''
       AND (NEW.organization_id, NEW.id, NEW.at, NEW.actor, NEW.action, NEW.entity, NEW.entity_id,
            NEW.before_json, NEW.after_json)
           IS NOT DISTINCT FROM
           (OLD.organization_id, OLD.id, OLD.at, OLD.actor, OLD.action, OLD.entity, OLD.entity_id,
            OLD.before_json, OLD.after_json) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'registro delle modifiche: le voci non si modificano, si aggiungono soltanto';
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION audit_log_guard_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.hash = '' OR NEW.seq < 1 THEN
        RAISE EXCEPTION 'registro delle modifiche: ogni voce porta il suo posto nella catena e la sua impronta';
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_guard_update();
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_sealed BEFORE INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_guard_insert();

-- +goose Down
DROP TRIGGER audit_log_sealed ON audit_log;
DROP TRIGGER audit_log_no_truncate ON audit_log;
DROP TRIGGER audit_log_no_delete ON audit_log;
DROP TRIGGER audit_log_no_update ON audit_log;
DROP FUNCTION audit_log_guard_insert();
DROP FUNCTION audit_log_guard_update();
DROP TABLE audit_heads;
ALTER TABLE audit_log DROP COLUMN hash, DROP COLUMN prev_hash, DROP COLUMN seq;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
