package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
	"github.com/performa-pa/performa/internal/staff"
)

func runStaff(ctx context.Context, e *env, args []string) int {
	sub := map[string]func(context.Context, *env, []string) int{"import": runStaffImport, "list": runStaffList}
	if len(args) > 0 {
		if fn, ok := sub[args[0]]; ok {
			return fn(ctx, e, args[1:])
		}
	}
	w, code := e.stderr, 2
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		w, code = e.stdout, 0
	} else if len(args) > 0 {
		fmt.Fprintf(w, "performa staff: comando sconosciuto %q\n\n", args[0])
	}
	fmt.Fprintln(w, "Uso:")
	fmt.Fprintln(w, "  performa staff import FILE [--check] [--year N] [--force] [--by NOME] [--organization NOME]")
	fmt.Fprintln(w, "  performa staff list [--year N] [--format text|json] [--organization NOME]")
	return code
}

func runStaffImport(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "staff import", "staff import FILE [--check] [--year N] [--force] [--db DSN]",
		"Legge l'elenco del personale di un anno (XLSX, ODS, CSV: matricola, cognome e nome, area del\n"+
			"CCNL 2019–2021, profilo, unità, % di part-time, date di inizio e fine nell'anno, giorni di\n"+
			"assenza) e lo salva al posto di quello registrato per l'anno. Le unità sono quelle del piano\n"+
			"in vigore. --check controlla soltanto. Un file con errori, o senza persone quando il personale\n"+
			"dell'anno è registrato, è rifiutato a meno di --force (le righe con errori sono escluse).\n"+
			"Esce con 0 se salvato (o, con --check, senza errori), 1 se rifiutato o con errori, 2 se il file\n"+
			"non si può usare. Contiene dati personali.")
	db := dbFlag(fs)
	org := fs.String("organization", "", "nome dell'ente (se l'archivio ne contiene uno solo si può omettere)")
	check := fs.Bool("check", false, "controlla il file senza salvare nulla")
	year := fs.Int("year", 0, "anno del personale (predefinito: il primo del ciclo)")
	force := fs.Bool("force", false, "salva anche un file con errori (senza le righe sbagliate) o senza persone")
	by := byFlag(fs)
	rest, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if !needArgs(e, fs, rest, 1, "FILE") {
		return 2
	}
	data, err := readInput(rest[0])
	if err != nil {
		return fail(e, "staff import", err)
	}
	s, ok := openSession(ctx, e, *db, *org)
	if !ok {
		return 2
	}
	defer s.st.Close()
	y := *year
	if y == 0 {
		y = s.plan.Cycle.FirstYear
	}
	units, err := s.st.UnitChoices(ctx, s.org.ID)
	if err != nil {
		return fail(e, "staff import", err)
	}
	reg, err := staff.Parse(filepath.Base(rest[0]), data, staff.Options{Year: y, Units: units})
	if err != nil {
		return fail(e, "staff import", err)
	}
	printRegister(e.stdout, reg, y)
	for _, sg := range staff.Suggest(s.plan, reg.People) {
		fmt.Fprintf(e.stdout, "  suggerimento (da confermare): %s, obiettivo %s, «%s» → %s (matricola %s, %s)\n",
			sg.Unit, sg.Objective, sg.Text, sg.Person, sg.Matricola, sg.Strength)
	}
	if *check {
		if reg.Errors() > 0 {
			fmt.Fprintln(e.stdout, "Importazione: rifiutata per gli errori (con --force si salvano le altre righe).")
			return 1
		}
		fmt.Fprintln(e.stdout, "Importazione: possibile.")
		return 0
	}
	who, err := s.actor(ctx, e, *by, domain.RoleAdmin)
	if err != nil {
		return fail(e, "staff import", err)
	}
	if reg.Errors() > 0 && !*force {
		fmt.Fprintf(e.stderr, "performa staff import: il file ha %s (%s escluse): nulla è salvato. Corregge il file, o usa --force per salvare le altre righe.\n",
			italian.Count(reg.Errors(), "errore", "errori"), italian.Count(reg.Skipped, "riga", "righe"))
		return 1
	}
	res, err := s.st.ReplaceStaff(ctx, s.org.ID, y, reg.People, who.Name, *force)
	if err != nil {
		return fail(e, "staff import", err)
	}
	fmt.Fprintf(e.stdout, "Personale %d salvato: %s (prima %d).\n", y, italian.Count(res.After, "persona", "persone"), res.Before)
	return 0
}

// printRegister writes what a register holds: the count by area, then the
// issues.
func printRegister(w io.Writer, reg *staff.Register, year int) {
	fmt.Fprintf(w, "Personale %d · file %s: %s lette", year, reg.File, italian.Count(len(reg.People), "persona", "persone"))
	if reg.Skipped > 0 {
		fmt.Fprintf(w, ", %s escluse per errori", italian.Count(reg.Skipped, "riga", "righe"))
	}
	fmt.Fprintln(w)
	byArea := map[domain.Area]int{}
	unbound := 0
	for _, m := range reg.People {
		byArea[m.Area]++
		if m.Unit.ID == 0 {
			unbound++
		}
	}
	for _, a := range domain.Areas {
		if byArea[a] > 0 {
			fmt.Fprintf(w, "  %s: %d\n", a, byArea[a])
		}
	}
	if unbound > 0 {
		fmt.Fprintf(w, "  senza unità del piano: %d\n", unbound)
	}
	for _, is := range reg.Issues {
		fmt.Fprintln(w, "  "+is.String())
	}
}

func runStaffList(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "staff list", "staff list [--year N] [--format text|json] [--db DSN]",
		"Elenca il personale registrato per un anno. Contiene dati personali.")
	db := dbFlag(fs)
	org := fs.String("organization", "", "nome dell'ente (se l'archivio ne contiene uno solo si può omettere)")
	year := fs.Int("year", 0, "anno (predefinito: il primo del ciclo)")
	format := fs.String("format", "text", "formato: text o json")
	rest, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if !needArgs(e, fs, rest, 0, "") {
		return 2
	}
	s, ok := openSession(ctx, e, *db, *org)
	if !ok {
		return 2
	}
	defer s.st.Close()
	y := *year
	if y == 0 {
		y = s.plan.Cycle.FirstYear
	}
	people, err := s.st.Staff(ctx, s.org.ID, y)
	if err != nil {
		return fail(e, "staff list", err)
	}
	if *format == "json" {
		type person struct {
			Matricola   string  `json:"matricola"`
			Surname     string  `json:"surname"`
			Name        string  `json:"name"`
			Area        string  `json:"area"`
			Profile     string  `json:"profile,omitempty"`
			Unit        string  `json:"unit,omitempty"`
			UnitID      int64   `json:"unit_identity,omitempty"`
			PartTime    float64 `json:"part_time"`
			Start       string  `json:"start"`
			End         string  `json:"end"`
			AbsenceDays int     `json:"absence_days"`
		}
		out := []person{}
		for _, m := range people {
			out = append(out, person{m.Matricola, m.Surname, m.Name, string(m.Area), m.Profile, m.Unit.Name, m.Unit.ID,
				m.PartTime, m.Start.Format("2006-01-02"), m.End.Format("2006-01-02"), m.AbsenceDays})
		}
		if err := writeJSON(e.stdout, map[string]any{"year": y, "people": out}); err != nil {
			return fail(e, "staff list", err)
		}
		return 0
	}
	fmt.Fprintf(e.stdout, "Personale %d: %s\n", y, italian.Count(len(people), "persona", "persone"))
	for _, m := range people {
		fmt.Fprintf(e.stdout, "  %-8s %-28s %-36s %-30s %7s  %s–%s  %s\n", m.Matricola, m.FullName(), m.Area,
			strings.TrimSpace(m.Unit.Name), italian.Percent(m.PartTime, 2), m.Start.Format("02/01"), m.End.Format("02/01"),
			italian.Count(m.AbsenceDays, "giorno di assenza", "giorni di assenza"))
	}
	return 0
}
