package main

import (
	"context"
	"flag"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/performa-pa/performa/internal/auth"
	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
	"github.com/performa-pa/performa/internal/plandiff"
	"github.com/performa-pa/performa/internal/planedit"
	"github.com/performa-pa/performa/internal/wording"
)

// Whole variations from the command line, as the plan's pages and the API
// do them: in the draft version of the cycle (a variation, or the plan
// before its approval), add, change and remove objectives and indicators
// with their targets. The same rules: the administrator or the unit's
// manager; fields read by internal/planedit; the store refuses a version
// that is not a draft, a stale revision, an element holding measurements
// or validations.

func runObjective(ctx context.Context, e *env, args []string) int {
	return dispatch(ctx, e, "objective", args, map[string]func(context.Context, *env, []string) int{
		"add": runObjectiveAdd, "edit": runObjectiveEdit, "remove": runObjectiveRemove,
	}, append([]string{
		"  performa objective add --unit NOME --title TESTO [--code C] [--weight P] [--program 03.01] [--indicator DESCRIZIONE --target AAAA=TESTO…]",
		"  performa objective edit --unit NOME --objective CODICE|#N [--title T] [--code C] [--weight P] [--mission M] [--program P] …",
		"  performa objective remove --unit NOME --objective CODICE|#N",
	}, editUsage...))
}

func runIndicator(ctx context.Context, e *env, args []string) int {
	return dispatch(ctx, e, "indicator", args, map[string]func(context.Context, *env, []string) int{
		"add": runIndicatorAdd, "edit": runIndicatorEdit, "remove": runIndicatorRemove,
	}, append([]string{
		"  performa indicator add --unit NOME --objective CODICE|#N --description TESTO [--weight P] [--target AAAA=TESTO]…",
		"  performa indicator edit --unit NOME --objective CODICE|#N --indicator N [--description T] [--target AAAA=TESTO]…",
		"  performa indicator remove --unit NOME --objective CODICE|#N --indicator N",
	}, editUsage...))
}

// dispatch runs the subcommand args[0] of cmd (objective, indicator,
// cycle, token), or prints usage: on the standard output when asked for,
// else on the standard error with exit 2.
func dispatch(ctx context.Context, e *env, cmd string, args []string, sub map[string]func(context.Context, *env, []string) int, usage []string) int {
	if len(args) > 0 {
		if fn, ok := sub[args[0]]; ok {
			return fn(ctx, e, args[1:])
		}
	}
	w, code := e.stderr, 2
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		w, code = e.stdout, 0
	} else if len(args) > 0 {
		fmt.Fprintf(w, "performa %s: comando sconosciuto %q\n\n", cmd, args[0])
	}
	fmt.Fprintln(w, "Uso:")
	for _, l := range usage {
		fmt.Fprintln(w, l)
	}
	return code
}

// editUsage closes the usage of objective and indicator.
var editUsage = []string{"",
	"Modificano la bozza del piano (una variazione, o il piano prima dell'approvazione).",
	"Tutti accettano --by NOME (chi esegue), --db DSN e --organization NOME. Escono con 0 se",
	"l'operazione è fatta, 1 se è rifiutata (il motivo sullo standard error; nulla cambia),",
	"2 se i dati non sono utilizzabili. «performa objective add --help» mostra le opzioni."}

// editFlags are the options of every objective and indicator subcommand.
type editFlags struct {
	cmd                 string
	db, org, by         *string
	unit, objective     *string
	indicator, revision *int
}

// newEditFlags adds the options that name the element: the unit, and the
// objective and indicator when level says so (0 unit, 1 objective, 2
// indicator).
func newEditFlags(fs *flag.FlagSet, cmd string, level int) *editFlags {
	f := &editFlags{cmd: cmd, db: dbFlag(fs), org: fs.String("organization", "", "nome dell'ente (se l'archivio ne contiene uno solo si può omettere)"),
		by: byFlag(fs), unit: fs.String("unit", "", "unità: parte del nome o del nome del responsabile")}
	if level >= 1 {
		f.objective = fs.String("objective", "", "obiettivo: codice come scritto (3.1) o #N per la posizione")
	}
	if level >= 2 {
		f.indicator = fs.Int("indicator", 0, "posizione dell'indicatore nell'obiettivo (da 1)")
	}
	if strings.HasSuffix(cmd, "edit") || strings.HasSuffix(cmd, "remove") {
		f.revision = fs.Int("revision", 0, "revisione da cui parte la modifica (predefinito: quella attuale); rifiutata se nel frattempo è cambiata")
	}
	return f
}

// draftTarget is the element a subcommand works on, in the draft.
type draftTarget struct {
	s   *session
	who actor
	u   *domain.Unit
	o   *domain.Objective // nil for objective add
	in  *domain.Indicator // nil but for indicator edit and remove
}

// open parses the arguments, opens the draft of the cycle, finds the
// element and checks who runs the command; the exit code when it cannot.
func (f *editFlags) open(ctx context.Context, e *env, fs *flag.FlagSet, args []string) (*draftTarget, int) {
	rest, code, ok := parseArgs(fs, args)
	if !ok {
		return nil, code
	}
	if !needArgs(e, fs, rest, 0, "") {
		return nil, 2
	}
	switch {
	case strings.TrimSpace(*f.unit) == "":
		fmt.Fprintf(e.stderr, "performa %s: indica l'unità con --unit NOME.\n", f.cmd)
		return nil, 2
	case f.objective != nil && strings.TrimSpace(*f.objective) == "":
		fmt.Fprintf(e.stderr, "performa %s: indica l'obiettivo con --objective CODICE o #N.\n", f.cmd)
		return nil, 2
	case f.indicator != nil && *f.indicator < 1:
		fmt.Fprintf(e.stderr, "performa %s: indica l'indicatore con --indicator N (da 1).\n", f.cmd)
		return nil, 2
	}
	s, ok := openSession(ctx, e, *f.db, *f.org)
	if !ok {
		return nil, 2
	}
	t := &draftTarget{s: s}
	if err := s.openDraft(ctx); err != nil {
		s.st.Close()
		return nil, fail(e, f.cmd, err)
	}
	var err error
	if t.u, err = findUnit(s.plan, *f.unit); err == nil && f.objective != nil {
		if t.o, err = findObjective(t.u, *f.objective); err == nil && f.indicator != nil {
			t.in, err = findIndicator(t.o, *f.indicator)
		}
	}
	if err != nil {
		s.st.Close()
		fmt.Fprintf(e.stderr, "performa %s: %s\n", f.cmd, domain.ErrorMessage(err))
		return nil, 2
	}
	who, err := s.actor(ctx, e, *f.by, domain.RoleAdmin, domain.RoleManager)
	if err == nil && who.User != nil && who.User.Role == domain.RoleManager && !auth.Manages(who.User, t.u.Identity) {
		err = domain.Errorf(domain.EFORBIDDEN, "%s non è responsabile dell'unità «%s».", who.Label(), t.u.Name)
	}
	if err != nil {
		s.st.Close()
		return nil, fail(e, f.cmd, err)
	}
	t.who = who
	return t, 0
}

// rev is the revision an edit starts from: --revision, else current.
func (f *editFlags) rev(current int) int {
	if f.revision != nil && *f.revision > 0 {
		return *f.revision
	}
	return current
}

// openDraft puts the draft version of the session's cycle in place of the
// plan in force: refused when every version is approved.
func (s *session) openDraft(ctx context.Context) error {
	versions, err := s.cycleVersions(ctx)
	if err != nil {
		return err
	}
	v := versions[0].Version // the newest
	if v.Status != domain.VersionDraft {
		return domain.Errorf(domain.ECONFLICT,
			"non c'è una variazione aperta: la versione %d del piano %d–%d è approvata e non si modifica più (per cambiarla: «performa cycle variation --reason TESTO»).",
			v.Number, s.plan.Cycle.FirstYear, s.plan.Cycle.LastYear)
	}
	p, err := s.st.Plan(ctx, s.org.ID, v.ID)
	if err != nil {
		return err
	}
	s.plan = p
	return nil
}

// draftWords names the draft for an output line: "versione 2 (variazione)".
func (s *session) draftWords() string {
	if s.plan.Version.Number > 1 {
		return fmt.Sprintf("versione %d del piano (variazione in bozza)", s.plan.Version.Number)
	}
	return "versione 1 del piano (bozza)"
}

// set is the names of the flags given on the command line.
func set(fs *flag.FlagSet) map[string]bool {
	m := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { m[f.Name] = true })
	return m
}

// targetsFlag collects --target AAAA=TESTO, repeatable; an empty text
// clears the year's target.
type targetsFlag map[int]string

func (t targetsFlag) String() string { return "" }

func (t targetsFlag) Set(v string) error {
	y, text, ok := strings.Cut(v, "=")
	n, err := strconv.Atoi(strings.TrimSpace(y))
	if !ok || err != nil || n < 1900 || n > 3000 {
		return fmt.Errorf("scrivi il target come AAAA=TESTO, per esempio 2023=almeno 6 servizi (non «%s»)", v)
	}
	t[n] = strings.TrimSpace(text)
	return nil
}

// objectiveFields are the objective's options, by planedit's field name.
type objectiveFields struct {
	code, title, weight, mission, missionText, program, programText, manager, staff, notes, kind *string
}

func newObjectiveFields(fs *flag.FlagSet) objectiveFields {
	return objectiveFields{
		code:        fs.String("code", "", "codice dell'obiettivo come lo scrive il piano (3.1)"),
		title:       fs.String("title", "", "titolo"),
		weight:      fs.String("weight", "", "peso in punti percentuali (5 o 12,5; vuoto: nessun peso)"),
		mission:     fs.String("mission", "", "missione (03, o 3)"),
		missionText: fs.String("mission-text", "", "missione come la scrive il piano"),
		program:     fs.String("program", "", "programma: 03.01 (missione e programma) o 01 (della missione data)"),
		programText: fs.String("program-text", "", "programma come lo scrive il piano"),
		manager:     fs.String("manager", "", "responsabile dell'obiettivo"),
		staff:       fs.String("staff", "", "personale coinvolto"),
		notes:       fs.String("notes", "", "note"),
		kind:        fs.String("kind", "", "tipo: unita, ente (performance organizzativa), trasversale"),
	}
}

// over writes the options given over in.
func (f objectiveFields) over(in planedit.ObjectiveInput, given map[string]bool) planedit.ObjectiveInput {
	for name, p := range map[string]struct {
		to  *string
		val *string
	}{
		"code": {&in.Code, f.code}, "title": {&in.Title, f.title}, "weight": {&in.Weight, f.weight},
		"mission": {&in.MissionCode, f.mission}, "mission-text": {&in.MissionText, f.missionText},
		"program": {&in.ProgramCode, f.program}, "program-text": {&in.ProgramText, f.programText},
		"manager": {&in.Manager, f.manager}, "staff": {&in.Staff, f.staff}, "notes": {&in.Notes, f.notes},
		"kind": {&in.Kind, f.kind},
	} {
		if given[name] {
			*p.to = *p.val
		}
	}
	if given["kind"] {
		in.Kind = kindOf(in.Kind)
	}
	// A program written with its mission ("03.01") stands for both.
	if given["program"] && !given["mission"] && strings.ContainsAny(in.ProgramCode, "./") {
		in.MissionCode = ""
	}
	return in
}

func kindOf(s string) string {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "unita", "unità", "unit":
		return string(domain.ObjectiveUnit)
	case "ente", "organizzativa", "organization":
		return string(domain.ObjectiveOrganization)
	case "trasversale", "cross_cutting":
		return string(domain.ObjectiveCrossCutting)
	}
	return s
}

// indicatorFields are an indicator's options; the names of description and
// weight depend on the command (objective add names its first indicator
// --indicator and --indicator-weight).
type indicatorFields struct {
	descName, weightName                                              string
	description, weight, unitOfMeasure, direction, baseYear, baseText *string
	targets                                                           targetsFlag
}

func newIndicatorFields(fs *flag.FlagSet, descName, weightName string) *indicatorFields {
	f := &indicatorFields{descName: descName, weightName: weightName, targets: targetsFlag{},
		description:   fs.String(descName, "", "descrizione dell'indicatore"),
		weight:        fs.String(weightName, "", "peso dell'indicatore nell'obiettivo, in punti percentuali"),
		unitOfMeasure: fs.String("unit-of-measure", "", "unità di misura (%, giorni, n.)"),
		direction:     fs.String("direction", "", "verso: alto (meglio più alto), basso (meglio più basso), vuoto (non indicato)"),
		baseYear:      fs.String("baseline-year", "", "anno della baseline (AAAA)"),
		baseText:      fs.String("baseline", "", "baseline: il valore di partenza"),
	}
	fs.Var(f.targets, "target", "target di un anno, `AAAA=TESTO` (ripetibile; AAAA= lo toglie)")
	return f
}

// given reports whether any of the indicator's options was given.
func (f *indicatorFields) given(g map[string]bool) bool {
	for _, n := range []string{f.descName, f.weightName, "unit-of-measure", "direction", "baseline-year", "baseline", "target"} {
		if g[n] {
			return true
		}
	}
	return false
}

// over writes the options given over in.
func (f *indicatorFields) over(in planedit.IndicatorInput, g map[string]bool) planedit.IndicatorInput {
	if in.Targets == nil {
		in.Targets = map[int]string{}
	}
	for name, p := range map[string]struct{ to, val *string }{
		f.descName: {&in.Description, f.description}, f.weightName: {&in.Weight, f.weight},
		"unit-of-measure": {&in.UnitOfMeasure, f.unitOfMeasure}, "baseline-year": {&in.BaselineYear, f.baseYear},
		"baseline": {&in.BaselineText, f.baseText},
	} {
		if g[name] {
			*p.to = *p.val
		}
	}
	if g["direction"] {
		in.Direction = directionOf(*f.direction)
	}
	for y, text := range f.targets {
		in.Targets[y] = text
	}
	return in
}

func directionOf(s string) string {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "alto", "più alto", "higher":
		return string(domain.HigherIsBetter)
	case "basso", "più basso", "lower":
		return string(domain.LowerIsBetter)
	case "", "non indicato":
		return string(domain.DirectionUnknown)
	}
	return s
}

// fieldErrors prints the fields that cannot be used, by the option that
// gave them, and says whether there were any (exit 2).
func fieldErrors(e *env, cmd string, errs planedit.Errors, names map[string]string) bool {
	if len(errs) == 0 {
		return false
	}
	keys := make([]string, 0, len(errs))
	for k := range errs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(e.stderr, "performa %s: %s: %s\n", cmd, optionOf(k, names), errs[k])
	}
	return true
}

// optionOf is the option that gave planedit's field k.
func optionOf(k string, names map[string]string) string {
	if y, ok := strings.CutPrefix(k, "targets."); ok {
		return "--target " + y
	}
	if n, ok := names[k]; ok {
		return "--" + n
	}
	return "--" + strings.ReplaceAll(k, "_", "-")
}

var objectiveOptions = map[string]string{"mission_code": "mission", "program_code": "program"}

func (f *indicatorFields) options() map[string]string {
	return map[string]string{"description": f.descName, "weight": f.weightName}
}

func runObjectiveAdd(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "objective add", "objective add --unit NOME --title TESTO [opzioni] [--by NOME] [--db DSN]",
		"Aggiunge un obiettivo in fondo a un'unità della bozza del piano (una variazione, o il piano\n"+
			"prima dell'approvazione), con il suo primo indicatore e i target per anno se indicati:\n"+
			"  performa objective add --unit Polizia --code 16 --title \"Controlli notturni\" --weight 5 \\\n"+
			"    --program 03.01 --indicator \"Controlli svolti\" --target 2023=\"almeno 20\"\n"+
			"L'amministratore, o il responsabile dell'unità.")
	ef := newEditFlags(fs, "objective add", 0)
	of := newObjectiveFields(fs)
	inf := newIndicatorFields(fs, "indicator", "indicator-weight")
	t, code := ef.open(ctx, e, fs, args)
	if t == nil {
		return code
	}
	defer t.s.st.Close()
	g := set(fs)
	o := &domain.Objective{}
	if t.u.Kind == domain.UnitOrganization {
		o.Kind = domain.ObjectiveOrganization
	}
	errs := of.over(planedit.ObjectiveInput{}, g).Apply(o)
	if inf.given(g) {
		in := &domain.Indicator{}
		for k, v := range inf.over(planedit.IndicatorInput{}, g).Apply(in, t.s.plan.Cycle) {
			if n := inf.options()[k]; n != "" {
				errs[n] = v
			} else {
				errs[k] = v
			}
		}
		o.Indicators = []*domain.Indicator{in}
	}
	if fieldErrors(e, ef.cmd, errs, objectiveOptions) {
		return 2
	}
	if err := t.s.st.AddObjective(ctx, t.s.org.ID, t.u.ID, o, t.who.Name); err != nil {
		return fail(e, ef.cmd, err)
	}
	fmt.Fprintf(e.stdout, "Obiettivo aggiunto alla %s: %s, obiettivo %s (#%d), %s.\n", t.s.draftWords(), t.u.Name, o.Ref(), o.Position,
		indicatorCount(len(o.Indicators)))
	printChanges(e, plandiff.ObjectiveFields(t.u.Name, &domain.Objective{Kind: o.Kind}, o))
	for _, in := range o.Indicators {
		printChanges(e, plandiff.IndicatorFields(nil, in))
	}
	return 0
}

func runObjectiveEdit(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "objective edit", "objective edit --unit NOME --objective CODICE|#N [opzioni] [--by NOME] [--db DSN]",
		"Modifica i campi indicati di un obiettivo della bozza del piano; gli altri restano come sono.\n"+
			"  performa objective edit --unit Polizia --objective 2 --weight 12 --program 03.01\n"+
			"L'amministratore, o il responsabile dell'unità.")
	ef := newEditFlags(fs, "objective edit", 1)
	of := newObjectiveFields(fs)
	t, code := ef.open(ctx, e, fs, args)
	if t == nil {
		return code
	}
	defer t.s.st.Close()
	edit := *t.o
	if fieldErrors(e, ef.cmd, of.over(planedit.ObjectiveOf(t.o), set(fs)).Apply(&edit), objectiveOptions) {
		return 2
	}
	changes := plandiff.ObjectiveFields(t.u.Name, t.o, &edit)
	if len(changes) == 0 {
		fmt.Fprintf(e.stdout, "Nessuna modifica: l'obiettivo %s (%s) è già così.\n", t.o.Ref(), t.u.Name)
		return 0
	}
	rev, err := t.s.st.UpdateObjective(ctx, t.s.org.ID, &edit, ef.rev(t.o.Revision), t.who.Name)
	if err != nil {
		return fail(e, ef.cmd, err)
	}
	fmt.Fprintf(e.stdout, "Obiettivo modificato nella %s: %s, obiettivo %s (revisione %d).\n", t.s.draftWords(), t.u.Name, edit.Ref(), rev)
	printChanges(e, changes)
	return 0
}

func runObjectiveRemove(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "objective remove", "objective remove --unit NOME --objective CODICE|#N [--by NOME] [--db DSN]",
		"Elimina un obiettivo della bozza del piano, con i suoi indicatori e target; gli obiettivi dopo\n"+
			"di esso salgono di un posto. Rifiutato se ha misurazioni o validazioni registrate.\n"+
			"L'amministratore, o il responsabile dell'unità.")
	ef := newEditFlags(fs, "objective remove", 1)
	t, code := ef.open(ctx, e, fs, args)
	if t == nil {
		return code
	}
	defer t.s.st.Close()
	if err := t.s.st.DeleteObjective(ctx, t.s.org.ID, t.o.ID, ef.rev(t.o.Revision), t.who.Name); err != nil {
		return fail(e, ef.cmd, err)
	}
	fmt.Fprintf(e.stdout, "Obiettivo eliminato dalla %s: %s, obiettivo %s, %s.\n", t.s.draftWords(), t.u.Name, t.o.Ref(),
		indicatorCount(len(t.o.Indicators)))
	return 0
}

func runIndicatorAdd(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "indicator add", "indicator add --unit NOME --objective CODICE|#N --description TESTO [opzioni] [--by NOME] [--db DSN]",
		"Aggiunge un indicatore in fondo a un obiettivo della bozza del piano, con i target per anno:\n"+
			"  performa indicator add --unit Polizia --objective 2 --description \"Servizi serali\" \\\n"+
			"    --target 2023=\"almeno 4\" --target 2024=\"almeno 5\"\n"+
			"L'amministratore, o il responsabile dell'unità.")
	ef := newEditFlags(fs, "indicator add", 1)
	inf := newIndicatorFields(fs, "description", "weight")
	t, code := ef.open(ctx, e, fs, args)
	if t == nil {
		return code
	}
	defer t.s.st.Close()
	in := &domain.Indicator{}
	if fieldErrors(e, ef.cmd, inf.over(planedit.IndicatorInput{}, set(fs)).Apply(in, t.s.plan.Cycle), inf.options()) {
		return 2
	}
	if err := t.s.st.AddIndicator(ctx, t.s.org.ID, t.o.ID, in, t.who.Name); err != nil {
		return fail(e, ef.cmd, err)
	}
	fmt.Fprintf(e.stdout, "Indicatore aggiunto alla %s: %s, obiettivo %s, indicatore %d («%s»).\n", t.s.draftWords(), t.u.Name,
		t.o.Ref(), in.Position, short(in.Description))
	printChanges(e, plandiff.IndicatorFields(nil, in))
	return 0
}

func runIndicatorEdit(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "indicator edit", "indicator edit --unit NOME --objective CODICE|#N --indicator N [opzioni] [--by NOME] [--db DSN]",
		"Modifica i campi indicati di un indicatore della bozza del piano, target compresi (--target\n"+
			"AAAA=TESTO per anno; AAAA= lo toglie); gli altri restano come sono.\n"+
			"L'amministratore, o il responsabile dell'unità.")
	ef := newEditFlags(fs, "indicator edit", 2)
	inf := newIndicatorFields(fs, "description", "weight")
	t, code := ef.open(ctx, e, fs, args)
	if t == nil {
		return code
	}
	defer t.s.st.Close()
	edit := *t.in
	if fieldErrors(e, ef.cmd, inf.over(planedit.IndicatorOf(t.in, t.s.plan.Cycle), set(fs)).Apply(&edit, t.s.plan.Cycle), inf.options()) {
		return 2
	}
	changes := plandiff.IndicatorFields(t.in, &edit)
	if len(changes) == 0 {
		fmt.Fprintf(e.stdout, "Nessuna modifica: l'indicatore %d dell'obiettivo %s (%s) è già così.\n", t.in.Position, t.o.Ref(), t.u.Name)
		return 0
	}
	rev, err := t.s.st.UpdateIndicator(ctx, t.s.org.ID, &edit, ef.rev(t.in.Revision), t.who.Name)
	if err != nil {
		return fail(e, ef.cmd, err)
	}
	fmt.Fprintf(e.stdout, "Indicatore modificato nella %s: %s, obiettivo %s, indicatore %d (revisione %d).\n", t.s.draftWords(), t.u.Name,
		t.o.Ref(), edit.Position, rev)
	printChanges(e, changes)
	return 0
}

func runIndicatorRemove(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "indicator remove", "indicator remove --unit NOME --objective CODICE|#N --indicator N [--by NOME] [--db DSN]",
		"Elimina un indicatore della bozza del piano, con i suoi target; gli indicatori dopo di esso\n"+
			"salgono di un posto. Rifiutato se ha misurazioni registrate.\n"+
			"L'amministratore, o il responsabile dell'unità.")
	ef := newEditFlags(fs, "indicator remove", 2)
	t, code := ef.open(ctx, e, fs, args)
	if t == nil {
		return code
	}
	defer t.s.st.Close()
	if err := t.s.st.DeleteIndicator(ctx, t.s.org.ID, t.in.ID, ef.rev(t.in.Revision), t.who.Name); err != nil {
		return fail(e, ef.cmd, err)
	}
	fmt.Fprintf(e.stdout, "Indicatore eliminato dalla %s: %s, obiettivo %s, indicatore %d («%s»).\n", t.s.draftWords(), t.u.Name,
		t.o.Ref(), t.in.Position, short(t.in.Description))
	return 0
}

// printChanges lists changes, one a line: «  Peso: 10% → 12%».
func printChanges(e *env, changes []wording.Change) {
	for _, c := range changes {
		fmt.Fprintln(e.stdout, "  "+c.String())
	}
}

// indicatorCount says how many indicators: «senza indicatori», «1 indicatore».
func indicatorCount(n int) string {
	if n == 0 {
		return "senza indicatori"
	}
	return "con " + italian.Count(n, "indicatore", "indicatori")
}
