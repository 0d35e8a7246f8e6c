package main

import (
	"context"
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/performa-pa/performa/internal/auth"
	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
	"github.com/performa-pa/performa/internal/store"
)

// runToken dispatches the token subcommands: create, list, revoke.
func runToken(ctx context.Context, e *env, args []string) int {
	sub := map[string]func(context.Context, *env, []string) int{
		"create": runTokenCreate, "list": runTokenList, "revoke": runTokenRevoke,
	}
	return dispatch(ctx, e, "token", args, sub, []string{
		"  performa token create NOME [--label TESTO] [--organization NOME]",
		"  performa token list NOME [--organization NOME]",
		"  performa token revoke NOME ID|--all [--organization NOME]",
	})
}

func runTokenCreate(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "token create", "token create NOME [--label TESTO] [--organization NOME]",
		"Crea un token per l'API JSON a nome dell'utente NOME, con i suoi permessi, e lo stampa una sola\n"+
			"volta: performa ne conserva solo l'impronta. Si usa nell'intestazione HTTP\n"+
			"«Authorization: Bearer TOKEN»; l'API è descritta da /api/v1/openapi.json.")
	db := dbFlag(fs)
	org := fs.String("organization", "", "nome dell'ente (se l'archivio ne contiene uno solo si può omettere)")
	label := fs.String("label", "", "`TESTO` che ricorda a che cosa serve il token")
	by := byFlag(fs)
	rest, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if !needArgs(e, fs, rest, 1, "il NOME dell'utente") {
		return 2
	}
	st, o, ok := userContext(ctx, e, *db, *org)
	if !ok {
		return 2
	}
	defer st.Close()
	u, err := st.UserByName(ctx, o.ID, rest[0])
	if err != nil {
		fmt.Fprintf(e.stderr, "performa token create: utente «%s» non trovato nell'ente «%s».\n", rest[0], o.Name)
		return 2
	}
	if u.Disabled {
		fmt.Fprintf(e.stderr, "performa token create: l'utente «%s» è disattivato.\n", u.Name)
		return 2
	}
	who, err := actorOf(ctx, e, st, o.ID, *by, asOperator)
	if err != nil {
		return fail(e, "token create", err)
	}
	token, _, err := auth.New(st).CreateToken(ctx, u, *label, who.Name)
	if err != nil {
		fmt.Fprintln(e.stderr, "performa token create:", domain.ErrorMessage(err))
		return 2
	}
	// The token alone on stdout, for scripts; the explanation on stderr.
	fmt.Fprintln(e.stdout, token)
	fmt.Fprintf(e.stderr, "Token per «%s» (%s) creato: copiarlo ora, non sarà più mostrato.\n", u.Name, u.Role.Label())
	return 0
}

// tokenUser opens the store and finds the user a token subcommand is about.
func tokenUser(ctx context.Context, e *env, cmd, dsn, org, name string) (*store.Store, *domain.User, bool) {
	st, o, ok := userContext(ctx, e, dsn, org)
	if !ok {
		return nil, nil, false
	}
	u, err := st.UserByName(ctx, o.ID, name)
	if err != nil {
		fmt.Fprintf(e.stderr, "performa token %s: utente «%s» non trovato nell'ente «%s».\n", cmd, name, o.Name)
		st.Close()
		return nil, nil, false
	}
	return st, u, true
}

func runTokenList(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "token list", "token list NOME [--organization NOME]",
		"Elenca i token API dell'utente NOME: numero, etichetta, creazione, ultimo uso, scadenza.\n"+
			"Il token stesso non si vede più: performa ne conserva solo l'impronta.")
	db := dbFlag(fs)
	org := fs.String("organization", "", "nome dell'ente (se l'archivio ne contiene uno solo si può omettere)")
	rest, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if !needArgs(e, fs, rest, 1, "il NOME dell'utente") {
		return 2
	}
	st, u, ok := tokenUser(ctx, e, "list", *db, *org, rest[0])
	if !ok {
		return 2
	}
	defer st.Close()
	ts, err := st.APITokens(ctx, u.OrganizationID, u.ID)
	if err != nil {
		fmt.Fprintln(e.stderr, "performa token list:", domain.ErrorMessage(err))
		return 2
	}
	fmt.Fprintf(e.stdout, "Token API di «%s»: %d\n\n", u.Name, len(ts))
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "N.\tETICHETTA\tCREATO\tULTIMO USO\tSCADENZA")
	for _, t := range ts {
		used, expires := "mai usato", "nessuna"
		if t.LastUsedAt != nil {
			used = italian.DateTime(*t.LastUsedAt)
		}
		if t.ExpiresAt != nil {
			expires = italian.DateTime(*t.ExpiresAt)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", t.ID, orDash(t.Label), italian.DateTime(t.CreatedAt), used, expires)
	}
	tw.Flush()
	return 0
}

func runTokenRevoke(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "token revoke", "token revoke NOME ID|--all [--organization NOME]",
		"Revoca il token API numero ID dell'utente NOME (performa token list li elenca), o con --all\n"+
			"tutti i suoi token: da subito non valgono più. Esce con 1 se il token non c'è.")
	db := dbFlag(fs)
	org := fs.String("organization", "", "nome dell'ente (se l'archivio ne contiene uno solo si può omettere)")
	all := fs.Bool("all", false, "revoca tutti i token dell'utente")
	by := byFlag(fs)
	rest, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	want := 2
	if *all {
		want = 1
	}
	if !needArgs(e, fs, rest, want, "il NOME dell'utente e il numero del token (o --all)") {
		return 2
	}
	var id int64
	if !*all {
		var err error
		if id, err = strconv.ParseInt(rest[1], 10, 64); err != nil || id <= 0 {
			fmt.Fprintf(e.stderr, "performa token revoke: «%s» non è il numero di un token (performa token list %s).\n", rest[1], rest[0])
			return 2
		}
	}
	st, u, ok := tokenUser(ctx, e, "revoke", *db, *org, rest[0])
	if !ok {
		return 2
	}
	defer st.Close()
	who, err := actorOf(ctx, e, st, u.OrganizationID, *by, asOperator)
	if err != nil {
		return fail(e, "token revoke", err)
	}
	ts, err := st.APITokens(ctx, u.OrganizationID, u.ID)
	if err != nil {
		fmt.Fprintln(e.stderr, "performa token revoke:", domain.ErrorMessage(err))
		return 2
	}
	n := 0
	for _, t := range ts {
		if *all || t.ID == id {
			if err := st.DeleteAPIToken(ctx, u.OrganizationID, t.ID, who.Name); err != nil {
				fmt.Fprintln(e.stderr, "performa token revoke:", domain.ErrorMessage(err))
				return 2
			}
			n++
		}
	}
	switch {
	case n == 0 && !*all:
		fmt.Fprintf(e.stderr, "performa token revoke: token n. %d di «%s» non trovato: nulla è stato revocato.\n", id, u.Name)
		return 1
	case *all:
		fmt.Fprintf(e.stdout, "Token API di «%s» revocati: %d.\n", u.Name, n)
	default:
		fmt.Fprintf(e.stdout, "Token n. %d di «%s» revocato: da subito non vale più.\n", id, u.Name)
	}
	return 0
}
