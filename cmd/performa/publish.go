package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/publication"
)

// publish and unpublish do what Amministrazione › Pubblicazione does, with
// the same rules and refusals (internal/publication).

var publishUsage = []string{
	"  performa publish piano --year N        pubblica il Piano della performance dell'anno (versione approvata)",
	"  performa publish relazione --year N    pubblica la Relazione sulla performance dell'anno (chiuso dal Nucleo)",
	"  performa publish premi --year N        pubblica i dati sui premi collegati alla performance dell'anno",
	"                                         (art. 20 D.Lgs 33/2013: totali, per fascia e per area; serve la",
	"                                         distribuzione salvata con «performa rewards --save»)",
	"  performa unpublish piano|relazione|premi --year N   ritira il documento dalla pubblicazione",
	"",
	"Solo un amministratore. Accettano --by NOME (chi esegue), --db DSN e --organization NOME.",
	"Escono con 0 se l'operazione è fatta, 1 se è rifiutata (il motivo sullo standard error;",
	"nulla cambia), 2 se i dati non sono utilizzabili. Pubblicato, il documento si legge senza",
	"accesso in /trasparenza/ENTE/ (pagine, PDF e dati aperti).",
}

func runPublish(ctx context.Context, e *env, args []string) int {
	return dispatch(ctx, e, "publish", args, publishSubs("publish", publication.Publish), publishUsage)
}

func runUnpublish(ctx context.Context, e *env, args []string) int {
	return dispatch(ctx, e, "unpublish", args, publishSubs("unpublish", publication.Unpublish), publishUsage)
}

type publishFunc func(context.Context, publication.Store, int64, domain.PublicationKind, int, string) (*domain.Publication, error)

func publishSubs(cmd string, do publishFunc) map[string]func(context.Context, *env, []string) int {
	sub := map[string]func(context.Context, *env, []string) int{}
	for _, k := range domain.PublicationKinds {
		sub[string(k)] = func(ctx context.Context, e *env, args []string) int { return runPublishKind(ctx, e, cmd, k, do, args) }
	}
	return sub
}

func runPublishKind(ctx context.Context, e *env, cmd string, kind domain.PublicationKind, do publishFunc, args []string) int {
	name := cmd + " " + string(kind)
	what := "Pubblica"
	if cmd == "unpublish" {
		what = "Ritira dalla pubblicazione"
	}
	fs := newFlags(e, name, name+" --year N [--by NOME] [--db DSN] [--organization NOME]",
		what+" "+strings.ToLower(kind.The()[:1])+kind.The()[1:]+" dell'anno in Amministrazione trasparente › Performance.")
	cf := newCycleFlags(fs)
	year := fs.Int("year", 0, "anno del documento")
	s, code := cf.session(ctx, e, fs, args, func() bool {
		if *year < 1900 || *year > 9999 {
			fmt.Fprintf(e.stderr, "performa %s: indica l'anno con --year N, per esempio --year 2022.\n", name)
			return false
		}
		return true
	})
	if s == nil {
		return code
	}
	defer s.st.Close()
	who, err := s.actor(ctx, e, *cf.by, domain.RoleAdmin)
	if err != nil {
		return fail(e, name, err)
	}
	p, err := do(ctx, s.st, s.org.ID, kind, *year, who.Name)
	if err != nil {
		return fail(e, name, err)
	}
	fmt.Fprintln(e.stdout, publication.Done(p))
	if p.Live() {
		o, err := s.st.OrganizationByID(ctx, s.org.ID)
		if err == nil {
			fmt.Fprintf(e.stdout, "  Si legge senza accesso in /trasparenza/%s/\n", o.Slug)
		}
	}
	return 0
}
