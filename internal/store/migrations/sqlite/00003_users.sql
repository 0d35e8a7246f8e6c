-- Users, sessions and API tokens, SQLite flavour. As in 00001, every table
-- carries organization_id and it leads every primary key, unique index and
-- foreign key. Secrets are never stored: sessions and API tokens keep the
-- hex SHA-256 of their token, users the argon2id hash of their password.

-- +goose Up
CREATE TABLE users (
    organization_id      INTEGER   NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    id                   INTEGER   NOT NULL,
    name                 TEXT      NOT NULL CHECK (name <> '' AND name = lower(name)),
    full_name            TEXT      NOT NULL DEFAULT '',
    role                 TEXT      NOT NULL CHECK (role IN ('admin', 'manager', 'evaluator', 'reader')),
    password_hash        TEXT      NOT NULL,
    must_change_password BOOLEAN   NOT NULL DEFAULT FALSE,
    disabled             BOOLEAN   NOT NULL DEFAULT FALSE,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL,
    PRIMARY KEY (organization_id, id)
);
CREATE UNIQUE INDEX users_name ON users (organization_id, name);

-- The units a manager manages, by name: unit ids change when a draft plan
-- is re-imported, names do not.
CREATE TABLE user_units (
    organization_id INTEGER NOT NULL,
    user_id         INTEGER NOT NULL,
    unit_name       TEXT    NOT NULL CHECK (unit_name <> ''),
    PRIMARY KEY (organization_id, user_id, unit_name),
    FOREIGN KEY (organization_id, user_id) REFERENCES users (organization_id, id) ON DELETE CASCADE
);

CREATE TABLE sessions (
    organization_id INTEGER   NOT NULL,
    token_hash      TEXT      NOT NULL,
    user_id         INTEGER   NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    last_seen_at    TIMESTAMP NOT NULL,
    expires_at      TIMESTAMP NOT NULL,
    ip              TEXT      NOT NULL DEFAULT '',
    user_agent      TEXT      NOT NULL DEFAULT '',
    PRIMARY KEY (organization_id, token_hash),
    FOREIGN KEY (organization_id, user_id) REFERENCES users (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX sessions_user ON sessions (organization_id, user_id);

CREATE TABLE api_tokens (
    organization_id INTEGER   NOT NULL,
    id              INTEGER   NOT NULL,
    user_id         INTEGER   NOT NULL,
    label           TEXT      NOT NULL DEFAULT '',
    token_hash      TEXT      NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    last_used_at    TIMESTAMP,
    expires_at      TIMESTAMP,
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, user_id) REFERENCES users (organization_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX api_tokens_hash ON api_tokens (organization_id, token_hash);
CREATE INDEX api_tokens_user ON api_tokens (organization_id, user_id);

-- +goose Down
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE user_units;
DROP TABLE users;
