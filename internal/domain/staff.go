package domain

import "time"

// Area is a classification area of the CCNL Funzioni Locali 2019–2021
// (art. 12): where a person stands, and what the SMVP's parameter for the
// premium is set by.
type Area string

const (
	AreaOperatori        Area = "Operatori"
	AreaOperatoriEsperti Area = "Operatori esperti"
	AreaIstruttori       Area = "Istruttori"
	AreaFunzionari       Area = "Funzionari e Elevata Qualificazione"
)

// Areas lists the areas from the lowest.
var Areas = []Area{AreaOperatori, AreaOperatoriEsperti, AreaIstruttori, AreaFunzionari}

// StaffMember is one person of the staff register (personale) for a year.
type StaffMember struct {
	OrganizationID int64
	ID             int64
	Year           int
	Matricola      string
	Surname        string
	Name           string
	Area           Area
	Profile        string
	// Unit is the unit of the plan the person works in, bound by its
	// identity (as managers are), so that it survives variations and
	// re-imports. Zero ID: no unit.
	Unit UnitRef
	// PartTime is the percentage of a full-time post (100: full time).
	PartTime float64
	// Start and End are the first and last day of service in the year.
	Start, End  time.Time
	AbsenceDays int
	SourceLine  int
	ImportedBy  string
	ImportedAt  time.Time
}

// FullName is «Cognome Nome».
func (m StaffMember) FullName() string {
	if m.Name == "" {
		return m.Surname
	}
	return m.Surname + " " + m.Name
}
