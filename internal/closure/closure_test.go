package closure_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/performa-pa/performa/internal/closure"
	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/ingest"
	"github.com/performa-pa/performa/internal/score"
	"github.com/performa-pa/performa/internal/seedtest"
)

// seed is the seed plan numbered as the store would number it.
func seed(t *testing.T) *domain.Plan {
	t.Helper()
	p, err := ingest.Parse(seedtest.File, seedtest.Bytes(t), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	for _, u := range p.Units {
		id++
		u.ID = id
		for _, o := range u.Objectives {
			id++
			o.ID = id
			for _, in := range o.Indicators {
				id++
				in.ID = id
			}
		}
	}
	return p
}

func count(gaps []closure.Gap) map[closure.GapKind]int {
	out := map[closure.GapKind]int{}
	for _, g := range gaps {
		out[g.Kind]++
	}
	return out
}

var after = time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC)

// The year: a draft plan, one objective measured, nothing
// validated: every gap is listed, and the summary counts them.
func TestCheckSeed(t *testing.T) {
	p := seed(t)
	police := p.Units[7]
	in := police.Objectives[1].Indicators[0]
	m := domain.ParseValue("6")
	m.IndicatorID, m.Date = in.ID, time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC)
	input := score.Input{Plan: p, Year: 2022, SMVP: domain.DefaultSMVP(), Measurements: []domain.Measurement{m},
		Now: time.Date(2022, 11, 30, 0, 0, 0, 0, time.UTC)}
	gaps := closure.Check(p, score.Compute(input))
	got := count(gaps)
	// 124 objectives, 2 of them without a 2022 target, 1 measured.
	if got[closure.GapDraft] != 1 || got[closure.GapYearOpen] != 1 || got[closure.GapNoResult] != 121 || got[closure.GapNotValidated] != 1 {
		t.Fatalf("gaps: %v", got)
	}
	if gaps[0].Kind != closure.GapDraft || gaps[1].Kind != closure.GapYearOpen || gaps[2].Objective == nil || gaps[2].Unit == nil {
		t.Errorf("the plan's gaps come first, then each objective's: %+v", gaps[:3])
	}
	var notValidated closure.Gap
	for _, g := range gaps {
		if g.Kind == closure.GapNotValidated {
			notValidated = g
		}
	}
	if notValidated.Message != "Area Polizia Municipale, obiettivo 2: calcolato 100%, da convalidare o correggere." {
		t.Errorf("message: %q", notValidated.Message)
	}
	r := closure.Refuse(2022, gaps)
	if domain.ErrorCode(r) != domain.ECONFLICT || !strings.HasPrefix(domain.ErrorMessage(r),
		"L'anno 2022 non si può chiudere: 121 obiettivi senza risultato, 1 risultato da validare. La versione 1 del piano è in bozza") {
		t.Errorf("refusal: %s", domain.ErrorMessage(r))
	}
}

// fakeStore records the sign-offs it is asked for.
type fakeStore struct{ got []*domain.SignOff }

func (f *fakeStore) SignOff(_ context.Context, _ int64, so *domain.SignOff, _ int64, _ string) error {
	f.got = append(f.got, so)
	return nil
}

// A year where every objective has a result or a neutralisation, each
// validated, closes; one stale validation, one result not validated, one
// objective without a result each refuse it, and nothing reaches the store.
func TestSignOff(t *testing.T) {
	p := seed(t)
	p.Version.Status = domain.VersionApproved
	var ms []domain.Measurement
	var vs []domain.Validation
	at := time.Date(2023, 2, 1, 0, 0, 0, 0, time.UTC)
	input := func() score.Input {
		return score.Input{Plan: p, Year: 2022, SMVP: domain.DefaultSMVP(), Measurements: ms, Validations: vs, Now: after}
	}
	// Every objective of 2022 validated at 90%, but the Polizia's first
	// neutralised and its second measured and confirmed.
	police := p.Units[7]
	for _, u := range p.Units {
		for _, o := range u.Objectives {
			v := domain.Validation{ObjectiveID: o.ID, Year: 2022, Percent: 90, Reason: "relazione del responsabile", ValidatedBy: "ndv", ValidatedAt: at}
			switch o {
			case police.Objectives[0]:
				v.Kind, v.Percent, v.Reason = domain.ValidationNeutralised, 0, "servizio soppresso"
			case police.Objectives[1]:
				m := domain.ParseValue("6")
				m.IndicatorID, m.Date = o.Indicators[0].ID, time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC)
				ms = append(ms, m)
				v.Kind, v.Computed, v.Percent = domain.ValidationConfirmed, ptr(100), 100
			}
			vs = append(vs, v)
		}
	}
	st := &fakeStore{}
	res := score.Compute(input())
	if gaps := closure.Check(p, res); len(gaps) != 0 {
		t.Fatalf("gaps: %+v", gaps)
	}
	so, err := closure.SignOff(context.Background(), st, 1, p, res, "stamp", "ndv")
	if err != nil || len(st.got) != 1 || so.Year != 2022 || so.SignedBy != "ndv" {
		t.Fatalf("sign-off: %v %+v", err, st.got)
	}
	var neutral, confirmed *domain.LockedObjective
	for i, o := range so.Scores.Objectives {
		switch o.ID {
		case police.Objectives[0].ID:
			neutral = &so.Scores.Objectives[i]
		case police.Objectives[1].ID:
			confirmed = &so.Scores.Objectives[i]
		}
	}
	if !neutral.Neutralised || neutral.Reason != "servizio soppresso" || neutral.Score != nil {
		t.Errorf("locked neutralisation: %+v", neutral)
	}
	if confirmed.Validated != nil || *confirmed.Score != 100 || *confirmed.Computed != 100 {
		t.Errorf("locked confirmation: %+v", confirmed)
	}
	if u, _ := so.Scores.Unit(police.ID); u.Score == nil || *u.Score != 91.2 { // (10 × 100 + 75 × 90) / 85
		t.Errorf("locked unit: %+v", u)
	}

	// Three faults, three gaps.
	finance := p.Units[2].Objectives[0]
	ms = append(ms, func() domain.Measurement { // the confirmed result changes
		m := domain.ParseValue("4")
		m.IndicatorID, m.Date = police.Objectives[1].Indicators[0].ID, time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC)
		m.RecordedAt = time.Date(2023, 2, 2, 0, 0, 0, 0, time.UTC)
		return m
	}())
	var kept []domain.Validation
	for _, v := range vs {
		if v.ObjectiveID != finance.ID && v.ObjectiveID != p.Units[2].Objectives[1].ID {
			kept = append(kept, v)
		}
	}
	vs = kept
	m := domain.ParseValue("1")
	m.IndicatorID, m.Date = p.Units[2].Objectives[1].Indicators[0].ID, time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC)
	ms = append(ms, m)
	res = score.Compute(input())
	gaps := closure.Check(p, res)
	if got := count(gaps); got[closure.GapStale] != 1 || got[closure.GapNoResult] != 1 || got[closure.GapNotValidated] != 1 || len(gaps) != 3 {
		t.Fatalf("gaps: %v %+v", got, gaps)
	}
	_, err = closure.SignOff(context.Background(), st, 1, p, res, "stamp", "ndv")
	var refusal *closure.Refusal
	if !errors.As(err, &refusal) || len(refusal.Gaps) != 3 || len(st.got) != 1 {
		t.Errorf("refused sign-off: %v, store called %d times", err, len(st.got))
	}
	if !strings.Contains(domain.ErrorMessage(err), "1 obiettivo senza risultato, 1 risultato da validare, 1 validazione da rivedere") {
		t.Errorf("refusal: %s", domain.ErrorMessage(err))
	}
	for _, g := range gaps {
		if g.Kind == closure.GapStale && !strings.Contains(g.Message, "validato 100% quando il calcolato era 100%, ora è 66,7%") {
			t.Errorf("stale: %s", g.Message)
		}
	}

	// A signed-off year is not closed twice.
	locked := so.Scores
	in := input()
	in.Locked = &locked
	if gaps := closure.Check(p, score.Compute(in)); len(gaps) != 1 || gaps[0].Kind != closure.GapSigned {
		t.Errorf("signed off: %+v", gaps)
	}
}

func ptr(v float64) *float64 { return &v }
