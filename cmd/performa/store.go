package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/store"
)

const defaultDB = "./performa.db"

// dbFlag adds --db to a command: the store's DSN, else PERFORMA_DB, else
// the SQLite file ./performa.db.
func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", "", "archivio: URL `DSN` postgres:// per PostgreSQL, altrimenti file SQLite (predefinito: $PERFORMA_DB o "+defaultDB+")")
}

func openStore(ctx context.Context, e *env, dsn string) (*store.Store, bool) {
	if dsn == "" {
		dsn = e.getenv("PERFORMA_DB")
	}
	if dsn == "" {
		dsn = defaultDB
	}
	st, err := store.Open(ctx, dsn)
	if err != nil {
		fmt.Fprintf(e.stderr, "performa: archivio %s non disponibile: %v\n", redact(dsn), err)
		return nil, false
	}
	return st, true
}

// redact hides a password in a DSN before printing it.
func redact(dsn string) string {
	at := strings.LastIndex(dsn, "@")
	scheme := strings.Index(dsn, "://")
	if at < 0 || scheme < 0 || at < scheme {
		return dsn
	}
	userinfo := dsn[scheme+3 : at]
	if i := strings.Index(userinfo, ":"); i >= 0 {
		return dsn[:scheme+3] + userinfo[:i] + ":***" + dsn[at:]
	}
	return dsn
}

// pickOrganization finds the organization a command works on: the one
// named, or the only one stored.
func pickOrganization(ctx context.Context, e *env, st domain.PlanStore, name string) (*domain.Organization, bool) {
	if name != "" {
		org, err := st.OrganizationByName(ctx, name)
		if err != nil {
			fmt.Fprintf(e.stderr, "performa: ente %q non trovato nell'archivio.\n", name)
			return nil, false
		}
		return org, true
	}
	orgs, err := st.Organizations(ctx)
	switch {
	case err != nil:
		fmt.Fprintln(e.stderr, "performa:", domain.ErrorMessage(err))
		return nil, false
	case len(orgs) == 0:
		fmt.Fprintln(e.stderr, "performa: l'archivio è vuoto: importare prima un piano con «performa import FILE».")
		return nil, false
	case len(orgs) > 1:
		var names []string
		for _, o := range orgs {
			names = append(names, "«"+o.Name+"»")
		}
		fmt.Fprintf(e.stderr, "performa: l'archivio contiene più enti (%s): indicarne uno con --organization.\n", strings.Join(names, ", "))
		return nil, false
	}
	return &orgs[0], true
}
