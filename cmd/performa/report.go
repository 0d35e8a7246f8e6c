package main

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/performa-pa/performa/internal/document"
	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
)

// runReport writes a document of the cycle as PDF (internal/document).
func runReport(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "report", "report piano|relazione|validazione [--year N] [--version V] [--edition public|internal] --output FILE.pdf [--by NOME]",
		"Produce un documento del ciclo in PDF (A4, caratteri incorporati):\n"+
			"  piano        il Piano della performance di una versione approvata (--version, predefinita\n"+
			"               quella in vigore)\n"+
			"  relazione    la Relazione sulla performance dell'anno: edizione pubblica (senza punteggi\n"+
			"               individuali né valutazioni dei comportamenti) o interna (--edition internal, solo\n"+
			"               amministratori e Nucleo di Valutazione: aggiunge i punteggi dei responsabili)\n"+
			"  validazione  il documento di validazione del Nucleo di Valutazione, per un anno chiuso\n"+
			"Con --output - il PDF va sull'uscita standard.")
	db := dbFlag(fs)
	org := fs.String("organization", "", "`NOME` dell'ente (se l'archivio ne contiene uno solo si può omettere)")
	year := fs.Int("year", 0, "anno `N` del ciclo (predefinito: quello dell'ultima misurazione)")
	version := fs.Int("version", 0, "numero `V` della versione del piano (predefinita: quella in vigore)")
	editionFlag := fs.String("edition", "public", "edizione della relazione: `public` o internal")
	output := fs.String("output", "", "`FILE`.pdf da scrivere (- per l'uscita standard)")
	by := byFlag(fs)
	rest, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if !needArgs(e, fs, rest, 1, "il documento: piano, relazione o validazione") {
		return 2
	}
	kind := rest[0]
	if kind != "piano" && kind != "relazione" && kind != "validazione" {
		fmt.Fprintf(e.stderr, "performa report: documento sconosciuto «%s»: piano, relazione o validazione.\n", kind)
		return 2
	}
	edition, ok := document.ParseEdition(*editionFlag)
	if !ok {
		fmt.Fprintf(e.stderr, "performa report: edizione sconosciuta «%s»: public o internal.\n", *editionFlag)
		return 2
	}
	if edition == document.Internal && kind != "relazione" {
		fmt.Fprintln(e.stderr, "performa report: --edition vale solo per la relazione.")
		return 2
	}
	if *output == "" {
		fmt.Fprintln(e.stderr, "performa report: indicare il file da scrivere con --output FILE.pdf (o - per l'uscita standard).")
		return 2
	}
	if *output == "-" && isTerminal(e.stdout) {
		fmt.Fprintln(e.stderr, "performa report: il PDF non è testo: indicare --output FILE.pdf, o reindirizzare l'uscita su un file.")
		return 2
	}
	s, ok := openSession(ctx, e, *db, *org)
	if !ok {
		return 2
	}
	defer s.st.Close()
	if *year != 0 && !s.plan.Cycle.Contains(*year) {
		fmt.Fprintf(e.stderr, "performa report: il %d è fuori dal ciclo %d–%d.\n", *year, s.plan.Cycle.FirstYear, s.plan.Cycle.LastYear)
		return 2
	}
	if edition == document.Internal {
		if _, err := s.actor(ctx, e, *by, domain.RoleAdmin, domain.RoleEvaluator); err != nil {
			fmt.Fprintln(e.stderr, "performa report: l'edizione interna contiene dati personali:", domain.ErrorMessage(err))
			return exitCode(err)
		}
	}
	versions, err := s.cycleVersions(ctx)
	if err != nil {
		fmt.Fprintln(e.stderr, "performa report:", domain.ErrorMessage(err))
		return 2
	}
	if *version != 0 {
		if err := s.useVersion(ctx, versions, *version); err != nil {
			fmt.Fprintln(e.stderr, "performa report:", domain.ErrorMessage(err))
			return 2
		}
	}
	var buf bytes.Buffer
	switch kind {
	case "piano":
		err = document.WritePiano(&buf, document.PianoOf(s.plan, s.now))
	default:
		in, _, signed, ierr := s.input(ctx, *year)
		if ierr != nil {
			fmt.Fprintln(e.stderr, "performa report:", domain.ErrorMessage(ierr))
			return 2
		}
		if kind == "relazione" {
			err = document.WriteRelazione(&buf, document.RelazioneOf(in, versions, signed, edition, s.now))
		} else {
			err = document.WriteValidazione(&buf, document.ValidazioneOf(in, signed, s.now))
		}
	}
	if err != nil {
		fmt.Fprintln(e.stderr, "performa report:", domain.ErrorMessage(err))
		return exitCode(err)
	}
	if *output == "-" {
		if _, err := e.stdout.Write(buf.Bytes()); err != nil {
			fmt.Fprintln(e.stderr, "performa report:", err)
			return 2
		}
		return 0
	}
	if err := writeFileAtomic(*output, func(w io.Writer) error { _, err := w.Write(buf.Bytes()); return err }); err != nil {
		fmt.Fprintln(e.stderr, "performa report:", err)
		return 2
	}
	fmt.Fprintf(e.stderr, "performa report: %s scritto (%s byte).\n", *output, italian.Number(float64(buf.Len()), 0))
	return 0
}

// useVersion makes version number n of the cycle the session's plan.
func (s *session) useVersion(ctx context.Context, versions []domain.PlanSummary, n int) error {
	for _, v := range versions {
		if v.Version.Number == n {
			p, err := s.st.Plan(ctx, s.org.ID, v.Version.ID)
			if err != nil {
				return err
			}
			s.plan = p
			return nil
		}
	}
	return domain.Errorf(domain.EINVALID, "il ciclo %d–%d non ha una versione %d.", s.plan.Cycle.FirstYear, s.plan.Cycle.LastYear, n)
}
