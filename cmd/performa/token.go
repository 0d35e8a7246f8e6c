package main

import (
	"context"
	"fmt"

	"github.com/performa-pa/performa/internal/auth"
	"github.com/performa-pa/performa/internal/domain"
)

// runToken dispatches the token subcommands: create.
func runToken(ctx context.Context, e *env, args []string) int {
	if len(args) > 0 && args[0] == "create" {
		return runTokenCreate(ctx, e, args[1:])
	}
	w, code := e.stderr, 2
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		w, code = e.stdout, 0
	} else if len(args) > 0 {
		fmt.Fprintf(w, "performa token: comando sconosciuto %q\n\n", args[0])
	}
	fmt.Fprintln(w, "Uso:")
	fmt.Fprintln(w, "  performa token create NOME [--label TESTO] [--organization NOME]")
	return code
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
