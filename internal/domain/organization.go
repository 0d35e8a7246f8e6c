package domain

import (
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Organization is the tenant: a comune, unione or provincia. Every stored row
// carries its ID and every query filters by it.
type Organization struct {
	ID   int64  `json:"-"`
	Name string `json:"name"`
	// Slug is the organization's public address (/trasparenza/{slug}/),
	// made from its name when it is created and never changed after.
	Slug      string    `json:"-"`
	CreatedAt time.Time `json:"-"`
}

// CycleStatus is where a plan cycle stands in its year.
type CycleStatus string

const (
	CycleDraft      CycleStatus = "draft"      // being assembled
	CycleApproved   CycleStatus = "approved"   // approved by the Giunta
	CycleMonitoring CycleStatus = "monitoring" // followed during the year
	CycleClosed     CycleStatus = "closed"     // final scores locked
)

// Valid reports whether s is a known status.
func (s CycleStatus) Valid() bool {
	switch s {
	case CycleDraft, CycleApproved, CycleMonitoring, CycleClosed:
		return true
	}
	return false
}

// Label is the Italian name of the status.
func (s CycleStatus) Label() string {
	switch s {
	case CycleDraft:
		return "bozza"
	case CycleApproved:
		return "approvato"
	case CycleMonitoring:
		return "monitoraggio"
	case CycleClosed:
		return "chiuso"
	}
	return string(s)
}

// Cycle is a three-year plan (e.g. 2022–2024) of one organization.
type Cycle struct {
	ID             int64       `json:"-"`
	OrganizationID int64       `json:"-"`
	FirstYear      int         `json:"first_year"`
	LastYear       int         `json:"last_year"`
	Status         CycleStatus `json:"status,omitempty"`
	CreatedAt      time.Time   `json:"-"`
}

// Years lists the years of the cycle in order.
func (c Cycle) Years() []int {
	var ys []int
	for y := c.FirstYear; y <= c.LastYear && y > 0; y++ {
		ys = append(ys, y)
	}
	return ys
}

// Contains reports whether year falls within the cycle.
func (c Cycle) Contains(year int) bool { return year >= c.FirstYear && year <= c.LastYear }

// VersionStatus tells whether a version of the plan can still change.
type VersionStatus string

const (
	VersionDraft      VersionStatus = "draft"      // editable
	VersionApproved   VersionStatus = "approved"   // immutable, in force
	VersionSuperseded VersionStatus = "superseded" // immutable, replaced by a variation
)

// Version is one state of a cycle's plan. An approved version never changes:
// a variation during the year (art. 10 c.3 D.Lgs 150/2009) makes a new
// version with its reason and the act that approved it.
type Version struct {
	ID             int64         `json:"-"`
	OrganizationID int64         `json:"-"`
	CycleID        int64         `json:"-"`
	Number         int           `json:"number"`
	Status         VersionStatus `json:"status"`
	Reason         string        `json:"reason,omitempty"`     // why this variation
	ActNumber      string        `json:"act_number,omitempty"` // delibera number
	ActDate        *time.Time    `json:"act_date,omitempty"`   // delibera date
	SourceFile     string        `json:"source_file,omitempty"`
	SourceHash     string        `json:"source_hash,omitempty"` // sha256 of the imported file
	CreatedAt      time.Time     `json:"-"`
}

// Label is the Italian name of the status.
func (s VersionStatus) Label() string {
	switch s {
	case VersionDraft:
		return "bozza"
	case VersionApproved:
		return "approvata"
	case VersionSuperseded:
		return "sostituita"
	}
	return string(s)
}

// Editable reports whether the version may still be changed.
func (v Version) Editable() bool { return v.Status == VersionDraft }

// Slug makes the public address of an organization from its name: lower
// case, accents dropped, words joined by hyphens («Comune di Forlì» →
// "comune-di-forli"); "ente" when nothing is left.
func Slug(name string) string {
	const most = 60
	var b strings.Builder
	dash := false
letters:
	for _, r := range norm.NFD.String(name) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			sep := dash && b.Len() > 0
			if b.Len()+1 > most || sep && b.Len()+2 > most {
				break letters
			}
			if sep {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		default:
			dash = true
		}
	}
	if b.Len() == 0 {
		return "ente"
	}
	return b.String()
}
