package ingest

import (
	"bytes"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/planjson"
)

// looksJSON reports whether a file is a JSON document (a plan exported by
// performa, performa.plan/v1) rather than a spreadsheet.
func looksJSON(data []byte) bool {
	data = bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	return bytes.HasPrefix(data, []byte("{")) && bytes.Contains(data[:min(len(data), 4096)], []byte(`"schema"`))
}

// parseJSON reads a plan exported by performa (`performa export --format
// json`): another installation's plan, or this one's kept aside. It is
// imported as any file is, as the draft of its cycle: identifiers, version
// and approval belong to the store it came from and are left out; the
// diagnostics of its first reading are kept.
func parseJSON(name string, data []byte, opts Options) (*domain.Plan, error) {
	if len(data) > MaxFileSize {
		return nil, TooLarge(name, int64(len(data)))
	}
	p, err := planjson.Decode(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	if err != nil {
		return nil, domain.Errorf(domain.EINVALID, "%s: %s", name, domain.ErrorMessage(err))
	}
	if len(p.Units) == 0 {
		return nil, domain.Errorf(domain.EINVALID, "%s: il piano non ha unità né obiettivi.", name)
	}
	p.Organization = domain.Organization{Name: p.Organization.Name}
	if opts.Organization != "" {
		p.Organization.Name = opts.Organization
	}
	p.Cycle = domain.Cycle{FirstYear: p.Cycle.FirstYear, LastYear: p.Cycle.LastYear, Status: domain.CycleDraft}
	p.Version = domain.Version{Number: 1, Status: domain.VersionDraft, SourceFile: name}
	for _, u := range p.Units {
		u.ID, u.OrganizationID = 0, 0
		for _, o := range u.Objectives {
			o.ID, o.OrganizationID, o.UnitID = 0, 0, 0
			for _, in := range o.Indicators {
				in.ID, in.OrganizationID, in.ObjectiveID = 0, 0, 0
			}
		}
	}
	p.Diagnostics = domain.SortDiagnostics(p.Diagnostics)
	return p, nil
}
