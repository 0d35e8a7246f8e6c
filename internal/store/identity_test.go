package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/ingest"
	"github.com/performa-pa/performa/internal/plandiff"
	"github.com/performa-pa/performa/internal/quality"
	"github.com/performa-pa/performa/internal/seedtest"
	"github.com/performa-pa/performa/internal/store"
	"github.com/performa-pa/performa/internal/store/storetest"
)

// seedPlan reads the seed as an import does, with its targets understood.
func seedPlan(t *testing.T) *domain.Plan {
	t.Helper()
	p, err := ingest.Parse(seedtest.File, seedtest.Bytes(t), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	quality.Review(p)
	return p
}

func unitNamed(t *testing.T, p *domain.Plan, name string) *domain.Unit {
	t.Helper()
	for _, u := range p.Units {
		if u.Name == name {
			return u
		}
	}
	t.Fatalf("no unit %q", name)
	return nil
}

// ids maps every element's identity to its id.
func ids(p *domain.Plan) map[int64]int64 {
	m := map[int64]int64{}
	for _, u := range p.Units {
		m[u.Identity] = u.ID
		for _, o := range u.Objectives {
			m[o.Identity] = o.ID
			for _, in := range o.Indicators {
				m[in.Identity] = in.ID
			}
		}
	}
	return m
}

// A re-import of the draft matches the new rows to the old by unit, code,
// title and position: the same file keeps every id (bookmarks survive),
// an edited title, an objective added or removed are said, and the
// others keep theirs, even in a sheet that codes several objectives "1".
func TestReimportKeepsIdentity(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s := storetest.MustOpen(t, dialect)
		res := mustImport(t, s, seedPlan(t))
		first, err := s.Plan(ctx, res.OrganizationID, res.VersionID)
		if err != nil {
			t.Fatal(err)
		}
		again, err := s.ImportPlan(ctx, seedPlan(t), "admin")
		if err != nil {
			t.Fatal(err)
		}
		m := again.Match
		if !again.Replaced || m.Units != (domain.MatchCount{Matched: 8}) || m.Objectives != (domain.MatchCount{Matched: 124}) ||
			m.Indicators != (domain.MatchCount{Matched: 144}) || m.Against != "la bozza (versione 1) del piano 2022–2024" {
			t.Fatalf("same file again: %+v", m)
		}
		second, _ := s.Plan(ctx, res.OrganizationID, res.VersionID)
		same(t, "ids after the same file", ids(first), ids(second))

		// The file changed: Bertone's third objective (code "1", like five
		// others) retitled, Polizia's objective 2 gone, one added.
		p := seedPlan(t)
		bertone := unitNamed(t, p, "Area – arch. Bertone")
		bertone.Objectives[2].Title = "Titolo riscritto nel foglio"
		police := unitNamed(t, p, "Area Polizia Municipale")
		gone := police.Objectives[1]
		police.Objectives = append(police.Objectives[:1], police.Objectives[2:]...)
		police.Objectives = append(police.Objectives, &domain.Objective{Code: "16", Title: "Controllo del vicinato", Kind: domain.ObjectiveUnit})
		third, err := s.ImportPlan(ctx, p, "admin")
		if err != nil {
			t.Fatal(err)
		}
		m = third.Match
		if m.Objectives != (domain.MatchCount{Matched: 123, Added: 1, Removed: 1}) ||
			len(m.AddedObjectives) != 1 || m.AddedObjectives[0] != (domain.ElementRef{Unit: "Area Polizia Municipale", Code: "16", Title: "Controllo del vicinato"}) ||
			len(m.RemovedObjectives) != 1 || m.RemovedObjectives[0].Title != gone.Title {
			t.Fatalf("changed file: %+v", m)
		}
		if bertone.Objectives[2].ID != unitNamed(t, first, "Area – arch. Bertone").Objectives[2].ID {
			t.Error("the retitled objective lost its id")
		}
		if police.Objectives[1].ID != unitNamed(t, first, "Area Polizia Municipale").Objectives[2].ID {
			t.Error("the objective after the removed one lost its id")
		}
		if _, err := s.LocateObjective(ctx, res.OrganizationID, unitNamed(t, first, "Area Polizia Municipale").Objectives[1].ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("the removed objective is still there: %v", err)
		}
	})
}

// A re-import over a draft holding edits made in performa, or over a
// variation, is refused naming them, and changes nothing; a dry run says
// the same; ReplaceDraft replaces it on purpose and says what it erased.
func TestReimportGuard(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s := storetest.MustOpen(t, dialect)
		res := mustImport(t, s, seedPlan(t))
		org := res.OrganizationID
		mustUser(t, s, &domain.User{OrganizationID: org, Name: "m.rossi", FullName: "Mario Rossi", Role: domain.RoleAdmin})
		plan, _ := s.Plan(ctx, org, res.VersionID)
		o := unitNamed(t, plan, "Area Finanziaria").Objectives[1]
		edit := *o
		edit.Weight = ptr(12)
		if _, err := s.UpdateObjective(ctx, org, &edit, 1, "m.rossi"); err != nil {
			t.Fatal(err)
		}
		before, _ := s.Plan(ctx, org, res.VersionID)
		for _, dry := range []bool{true, false} {
			_, err := s.ImportPlanWith(ctx, seedPlan(t), domain.ImportOptions{Actor: "admin", DryRun: dry})
			var guard *domain.DraftEditedError
			msg := domain.ErrorMessage(err)
			if !errors.As(err, &guard) || domain.ErrorCode(err) != domain.ECONFLICT || len(guard.Edits) != 1 ||
				!strings.Contains(msg, "La bozza del piano 2022–2024 (versione 1) contiene 1 modifica fatta in performa: modificato l'obiettivo 2 – ") ||
				!strings.Contains(msg, "(Area Finanziaria) (Mario Rossi, ") || !strings.Contains(msg, "--replace-draft") {
				t.Fatalf("dry run %v: %v", dry, err)
			}
		}
		after, _ := s.Plan(ctx, org, res.VersionID)
		same(t, "refused re-import", before, after)

		// On purpose: a dry run says what goes, nothing changes; then it goes.
		dry, err := s.ImportPlanWith(ctx, seedPlan(t), domain.ImportOptions{Actor: "admin", ReplaceDraft: true, DryRun: true})
		if err != nil || !dry.DryRun || len(dry.Erased) != 1 || dry.Erased[0].FullName != "Mario Rossi" {
			t.Fatalf("dry run replacing: %+v %v", dry, err)
		}
		after, _ = s.Plan(ctx, org, res.VersionID)
		same(t, "dry run", before, after)
		done, err := s.ImportPlanWith(ctx, seedPlan(t), domain.ImportOptions{Actor: "admin", ReplaceDraft: true})
		if err != nil || len(done.Erased) != 1 || !strings.Contains(done.Erased[0].Label, "obiettivo 2 – ") {
			t.Fatalf("replacing: %+v %v", done, err)
		}
		after, _ = s.Plan(ctx, org, res.VersionID)
		if w := unitNamed(t, after, "Area Finanziaria").Objectives[1]; w.ID != o.ID || w.Weight == nil || *w.Weight == 12 {
			t.Errorf("after replacing: the edit survived or the id changed: %+v", w)
		}
		// The draft holds no edit now: a plain re-import goes.
		mustImport(t, s, seedPlan(t))

		// A variation is refused too, naming who started it.
		if err := s.ApproveVersion(ctx, org, res.VersionID, "12", day(2022, 1, 27), "admin"); err != nil {
			t.Fatal(err)
		}
		v2, err := s.CreateVariation(ctx, org, res.CycleID, "nuovo servizio", "m.rossi")
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.ImportPlan(ctx, seedPlan(t), "admin")
		if msg := domain.ErrorMessage(err); !strings.Contains(msg, "(versione 2) è una variazione del piano approvato (motivo: «nuovo servizio»), avviata da Mario Rossi il ") {
			t.Fatalf("re-import over a variation: %v", err)
		}
		done, err = s.ImportPlanWith(ctx, seedPlan(t), domain.ImportOptions{Actor: "admin", ReplaceDraft: true})
		if err != nil || done.VersionID != v2.ID || done.ReplacedVersion != 2 || done.Match.Objectives.Matched != 124 {
			t.Fatalf("replacing the variation: %+v %v", done, err)
		}
		v1, _ := s.Plan(ctx, org, res.VersionID)
		draft, _ := s.Plan(ctx, org, v2.ID)
		if d := plandiff.Compare(v1, draft); !d.Empty() || d.Same != 124 {
			t.Errorf("the variation re-imported from the same file differs from the plan it varies: %+v", d)
		}
	})
}

// A variation adds and removes objectives and indicators, changes weights
// and programmes; the diff by identity says exactly that, a version with
// itself shows no change, and approving carries the monitoring of the
// elements kept.
func TestWholeVariation(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s := storetest.MustOpen(t, dialect)
		res := mustImport(t, s, seedPlan(t))
		org := res.OrganizationID
		v1, _ := s.Plan(ctx, org, res.VersionID)
		if d := plandiff.Compare(v1, v1); !d.Empty() || d.Same != 124 {
			t.Fatalf("version 1 with itself: %d added, %d removed, %d changed", len(d.Added), len(d.Removed), len(d.Changed))
		}
		// A measurement on the draft: its objective cannot be removed.
		police1 := unitNamed(t, v1, "Area Polizia Municipale")
		kept := police1.Objectives[1] // "almeno sei servizi settimanali"
		if err := s.AddMeasurement(ctx, org, &domain.Measurement{IndicatorID: kept.Indicators[0].ID, Date: day(2022, 12, 31),
			Number: ptr(6), RecordedBy: "rossi"}); err != nil {
			t.Fatal(err)
		}
		err := s.DeleteObjective(ctx, org, kept.ID, 1, "admin")
		if domain.ErrorCode(err) != domain.ECONFLICT || !strings.Contains(domain.ErrorMessage(err), "1 misurazione o validazione") {
			t.Fatalf("removing a measured objective: %v", err)
		}
		if err := s.ApproveVersion(ctx, org, res.VersionID, "12", day(2022, 1, 27), "admin"); err != nil {
			t.Fatal(err)
		}
		// Nothing changes in an approved version.
		err = s.AddObjective(ctx, org, police1.ID, &domain.Objective{Title: "x"}, "admin")
		wantCode(t, err, domain.ECONFLICT)
		wantCode(t, s.DeleteObjective(ctx, org, police1.Objectives[0].ID, 1, "admin"), domain.ECONFLICT)

		v, err := s.CreateVariation(ctx, org, res.CycleID, "nuovo servizio", "admin")
		if err != nil {
			t.Fatal(err)
		}
		draft, _ := s.Plan(ctx, org, v.ID)
		police := unitNamed(t, draft, "Area Polizia Municipale")
		added := &domain.Objective{Code: "16", Title: "Controllo del vicinato", Weight: ptr(5),
			Indicators: []*domain.Indicator{{Description: "Incontri con i cittadini", Targets: []domain.Target{
				{Year: 2022, Text: ">= 4 incontri"}, {Year: 2023, Text: ">= 6 incontri"}}}}}
		if err := s.AddObjective(ctx, org, police.ID, added, "admin"); err != nil {
			t.Fatal(err)
		}
		if added.Position != 16 || added.Identity != added.ID || added.Indicators[0].Identity == 0 {
			t.Fatalf("added: %+v", added)
		}
		removed := police.Objectives[0]
		wantCode(t, s.DeleteObjective(ctx, org, removed.ID, 7, "admin"), domain.ECONFLICT) // stale
		if err := s.DeleteObjective(ctx, org, removed.ID, 1, "admin"); err != nil {
			t.Fatal(err)
		}
		changed := *police.Objectives[1]
		// The seed writes a programme "06" without its mission.
		changed.Weight, changed.Mission, changed.Program.Code = ptr(12), domain.Classified{Code: "03"}, "02"
		if _, err := s.UpdateObjective(ctx, org, &changed, 1, "admin"); err != nil {
			t.Fatal(err)
		}
		extra := &domain.Indicator{Description: "Pattuglie serali", Targets: []domain.Target{{Year: 2022, Text: "almeno 2"}}}
		if err := s.AddIndicator(ctx, org, changed.ID, extra, "admin"); err != nil {
			t.Fatal(err)
		}
		after, _ := s.Plan(ctx, org, v.ID)
		if got := unitNamed(t, after, "Area Polizia Municipale"); len(got.Objectives) != 15 || got.Objectives[0].ID != changed.ID ||
			got.Objectives[0].Position != 1 || got.Objectives[14].ID != added.ID || got.Objectives[14].Position != 15 {
			t.Fatalf("positions after the variation: %d objectives", len(got.Objectives))
		}
		d := plandiff.Compare(v1, after)
		if len(d.Added) != 1 || d.Added[0].ID != added.ID || len(d.Removed) != 1 || d.Removed[0].Identity != removed.Identity ||
			len(d.Changed) != 1 || d.Same != 122 {
			t.Fatalf("diff: %d added, %d removed, %d changed, %d same", len(d.Added), len(d.Removed), len(d.Changed), d.Same)
		}
		var fields []string
		for _, c := range d.Changed[0].Fields {
			fields = append(fields, c.String())
		}
		want := "Peso: 10% → 12% | Missione: — → 03 Ordine pubblico e sicurezza | Programma: 06 → 03.02 Sistema integrato di sicurezza urbana"
		if got := strings.Join(fields, " | "); got != want {
			t.Errorf("changed fields:\n got %s\nwant %s", got, want)
		}
		if in := d.Changed[0].Indicators; len(in) != 1 || in[0].What != "added" || in[0].Description != "Pattuglie serali" {
			t.Errorf("changed indicators: %+v", in)
		}
		// The edits are remembered: a re-import is refused naming them.
		edits, err := s.DraftEdits(ctx, org, v.ID)
		if err != nil || len(edits) != 4 || edits[0].Action != "create" || edits[1].Action != "delete" {
			t.Fatalf("draft edits: %+v %v", edits, err)
		}
		// Approval carries the measurement by identity.
		if err := s.ApproveVersion(ctx, org, v.ID, "99", day(2022, 10, 5), "admin"); err != nil {
			t.Fatal(err)
		}
		ms, err := s.Measurements(ctx, org, v.ID)
		if err != nil || len(ms) != 1 || ms[0].IndicatorID != after.Units[7].Objectives[0].Indicators[0].ID {
			t.Fatalf("carried measurements: %+v %v", ms, err)
		}
	})
}

// Managers are bound to units by identity: a unit written the same but
// for case is another unit, and a manager keeps theirs through a
// re-import, a variation and the next cycle.
func TestManagerUnitsByIdentity(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		s := storetest.MustOpen(t, dialect)
		p := storetest.GeneratedPlan(orgA, 20, 1)
		p.Units[0].Name, p.Units[1].Name = "Area Finanziaria", "AREA FINANZIARIA"
		res := mustImport(t, s, p)
		org := res.OrganizationID
		fin := domain.UnitRef{ID: p.Units[0].Identity, Name: "Area Finanziaria"}
		m := mustUser(t, s, &domain.User{OrganizationID: org, Name: "gambini", Role: domain.RoleManager, Units: []domain.UnitRef{fin}})
		if !m.Manages(p.Units[0].Identity) || m.Manages(p.Units[1].Identity) {
			t.Fatal("manages the other unit of the same name but for case")
		}
		choices, _ := s.UnitChoices(ctx, org)
		if _, _, err := domain.ResolveUnit(choices, "area finanziaria"); err == nil ||
			!strings.Contains(domain.ErrorMessage(err), "«area finanziaria» indica più unità del piano («Area Finanziaria», «AREA FINANZIARIA»)") {
			t.Errorf("loose name resolved: %v", err)
		}
		// Re-import, variation, next cycle: the same identity.
		q := storetest.GeneratedPlan(orgA, 20, 1)
		q.Units[0].Name, q.Units[1].Name = "Area Finanziaria", "AREA FINANZIARIA"
		mustImport(t, s, q)
		if err := s.ApproveVersion(ctx, org, res.VersionID, "1", day(2022, 1, 20), "admin"); err != nil {
			t.Fatal(err)
		}
		v2, err := s.CreateVariation(ctx, org, res.CycleID, "variazione", "admin")
		if err != nil {
			t.Fatal(err)
		}
		next := storetest.GeneratedPlan(orgA, 20, 1)
		next.Cycle = domain.Cycle{FirstYear: 2023, LastYear: 2025}
		next.Units[0].Name, next.Units[1].Name = "Area Finanziaria", "AREA FINANZIARIA"
		nres := mustImport(t, s, next)
		if nres.Match.Units.Matched != 2 || !strings.Contains(nres.Match.Against, "piano 2022–2024 (versione 2)") {
			t.Errorf("next cycle matched: %+v", nres.Match)
		}
		for _, vid := range []int64{res.VersionID, v2.ID, nres.VersionID} {
			plan, _ := s.Plan(ctx, org, vid)
			u, _ := s.User(ctx, org, m.ID)
			if !u.Manages(plan.Units[0].Identity) || u.Manages(plan.Units[1].Identity) || plan.Units[0].Identity != fin.ID {
				t.Errorf("version %d: manager's units %+v, plan units %d/%d", plan.Version.Number, u.Units, plan.Units[0].Identity, plan.Units[1].Identity)
			}
			loc, _ := s.LocateObjective(ctx, org, plan.Units[0].Objectives[0].ID)
			if loc.UnitIdentity != fin.ID {
				t.Errorf("version %d: located unit identity %d, want %d", plan.Version.Number, loc.UnitIdentity, fin.ID)
			}
		}
	})
}

// The migration to identities: existing objectives and indicators take
// theirs from the origin a variation recorded, units from the first unit
// of exactly the same name; a manager's name binding becomes the identity
// of that unit (or of the one unit of that name but for case), and one
// that matches no unit stays a name, shown, granting nothing.
func TestMigrationToIdentity(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		dsn := storetest.DSN(t, dialect)
		if err := store.MigrateTo(ctx, dsn, 4); err != nil {
			t.Fatal(err)
		}
		old, err := store.OpenRaw(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		at := "2022-01-10 10:00:00"
		for _, q := range []string{
			`INSERT INTO organizations (id, name, created_at) VALUES (1, 'Comune di Prova', '` + at + `')`,
			`INSERT INTO cycles (organization_id, id, first_year, last_year, status, created_at) VALUES (1, 2, 2022, 2024, 'approved', '` + at + `')`,
			`INSERT INTO plan_versions (organization_id, id, cycle_id, number, status, created_at, imported_at) VALUES
			 (1, 10, 2, 1, 'superseded', '` + at + `', '` + at + `'), (1, 20, 2, 2, 'approved', '` + at + `', '` + at + `')`,
			`INSERT INTO units (organization_id, id, version_id, position, name, manager, kind, source_sheet, source_line) VALUES
			 (1, 11, 10, 1, 'Area Finanziaria', '', 'unit', 1, 1), (1, 12, 10, 2, 'AREA TECNICA', '', 'unit', 2, 1),
			 (1, 21, 20, 1, 'Area Finanziaria', '', 'unit', 1, 1), (1, 22, 20, 2, 'AREA TECNICA', '', 'unit', 2, 1)`,
			`INSERT INTO objectives (organization_id, id, unit_id, position, code, title, mission_code, mission_text, program_code,
			   program_text, manager, staff, notes, reported_achievement, kind, source_sheet, source_line, origin_id) VALUES
			 (1, 111, 11, 1, '1', 'Bilancio', '', '', '', '', '', '', '', '', 'unit', 1, 2, NULL),
			 (1, 211, 21, 1, '1', 'Bilancio armonizzato', '', '', '', '', '', '', '', '', 'unit', 1, 2, 111),
			 (1, 212, 21, 2, '2', 'Nuovo', '', '', '', '', '', '', '', '', 'unit', 1, 3, NULL)`,
			`INSERT INTO users (organization_id, id, name, role, password_hash, created_at, updated_at) VALUES
			 (1, 5, 'gambini', 'manager', 'x', '` + at + `', '` + at + `'), (1, 6, 'rosati', 'manager', 'x', '` + at + `', '` + at + `')`,
			`INSERT INTO user_units (organization_id, user_id, unit_name) VALUES
			 (1, 5, 'Area Finanziaria'), (1, 6, 'Area Tecnica'), (1, 6, 'Polizia')`,
		} {
			if _, err := old.ExecContext(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		old.Close()
		s, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		v2, err := s.Plan(ctx, 1, 20)
		if err != nil {
			t.Fatal(err)
		}
		if v2.Units[0].Identity != 11 || v2.Units[1].Identity != 12 || v2.Units[0].Objectives[0].Identity != 111 ||
			v2.Units[0].Objectives[1].Identity != 212 {
			t.Errorf("identities: units %d %d, objectives %d %d", v2.Units[0].Identity, v2.Units[1].Identity,
				v2.Units[0].Objectives[0].Identity, v2.Units[0].Objectives[1].Identity)
		}
		g, _ := s.UserByName(ctx, 1, "gambini")
		r, _ := s.UserByName(ctx, 1, "rosati")
		same(t, "gambini's units", []domain.UnitRef{{ID: 11, Name: "Area Finanziaria"}}, g.Units)
		same(t, "rosati's units", []domain.UnitRef{{ID: 12, Name: "AREA TECNICA"}, {Name: "Polizia"}}, r.Units)
		if !g.Manages(11) || !r.Manages(12) || r.Manages(0) {
			t.Error("migrated bindings grant the wrong units")
		}
		// The unresolved name stays while the administrator keeps it, and
		// cannot be added anew.
		if err := s.UpdateUser(ctx, r, "admin"); err != nil {
			t.Errorf("keeping a name binding: %v", err)
		}
		r.Units = append(r.Units, domain.UnitRef{Name: "Vigilanza"})
		wantCode(t, s.UpdateUser(ctx, r, "admin"), domain.EINVALID)
	})
}
