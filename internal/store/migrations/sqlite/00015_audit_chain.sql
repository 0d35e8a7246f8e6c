-- The audit log becomes tamper-evident, SQLite flavour. Each entry gets its
-- place in its organization's chain (seq, from 1), the hash of the entry
-- before it (prev_hash, '' for the first) and its own hash (hash): SHA-256
-- over the canonical form of internal/audit (docs/registro.md). The
-- application computes the hashes; the database refuses what would go
-- around them:
-- - INSERT OR REPLACE (and REPLACE) delete the old row without firing the
--   delete trigger: an insert that collides with an entry's key or place
--   in the chain is refused before the conflict is resolved; an insert
--   without hash is refused too;
-- - an update is refused, except the one migration 00016 makes: filling in
--   the chain of an entry written before it existed (hash '' to a hash,
--   nothing else changed).
-- audit_heads keeps each organization's last place and hash: writers take
-- turns on its row, so that the chain never forks, and a verification
-- compares it with the last entry, which tells that the latest entries were
-- removed. 00016 fills seq, prev_hash and hash of the existing entries and
-- audit_heads, and then makes seq unique.

-- +goose Up
ALTER TABLE audit_log ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';

CREATE TABLE audit_heads (
    organization_id INTEGER NOT NULL PRIMARY KEY REFERENCES organizations (id),
    seq             INTEGER NOT NULL CHECK (seq >= 0),
    hash            TEXT    NOT NULL
);

DROP TRIGGER audit_log_no_update;
DROP TRIGGER audit_log_no_delete;

-- +goose StatementBegin
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN OLD.hash <> '' OR NEW.hash = ''
    OR NEW.organization_id IS NOT OLD.organization_id OR NEW.id IS NOT OLD.id
    OR NEW.at IS NOT OLD.at OR NEW.actor IS NOT OLD.actor OR NEW.action IS NOT OLD.action
    OR NEW.entity IS NOT OLD.entity OR NEW.entity_id IS NOT OLD.entity_id
    OR NEW.before_json IS NOT OLD.before_json OR NEW.after_json IS NOT OLD.after_json
BEGIN
    SELECT RAISE(ABORT, 'registro delle modifiche: le voci non si modificano, si aggiungono soltanto');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'registro delle modifiche: le voci non si cancellano');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
WHEN NEW.hash = '' OR EXISTS (SELECT 1 FROM audit_log
    WHERE organization_id = NEW.organization_id AND (id = NEW.id OR seq = NEW.seq))
BEGIN
    SELECT RAISE(ABORT, 'registro delle modifiche: una voce non ne sostituisce un''altra, e porta la sua impronta');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER audit_log_no_replace;
DROP TRIGGER audit_log_no_update;
DROP TRIGGER audit_log_no_delete;
DROP TABLE audit_heads;
ALTER TABLE audit_log DROP COLUMN hash;
ALTER TABLE audit_log DROP COLUMN prev_hash;
ALTER TABLE audit_log DROP COLUMN seq;

-- +goose StatementBegin
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd
