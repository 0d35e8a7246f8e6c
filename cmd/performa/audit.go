package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/performa-pa/performa/internal/audit"
	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
	"github.com/performa-pa/performa/internal/wording"
)

// runAudit dispatches the audit subcommands: verify.
func runAudit(ctx context.Context, e *env, args []string) int {
	if len(args) > 0 && args[0] == "verify" {
		return runAuditVerify(ctx, e, args[1:])
	}
	if len(args) > 0 && args[0] == "security" {
		return runAuditSecurity(ctx, e, args[1:])
	}
	w, code := e.stderr, 2
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		w, code = e.stdout, 0
	} else if len(args) > 0 {
		fmt.Fprintf(w, "performa audit: comando sconosciuto %q\n\n", args[0])
	}
	fmt.Fprintln(w, "Uso:")
	fmt.Fprintln(w, "  performa audit verify [--organization NOME] [--db DSN]")
	fmt.Fprintln(w, "  performa audit security [--organization NOME] [--limit N] [--db DSN]")
	return code
}

func runAuditVerify(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "audit verify", "audit verify [--organization NOME] [--db DSN]",
		"Controlla che il registro delle modifiche sia integro: ogni voce porta l'impronta (SHA-256)\n"+
			"della precedente e la propria, e una voce cambiata, tolta o aggiunta fuori da performa\n"+
			"rompe la catena. Esce con 0 se la catena di ogni ente è integra, con 1 nominando la prima\n"+
			"voce che la rompe. Stampa l'ultima voce e la sua impronta: annotata altrove (per esempio\n"+
			"nella Relazione), fissa il registro fino a quel punto. Vedi docs/registro.md.")
	db := dbFlag(fs)
	org := fs.String("organization", "", "nome dell'ente (predefinito: tutti gli enti dell'archivio)")
	rest, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if !needArgs(e, fs, rest, 0, "") {
		return 2
	}
	st, ok := openStore(ctx, e, *db)
	if !ok {
		return 2
	}
	defer st.Close()
	var orgs []domain.Organization
	if *org != "" {
		o, ok := pickOrganization(ctx, e, st, *org)
		if !ok {
			return 2
		}
		orgs = []domain.Organization{*o}
	} else {
		var err error
		if orgs, err = st.Organizations(ctx); err != nil {
			fmt.Fprintln(e.stderr, "performa audit verify:", domain.ErrorMessage(err))
			return 2
		}
	}
	code = 0
	for _, o := range orgs {
		r, err := audit.Verify(ctx, st, o.ID)
		if err != nil {
			fmt.Fprintf(e.stderr, "performa audit verify: ente «%s»: %s\n", o.Name, domain.ErrorMessage(err))
			return 2
		}
		people, err := st.People(ctx, o.ID)
		if err != nil {
			fmt.Fprintf(e.stderr, "performa audit verify: ente «%s»: %s\n", o.Name, domain.ErrorMessage(err))
			return 2
		}
		describe := func(en *domain.AuditEntry) string {
			subjects, err := st.AuditSubjects(ctx, o.ID, []int64{en.EntityID})
			if err != nil {
				return audit.Describe(en)
			}
			w := wording.Describe(*en, subjects, people)
			return w.What + ", di " + w.Who
		}
		switch {
		case r.Break != nil:
			fmt.Fprintf(e.stdout, "Registro dell'ente «%s»: catena interrotta: %s\n", o.Name, r.Break.Explain(describe))
			code = 1
		case r.Entries == 0:
			fmt.Fprintf(e.stdout, "Registro dell'ente «%s»: nessuna voce.\n", o.Name)
		default:
			n := italian.Number(float64(r.Entries), 0) + " voci"
			if r.Entries == 1 {
				n = "1 voce"
			}
			fmt.Fprintf(e.stdout, "Registro dell'ente «%s»: %s, catena integra. Ultima voce: n. %d del %s (%s), impronta %s.\n",
				o.Name, n, r.Head.Seq, italian.DateTime(r.Head.At),
				describe(&r.Head), r.Head.Hash)
		}
	}
	if len(orgs) == 0 {
		fmt.Fprintln(e.stdout, "L'archivio non contiene enti: nessun registro da controllare.")
	}
	return code
}

func runAuditSecurity(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "audit security", "audit security [--organization NOME] [--limit N] [--db DSN]",
		"Mostra gli eventi di sicurezza del registro, dal più recente: accessi, accessi non riusciti (con\n"+
			"l'indirizzo), blocchi e sblocchi, uscite, cambi di password, revoche di token.")
	db := dbFlag(fs)
	org := fs.String("organization", "", "nome dell'ente (se l'archivio ne contiene uno solo si può omettere)")
	limit := fs.Int("limit", 50, "quanti eventi mostrare al più (0: tutti)")
	rest, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if !needArgs(e, fs, rest, 0, "") {
		return 2
	}
	st, o, ok := userContext(ctx, e, *db, *org)
	if !ok {
		return 2
	}
	defer st.Close()
	es, err := st.AuditLog(ctx, o.ID, 0)
	if err != nil {
		fmt.Fprintln(e.stderr, "performa audit security:", domain.ErrorMessage(err))
		return 2
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(e.stdout, "Eventi di sicurezza dell'ente «%s»\n\n", o.Name)
	fmt.Fprintln(tw, "QUANDO\tCHI\tEVENTO\tDETTAGLI")
	n := 0
	for _, en := range es {
		if !audit.Security(&en) {
			continue
		}
		if *limit > 0 && n == *limit {
			break
		}
		n++
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", italian.DateTime(en.At), en.Actor, audit.ActionLabel(en.Action), securityDetail(en.After))
	}
	tw.Flush()
	return 0
}

// securityDetail lays a security event's details out as "ip 10.0.0.7,
// motivo password sbagliata".
func securityDetail(after string) string {
	var d map[string]any
	if json.Unmarshal([]byte(after), &d) != nil {
		return ""
	}
	var parts []string
	for _, k := range []struct{ key, label string }{{"ip", "indirizzo"}, {"reason", "motivo"}, {"name", "nome digitato"},
		{"until", "fino a"}, {"revoked_tokens", "token revocati"}} {
		if v, ok := d[k.key]; ok && fmt.Sprint(v) != "" {
			parts = append(parts, k.label+" "+fmt.Sprint(v))
		}
	}
	return strings.Join(parts, ", ")
}
