package domain

// AuditSubject is what an audit entry is about, as the store still holds
// it: enough to name it for people («obiettivo 2.1 – Titolo (Area X)»,
// «versione 2 del piano 2022–2024», «Mario Rossi»). Objectives,
// indicators, measurements and validations carry their objective; versions
// and cycles their years; users their names.
type AuditSubject struct {
	Entity            string // "objective", "indicator", "measurement", "validation", "plan_version", "cycle", "user"
	ObjectiveID       int64
	Unit              string
	Code, Title       string
	Position          int // of the objective in its unit
	IndicatorPosition int
	VersionID         int64
	VersionNumber     int
	FirstYear         int
	LastYear          int
	UserName          string
	FullName          string
}
