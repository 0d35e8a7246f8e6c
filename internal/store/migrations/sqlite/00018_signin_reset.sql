-- When an administrator last unlocked a user's sign-in (performa user
-- unlock, or the user's page): failed sign-ins counted before it no longer
-- lock the user out. The counts live in the server's memory; this column
-- carries an unlock made by another process (the command line) to it.

-- +goose Up
ALTER TABLE users ADD COLUMN signin_reset_at TIMESTAMP;

-- +goose Down
ALTER TABLE users DROP COLUMN signin_reset_at;
