-- A counter of each ente's changes: every transaction that writes the
-- ente's data adds one to it before committing (store.bumpGeneration), in
-- this process or any other (the CLI, a second server). A reader that
-- finds it unchanged knows that nothing of the ente changed since, so the
-- server may answer the small reads every page makes (session, versions,
-- SMVP, sign-offs) from memory (store/memo.go). It lives in the directory
-- of entes, read without a policy: one statement per request.

-- +goose Up
ALTER TABLE organizations ADD COLUMN generation BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE organizations DROP COLUMN generation;
