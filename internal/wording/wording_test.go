package wording_test

import (
	"flag"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/wording"
)

var update = flag.Bool("update", false, "rewrite testdata/registro.golden")

func TestChanges(t *testing.T) {
	for _, tt := range []struct {
		before, after string
		want          string
	}{
		{`{"weight": 15, "title": "A"}`, `{"weight": 12, "title": "A"}`, "Peso: 15% → 12%"},
		{`{"status": "draft"}`, `{"status": "approved", "act_number": "12", "act_date": "2022-02-28"}`,
			"Stato: bozza → approvato | Numero dell'atto: — → 12 | Data dell'atto: — → 28/02/2022"},
		{`{"status": "approved"}`, `{"status": "superseded"}`, "Stato: approvato → sostituito da una variazione"},
		{`{"must_change_password": true}`, `{"must_change_password": false}`, "Password da cambiare al primo accesso: sì → no"},
		{`{"mission_code": "", "program_code": "06"}`, `{"mission_code": "03", "program_code": "01"}`,
			"Missione: — → 03 Ordine pubblico e sicurezza | Programma: 06 → 03.01 Polizia locale e amministrativa"},
		{`{"targets": [{"year": 2022, "text": ">= 2"}, {"year": 2023, "text": ">= 3"}], "revision": 1}`,
			`{"targets": [{"year": 2022, "text": ">= 2"}, {"year": 2023, "text": ">= 4"}, {"year": 2024, "text": "5"}], "revision": 2}`,
			"Target 2023: >= 3 → >= 4 | Target 2024: — → 5"},
		{`{"role": "manager", "units": ["Area 1"]}`, `{"role": "evaluator"}`, "Ruolo: responsabile di area → Nucleo di Valutazione / OIV | Unità: Area 1 → —"},
		{`{"kind": "unit", "direction": ""}`, `{"kind": "cross_cutting", "direction": "lower"}`,
			"Tipo: obiettivo di unità → trasversale (assegnato a più unità) | Verso: non indicato → meglio più basso"},
	} {
		var lines []string
		for _, c := range wording.Changes(wording.Decode(tt.before), wording.Decode(tt.after)) {
			lines = append(lines, c.String())
		}
		if got := strings.Join(lines, " | "); got != tt.want {
			t.Errorf("Changes(%s, %s)\n got %s\nwant %s", tt.before, tt.after, got, tt.want)
		}
	}
}

// The registro's entries, as the pages and the CLI say them: the golden
// file is for a person to read (go test ./internal/wording -update).
func TestDescribeGolden(t *testing.T) {
	at := time.Date(2022, 3, 3, 9, 15, 0, 0, time.UTC)
	subjects := map[int64]domain.AuditSubject{
		1: {Entity: "objective", ObjectiveID: 1, Unit: "Area Finanziaria", Code: "2", Title: "Piani di lavoro in funzione del POLA", Position: 2},
		2: {Entity: "indicator", ObjectiveID: 1, Unit: "Area Finanziaria", Code: "2", Title: "Piani di lavoro in funzione del POLA", Position: 2, IndicatorPosition: 1},
		3: {Entity: "measurement", ObjectiveID: 1, Unit: "Area Finanziaria", Code: "2", Title: "Piani di lavoro in funzione del POLA", Position: 2, IndicatorPosition: 1},
		4: {Entity: "validation", ObjectiveID: 1, Unit: "Area Finanziaria", Code: "2", Title: "Piani di lavoro in funzione del POLA", Position: 2},
		5: {Entity: "plan_version", VersionID: 5, VersionNumber: 1, FirstYear: 2022, LastYear: 2024},
		6: {Entity: "cycle", FirstYear: 2022, LastYear: 2024},
		7: {Entity: "user", UserName: "m.rossi", FullName: "Mario Rossi"},
		8: {Entity: "plan_version", VersionID: 8, VersionNumber: 2, FirstYear: 2022, LastYear: 2024},
	}
	people := map[string]string{"m.rossi": "Mario Rossi", "ndv": "Anna Bianchi"}
	entries := []domain.AuditEntry{
		{Actor: "cli", Action: "import", Entity: "plan", EntityID: 5, After: `{"file":"pdo.txt","version":1,"units":8,"objectives":124,"indicators":144}`},
		{Actor: "m.rossi", Action: "update", Entity: "objective", EntityID: 1,
			Before: `{"code":"2","title":"Piani di lavoro in funzione del POLA","weight":15,"kind":"unit","revision":1}`,
			After:  `{"code":"2","title":"Piani di lavoro in funzione del POLA","weight":12,"kind":"unit","revision":2}`},
		{Actor: "admin", Action: "approve", Entity: "plan_version", EntityID: 5, Before: `{"status":"draft"}`,
			After: `{"status":"approved","act_number":"12","act_date":"2022-02-28"}`},
		{Actor: "admin", Action: "variation", Entity: "plan_version", EntityID: 8, After: `{"number":2,"from_version":1,"reason":"nuovo servizio"}`},
		{Actor: "admin", Action: "delete", Entity: "objective", EntityID: 99,
			Before: `{"unit":"Area Polizia Municipale","position":1,"code":"1","title":"Educazione stradale nelle scuole","weight":10,"kind":"unit","revision":1}`},
		{Actor: "admin", Action: "create", Entity: "indicator", EntityID: 2,
			After: `{"unit":"Area Finanziaria","objective":"2 – Piani di lavoro","position":1,"description":"Piani approvati","weight":null,"direction":"higher","baseline":{"text":""},"targets":[{"year":2022,"text":">= 3"}],"revision":1}`},
		{Actor: "m.rossi", Action: "create", Entity: "measurement", EntityID: 3,
			After: `{"ID":3,"IndicatorID":2,"Date":"2022-12-31T00:00:00Z","Number":6,"Bool":null,"DateValue":null,"Text":"","Note":"verbali","Evidence":"prot. 123","RecordedBy":"m.rossi","Achievement":100,"ManualAchievement":null}`},
		{Actor: "ndv", Action: "create", Entity: "validation", EntityID: 4,
			After: `{"ID":4,"ObjectiveID":1,"Year":2022,"Computed":100,"Percent":90,"Reason":"evidenze parziali","ValidatedBy":"ndv"}`},
		{Actor: "ndv", Action: "status", Entity: "cycle", EntityID: 6, Before: `{"status":"monitoring"}`, After: `{"status":"closed"}`},
		{Actor: "admin", Action: "create", Entity: "user", EntityID: 7, After: `{"name":"m.rossi","full_name":"Mario Rossi","role":"manager","units":["Area Finanziaria"]}`},
		{Actor: "admin", Action: "password", Entity: "user", EntityID: 7, After: `{"must_change_password":true}`},
		{Actor: "m.rossi", Action: "signin_failed", Entity: "user", EntityID: 7, After: `{"ip":"10.0.0.1","name":"m.rossi","reason":"password sbagliata"}`},
		{Actor: "ignoto", Action: "lockout", Entity: "user", After: `{"ip":"10.0.0.1","name":"ignoto","until":"2022-03-03T09:30:00Z"}`},
		{Actor: "admin", Action: "publish", Entity: "publication", EntityID: 40, After: `{"kind":"piano","year":2022,"version":1}`},
		{Actor: "admin", Action: "unpublish", Entity: "publication", EntityID: 41, Before: `{"kind":"relazione","year":2022,"version":2}`},
	}
	var b strings.Builder
	b.WriteString("# Audit entries in words (internal/wording), as the registro shows them.\n# Regenerate: go test ./internal/wording -update; then read it.\n")
	for _, e := range entries {
		e.At = at
		d := wording.Describe(e, subjects, people)
		b.WriteString("\n" + d.What + " — " + d.Who)
		if d.Link != "" {
			b.WriteString(" [" + d.Link + "]")
		}
		b.WriteString("\n")
		for _, l := range d.Lines {
			b.WriteString("  " + l + "\n")
		}
	}
	const path = "testdata/registro.golden"
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != string(want) {
		t.Errorf("registro differs from %s (go test -update to rewrite):\n%s", path, got)
	}
	for _, bad := range []string{"n. 99", "_", "{", "2022-", "true", "approved"} {
		if strings.Contains(b.String()[100:], bad) {
			t.Errorf("the registro still reads %q", bad)
		}
	}
}
