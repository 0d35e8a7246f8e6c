// Package planjson is the JSON plan format, schema "performa.plan/v1": the
// public contract by which performa gives a plan back as data (check,
// export, the API) and takes it in. docs/plan-format.md documents it.
package planjson

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
	"github.com/performa-pa/performa/internal/quality"
)

// Schema names this version of the format.
const Schema = "performa.plan/v1"

// Document is the top level of the format.
type Document struct {
	Schema       string              `json:"schema"`
	Organization Organization        `json:"organization"`
	Cycle        Cycle               `json:"cycle"`
	Version      Version             `json:"version"`
	Source       Source              `json:"source"`
	Units        []Unit              `json:"units"`
	Quality      *quality.Report     `json:"quality,omitempty"`
	Diagnostics  []domain.Diagnostic `json:"diagnostics"`
}

type Organization struct {
	ID   int64  `json:"id,omitempty"`
	Name string `json:"name"`
}

type Cycle struct {
	ID        int64  `json:"id,omitempty"`
	FirstYear int    `json:"first_year"`
	LastYear  int    `json:"last_year"`
	Status    string `json:"status"`
}

type Version struct {
	ID        int64  `json:"id,omitempty"`
	Number    int    `json:"number"`
	Status    string `json:"status"`
	Reason    string `json:"reason,omitempty"`
	ActNumber string `json:"act_number,omitempty"`
	ActDate   string `json:"act_date,omitempty"` // YYYY-MM-DD
}

type Source struct {
	File   string `json:"file"`
	SHA256 string `json:"sha256,omitempty"`
}

type Ref struct {
	Sheet int `json:"sheet"`
	Line  int `json:"line"`
}

type Unit struct {
	ID                  int64       `json:"id,omitempty"`
	Name                string      `json:"name"`
	Manager             string      `json:"manager"`
	Kind                string      `json:"kind"`
	DeclaredTotalWeight *float64    `json:"declared_total_weight"`
	TotalWeight         float64     `json:"total_weight"`
	Source              Ref         `json:"source"`
	Objectives          []Objective `json:"objectives"`
}

type Classified struct {
	Code *string `json:"code"`
	Text string  `json:"text"`
}

type Objective struct {
	ID                  int64       `json:"id,omitempty"`
	Code                *string     `json:"code"`
	Title               string      `json:"title"`
	Weight              *float64    `json:"weight"`
	Mission             Classified  `json:"mission"`
	Program             Classified  `json:"program"`
	Manager             string      `json:"manager"`
	Staff               string      `json:"staff"`
	Notes               string      `json:"notes"`
	ReportedAchievement string      `json:"reported_achievement"`
	Kind                string      `json:"kind"`
	Source              Ref         `json:"source"`
	Indicators          []Indicator `json:"indicators"`
}

type Baseline struct {
	Year  *int     `json:"year"`
	Text  string   `json:"text"`
	Value *float64 `json:"value"`
}

type Indicator struct {
	ID            int64           `json:"id,omitempty"`
	Description   string          `json:"description"`
	UnitOfMeasure string          `json:"unit_of_measure,omitempty"`
	Weight        *float64        `json:"weight"`
	Direction     string          `json:"direction,omitempty"`
	Baseline      Baseline        `json:"baseline"`
	Targets       []domain.Target `json:"targets"`
	Source        Ref             `json:"source"`
	Measurements  []Measurement   `json:"measurements,omitempty"`
}

// Measurement is a value the imported file recorded for an indicator at a
// date: the text as written and, when it reads as one, a number, a yes/no
// or a date.
type Measurement struct {
	Date   string   `json:"date"` // YYYY-MM-DD
	Value  string   `json:"value"`
	Number *float64 `json:"number,omitempty"`
	Bool   *bool    `json:"bool,omitempty"`
	DateV  string   `json:"date_value,omitempty"` // YYYY-MM-DD
	Note   string   `json:"note,omitempty"`
}

// Encode writes p as an indented JSON document.
func Encode(w io.Writer, p *domain.Plan) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(FromPlan(p))
}

// Decode reads a JSON document into a plan.
func Decode(r io.Reader) (*domain.Plan, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, domain.Errorf(domain.EINVALID, "JSON del piano non leggibile per intero.")
	}
	var d Document
	if err := json.NewDecoder(bytes.NewReader(data)).Decode(&d); err != nil {
		return nil, domain.Errorf(domain.EINVALID, "JSON del piano non leggibile: %s.", italian.JSONError(err, data))
	}
	if d.Schema != Schema {
		return nil, domain.Errorf(domain.EINVALID, "schema %q non supportato: atteso %q", d.Schema, Schema)
	}
	return d.Plan(), nil
}

// FromPlan converts a plan to the format.
func FromPlan(p *domain.Plan) Document {
	d := Document{
		Schema:       Schema,
		Organization: Organization{ID: p.Organization.ID, Name: p.Organization.Name},
		Cycle:        Cycle{ID: p.Cycle.ID, FirstYear: p.Cycle.FirstYear, LastYear: p.Cycle.LastYear, Status: string(p.Cycle.Status)},
		Version: Version{ID: p.Version.ID, Number: p.Version.Number, Status: string(p.Version.Status),
			Reason: p.Version.Reason, ActNumber: p.Version.ActNumber},
		Source:      Source{File: p.Version.SourceFile, SHA256: p.Version.SourceHash},
		Units:       []Unit{},
		Diagnostics: p.Diagnostics,
	}
	if p.Version.ActDate != nil {
		d.Version.ActDate = p.Version.ActDate.Format("2006-01-02")
	}
	if d.Diagnostics == nil {
		d.Diagnostics = []domain.Diagnostic{}
	}
	for _, u := range p.Units {
		d.Units = append(d.Units, fromUnit(u))
	}
	if understood(p) {
		r, _ := quality.Assess(p)
		d.Quality = &r
	}
	return d
}

// understood reports whether the plan's targets carry rules: the quality
// block is computed from them.
func understood(p *domain.Plan) bool {
	for _, u := range p.Units {
		for _, o := range u.Objectives {
			for _, in := range o.Indicators {
				for _, t := range in.Targets {
					if t.Rule != nil {
						return true
					}
				}
			}
		}
	}
	return false
}

func fromUnit(u *domain.Unit) Unit {
	out := Unit{ID: u.ID, Name: u.Name, Manager: u.Manager, Kind: string(u.Kind),
		DeclaredTotalWeight: u.DeclaredTotalWeight, TotalWeight: round(u.TotalWeight()),
		Source: Ref{u.Source.Sheet, u.Source.Line}, Objectives: []Objective{}}
	for _, o := range u.Objectives {
		jo := Objective{ID: o.ID, Code: optional(o.Code), Title: o.Title, Weight: o.Weight,
			Mission: Classified{optional(o.Mission.Code), o.Mission.Text},
			Program: Classified{optional(o.Program.Code), o.Program.Text},
			Manager: o.Manager, Staff: o.Staff, Notes: o.Notes, ReportedAchievement: o.ReportedAchievement,
			Kind: string(o.Kind), Source: Ref{o.Source.Sheet, o.Source.Line}, Indicators: []Indicator{}}
		for _, in := range o.Indicators {
			jo.Indicators = append(jo.Indicators, fromIndicator(in))
		}
		out.Objectives = append(out.Objectives, jo)
	}
	return out
}

func fromIndicator(in *domain.Indicator) Indicator {
	ji := Indicator{ID: in.ID, Description: in.Description, UnitOfMeasure: in.UnitOfMeasure,
		Weight: in.Weight, Direction: string(in.Direction),
		Baseline: Baseline{Text: in.Baseline.Text, Value: in.Baseline.Value},
		Targets:  in.Targets, Source: Ref{in.Source.Sheet, in.Source.Line}}
	if in.Baseline.Year != 0 {
		y := in.Baseline.Year
		ji.Baseline.Year = &y
	}
	if ji.Targets == nil {
		ji.Targets = []domain.Target{}
	}
	for _, m := range in.Measurements {
		jm := Measurement{Date: m.Date.Format(dateLayout), Value: m.Text, Number: m.Number, Bool: m.Bool, Note: m.Note}
		if m.DateValue != nil {
			jm.DateV = m.DateValue.Format(dateLayout)
		}
		ji.Measurements = append(ji.Measurements, jm)
	}
	return ji
}

const dateLayout = "2006-01-02"

// measurements converts the measurements of an indicator back, those with
// a readable date; they are imported ones.
func measurements(jms []Measurement) []domain.Measurement {
	var out []domain.Measurement
	for _, jm := range jms {
		d, err := time.Parse(dateLayout, jm.Date)
		if err != nil {
			continue
		}
		m := domain.Measurement{Date: d, Text: jm.Value, Number: jm.Number, Bool: jm.Bool, Note: jm.Note,
			RecordedBy: domain.RecordedByImport}
		if dv, err := time.Parse(dateLayout, jm.DateV); err == nil {
			m.DateValue = &dv
		}
		out = append(out, m)
	}
	return out
}

// Plan converts the document back to a plan.
func (d Document) Plan() *domain.Plan {
	p := &domain.Plan{
		Organization: domain.Organization{ID: d.Organization.ID, Name: d.Organization.Name},
		Cycle: domain.Cycle{ID: d.Cycle.ID, FirstYear: d.Cycle.FirstYear, LastYear: d.Cycle.LastYear,
			Status: domain.CycleStatus(d.Cycle.Status)},
		Version: domain.Version{ID: d.Version.ID, Number: d.Version.Number, Status: domain.VersionStatus(d.Version.Status),
			Reason: d.Version.Reason, ActNumber: d.Version.ActNumber, SourceFile: d.Source.File, SourceHash: d.Source.SHA256},
		Diagnostics: d.Diagnostics,
	}
	for i, ju := range d.Units {
		u := &domain.Unit{ID: ju.ID, Position: i + 1, Name: ju.Name, Manager: ju.Manager, Kind: domain.UnitKind(ju.Kind),
			DeclaredTotalWeight: ju.DeclaredTotalWeight, Source: domain.SourceRef{Sheet: ju.Source.Sheet, Line: ju.Source.Line}}
		for j, jo := range ju.Objectives {
			u.Objectives = append(u.Objectives, jo.objective(j+1))
		}
		p.Units = append(p.Units, u)
	}
	return p
}

func (jo Objective) objective(pos int) *domain.Objective {
	o := &domain.Objective{ID: jo.ID, Position: pos, Code: deref(jo.Code), Title: jo.Title, Weight: jo.Weight,
		Mission: domain.Classified{Code: deref(jo.Mission.Code), Text: jo.Mission.Text},
		Program: domain.Classified{Code: deref(jo.Program.Code), Text: jo.Program.Text},
		Manager: jo.Manager, Staff: jo.Staff, Notes: jo.Notes, ReportedAchievement: jo.ReportedAchievement,
		Kind: domain.ObjectiveKind(jo.Kind), Source: domain.SourceRef{Sheet: jo.Source.Sheet, Line: jo.Source.Line}}
	for k, ji := range jo.Indicators {
		in := &domain.Indicator{ID: ji.ID, Position: k + 1, Description: ji.Description, UnitOfMeasure: ji.UnitOfMeasure,
			Weight: ji.Weight, Direction: domain.Direction(ji.Direction),
			Baseline: domain.Baseline{Text: ji.Baseline.Text, Value: ji.Baseline.Value},
			Targets:  ji.Targets, Source: domain.SourceRef{Sheet: ji.Source.Sheet, Line: ji.Source.Line},
			Measurements: measurements(ji.Measurements)}
		if ji.Baseline.Year != nil {
			in.Baseline.Year = *ji.Baseline.Year
		}
		o.Indicators = append(o.Indicators, in)
	}
	return o
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// round keeps sums of weights free of float noise (33.300000000000004).
func round(v float64) float64 { return math.Round(v*1e4) / 1e4 }
