-- Row-level security: the second guard of tenant isolation (the first is
-- the WHERE organization_id = $1 of every query). Every table holding
-- organization_id gets a policy that shows and accepts only the rows of the
-- organization the transaction works for, which the store names at the
-- start of each transaction with set_config('performa.organization_id',
-- …, true). A query that forgets its WHERE still sees one organization; a
-- query in a transaction that named none sees nothing. The few operations
-- that rightly cross organizations (the first start counting users, the
-- purge of expired sessions, migrations) say so with
-- performa.all_organizations = 'on' (internal/store/tenant.go).
--
-- FORCE applies the policies to the tables' owner too: a server that
-- connects as the owner is guarded as well. Superusers and roles with
-- BYPASSRLS are never guarded: performa must not connect as one (README).
--
-- organizations has no organization_id: it is the directory of entes,
-- whose names the sign-in page lists, and stays readable.
--
-- A table added by a later migration is guarded by calling
--     SELECT performa_isolate('the_table');
-- in that migration; TestRowLevelSecurity fails for any table holding
-- organization_id without a policy.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION performa_organization() RETURNS BIGINT LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT NULLIF(current_setting('performa.organization_id', true), '')::BIGINT
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION performa_all_organizations() RETURNS BOOLEAN LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(current_setting('performa.all_organizations', true), '') = 'on'
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION performa_isolate(t REGCLASS) RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY performa_tenant ON %s
        USING (organization_id = performa_organization() OR performa_all_organizations())
        WITH CHECK (organization_id = performa_organization() OR performa_all_organizations())', t);
END;
$$;
-- +goose StatementEnd

SELECT performa_isolate(c.oid::REGCLASS)
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
  AND a.attname = 'organization_id' AND NOT a.attisdropped
ORDER BY c.relname;

-- +goose Down
-- +goose StatementBegin
DO $$
DECLARE t REGCLASS;
BEGIN
    FOR t IN SELECT format('%I.%I', schemaname, tablename)::REGCLASS FROM pg_policies
             WHERE policyname = 'performa_tenant' AND schemaname = current_schema() LOOP
        EXECUTE format('DROP POLICY performa_tenant ON %s', t);
        EXECUTE format('ALTER TABLE %s NO FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %s DISABLE ROW LEVEL SECURITY', t);
    END LOOP;
END;
$$;
-- +goose StatementEnd
DROP FUNCTION performa_isolate(REGCLASS);
DROP FUNCTION performa_all_organizations();
DROP FUNCTION performa_organization();
