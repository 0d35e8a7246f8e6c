package web

import (
	"html/template"
	"time"

	"github.com/performa-pa/performa/internal/domain"
)

var rome = func() *time.Location {
	if loc, err := time.LoadLocation("Europe/Rome"); err == nil {
		return loc
	}
	return time.UTC
}()

var funcs = template.FuncMap{
	// date renders 31/12/2022 15:04, Italian style, in Italian time.
	"datetime":    func(t time.Time) string { return t.In(rome).Format("02/01/2006 15:04") },
	"cycleStatus": func(s domain.CycleStatus) string { return s.Label() },
	"versionStatus": func(s domain.VersionStatus) string {
		switch s {
		case domain.VersionDraft:
			return "bozza"
		case domain.VersionApproved:
			return "approvata"
		case domain.VersionSuperseded:
			return "sostituita"
		}
		return string(s)
	},
}
