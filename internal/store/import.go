package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/identity"
	"github.com/performa-pa/performa/internal/italian"
)

// ImportPlan stores p as the draft version of its cycle; see
// domain.PlanStore and ImportPlanWith, with the default options: a draft
// that is a variation or holds edits made in performa is not replaced.
func (s *Store) ImportPlan(ctx context.Context, p *domain.Plan, actor string) (*domain.ImportResult, error) {
	return s.ImportPlanWith(ctx, p, domain.ImportOptions{Actor: actor})
}

// errDryRun rolls back a dry run once its work is done.
var errDryRun = errors.New("store: dry run")

// ImportPlanWith stores p as the draft version of its cycle. Everything
// happens in one transaction: on any error (and in a dry run) nothing is
// written and p's ids are left zero. The store numbers units, objectives,
// indicators, targets and diagnostics by their order in p, and writes
// those positions back into p along with the ids. The elements of p are
// matched to those of the draft it replaces (or, for a cycle's first
// import, to the units of the cycle before), and keep their identity
// (internal/identity). Replacing a draft that is a variation or holds
// edits made in performa needs opts.ReplaceDraft (*domain.DraftEditedError
// otherwise); one with measurements or validations recorded in performa is
// never replaced.
func (s *Store) ImportPlanWith(ctx context.Context, p *domain.Plan, opts domain.ImportOptions) (*domain.ImportResult, error) {
	if err := validatePlan(p); err != nil {
		return nil, err
	}
	var res *domain.ImportResult
	// The organization is found or created first (the directory of entes
	// has no row-level security), then the transaction works for it.
	defer wrote(ctx)
	err := inTx(ctx, s.writePool, nil, func(tx *sql.Tx) error {
		var err error
		res, err = s.importTx(ctx, tx, p, opts)
		if err == nil && opts.DryRun {
			return errDryRun
		}
		return err
	})
	if errors.Is(err, errDryRun) {
		forgetIDs(p)
		res.DryRun = true
		return res, nil
	}
	if err != nil {
		forgetIDs(p)
		return nil, err
	}
	return res, nil
}

func (s *Store) importTx(ctx context.Context, tx *sql.Tx, p *domain.Plan, opts domain.ImportOptions) (*domain.ImportResult, error) {
	t := now()
	org, created, err := s.ensureOrganization(ctx, tx, p.Organization.Name, t)
	if err != nil {
		return nil, err
	}
	if err := s.d.scope(ctx, tx, org.ID); err != nil {
		return nil, err
	}
	cycle, err := s.ensureCycle(ctx, tx, org.ID, p.Cycle, t)
	if err != nil {
		return nil, err
	}
	res := &domain.ImportResult{OrganizationID: org.ID, CycleID: cycle.ID, Created: created}
	v, before, err := s.draftVersion(ctx, tx, cycle, p, opts, res, t)
	if err != nil {
		return nil, err
	}
	p.Organization, p.Cycle, p.Version = org, cycle, v
	if err := writeContent(ctx, contentTx{tx, s.d}, p); err != nil {
		return nil, err
	}
	after := summarize(p)
	after.Added, after.Removed, after.Erased = res.Match.Objectives.Added, res.Match.Objectives.Removed, len(res.Erased)
	if err := writeAudit(ctx, tx, org.ID, t, opts.Actor, "import", "plan", v.ID, before, after); err != nil {
		return nil, err
	}
	res.VersionID, res.Replaced = v.ID, before != nil
	return res, bumpGeneration(ctx, tx, org.ID)
}

// validatePlan refuses, before anything is written, what the database would
// refuse for reasons the user can fix.
func validatePlan(p *domain.Plan) error {
	if p == nil {
		return domain.Errorf(domain.EINVALID, "Il piano da importare è vuoto.")
	}
	if strings.TrimSpace(p.Organization.Name) == "" {
		return domain.Errorf(domain.EINVALID, "Manca il nome dell'ente.")
	}
	c := p.Cycle
	if c.FirstYear <= 0 || c.LastYear < c.FirstYear {
		return domain.Errorf(domain.EINVALID, "Il triennio del piano non è valido (%d–%d).", c.FirstYear, c.LastYear)
	}
	for _, u := range p.Units {
		if u == nil {
			return domain.Errorf(domain.EINVALID, "Il piano contiene un'area vuota.")
		}
		for _, o := range u.Objectives {
			if o == nil {
				return domain.Errorf(domain.EINVALID, "L'area «%s» contiene un obiettivo vuoto.", u.Name)
			}
			for _, in := range o.Indicators {
				if in == nil {
					return domain.Errorf(domain.EINVALID, "L'obiettivo «%s» contiene un indicatore vuoto.", o.Title)
				}
				if err := validateTargets(in); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// validateTargets refuses two targets for the same year: an indicator has one
// target per year.
func validateTargets(in *domain.Indicator) error {
	seen := make(map[int]bool, len(in.Targets))
	for _, tg := range in.Targets {
		if seen[tg.Year] {
			return domain.Errorf(domain.EINVALID,
				"L'indicatore «%s» (foglio %d, riga %d) ha più di un target per l'anno %d.",
				in.Description, in.Source.Sheet, in.Source.Line, tg.Year)
		}
		seen[tg.Year] = true
	}
	return nil
}

// ensureOrganization finds the organization by name or creates it. ON
// CONFLICT DO NOTHING makes two imports creating the same organization at
// once agree on one row instead of failing.
func (s *Store) ensureOrganization(ctx context.Context, tx *sql.Tx, name string, t time.Time) (domain.Organization, bool, error) {
	res, err := tx.ExecContext(ctx,
		`INSERT INTO organizations (id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING`,
		newID(), name, t)
	if err != nil {
		return domain.Organization{}, false, fmt.Errorf("store: insert organization: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return domain.Organization{}, false, fmt.Errorf("store: insert organization: %w", err)
	}
	org := domain.Organization{Name: name}
	var slug sql.NullString
	err = tx.QueryRowContext(ctx, `SELECT id, created_at, slug FROM organizations WHERE name = $1`, name).
		Scan(&org.ID, &org.CreatedAt, &slug)
	if err != nil {
		return domain.Organization{}, false, fmt.Errorf("store: select organization: %w", err)
	}
	org.Slug = slug.String
	if !slug.Valid {
		if org.Slug, err = assignSlug(ctx, tx, org.ID, name); err != nil {
			return domain.Organization{}, false, err
		}
	}
	org.CreatedAt = org.CreatedAt.UTC()
	return org, n == 1, nil
}

// ensureCycle finds the cycle by its years or creates it as a draft, and
// locks it (on PostgreSQL) so that concurrent imports of the same cycle take
// turns deciding which version they write.
func (s *Store) ensureCycle(ctx context.Context, tx *sql.Tx, orgID int64, c domain.Cycle, t time.Time) (domain.Cycle, error) {
	_, err := tx.ExecContext(ctx,
		`INSERT INTO cycles (organization_id, id, first_year, last_year, status, created_at)
		 VALUES ($1, $2, $3, $4, $5, $6)
		 ON CONFLICT (organization_id, first_year, last_year) DO NOTHING`,
		orgID, newID(), c.FirstYear, c.LastYear, domain.CycleDraft, t)
	if err != nil {
		return domain.Cycle{}, fmt.Errorf("store: insert cycle: %w", err)
	}
	out := domain.Cycle{OrganizationID: orgID, FirstYear: c.FirstYear, LastYear: c.LastYear}
	err = tx.QueryRowContext(ctx,
		`SELECT id, status, created_at FROM cycles
		 WHERE organization_id = $1 AND first_year = $2 AND last_year = $3`+s.d.forUpdate,
		orgID, c.FirstYear, c.LastYear).Scan(&out.ID, &out.Status, &out.CreatedAt)
	if err != nil {
		return domain.Cycle{}, fmt.Errorf("store: select cycle: %w", err)
	}
	out.CreatedAt = out.CreatedAt.UTC()
	return out, nil
}

// draftVersion returns the version the import writes into: the newest
// version of the cycle emptied when it is a draft (before then summarizes
// what it held), a new version 1 when the cycle has none. An approved newest
// version refuses the import. It matches p's elements to those they
// continue (res.Match) and, replacing a draft, says which edits go
// (res.Erased).
func (s *Store) draftVersion(ctx context.Context, tx *sql.Tx, c domain.Cycle, p *domain.Plan, opts domain.ImportOptions,
	res *domain.ImportResult, t time.Time) (domain.Version, *planSummary, error) {
	in := p.Version
	v, err := newestVersion(ctx, tx, c)
	if errors.Is(err, sql.ErrNoRows) {
		if err := s.matchPreviousCycle(ctx, tx, c, p, res); err != nil {
			return domain.Version{}, nil, err
		}
		v, err = insertVersion(ctx, tx, c, in, t)
		return v, nil, err
	}
	if err != nil {
		return domain.Version{}, nil, err
	}
	if !v.Editable() {
		return domain.Version{}, nil, domain.Errorf(domain.ECONFLICT,
			"Il piano %d–%d è approvato (versione %d): si può modificare solo con una variazione.",
			c.FirstYear, c.LastYear, v.Number)
	}
	if err := refuseIfMonitored(ctx, tx, v); err != nil {
		return domain.Version{}, nil, err
	}
	edits, err := draftEdits(ctx, tx, v)
	if err != nil {
		return domain.Version{}, nil, err
	}
	if !opts.ReplaceDraft && (v.Number > 1 || len(edits) > 0) {
		return domain.Version{}, nil, s.draftGuard(ctx, tx, c, v, edits)
	}
	res.Erased, res.ReplacedVersion = edits, v.Number
	prev, err := loadSkeleton(ctx, tx, c.OrganizationID, v.ID)
	if err != nil {
		return domain.Version{}, nil, err
	}
	res.Match = identity.Carry(prev, p, identity.SameDraft)
	res.Match.Against = fmt.Sprintf("la bozza (versione %d) del piano %d–%d", v.Number, c.FirstYear, c.LastYear)
	if v.Number > 1 {
		// A variation: what it removed from the approved plan, the file
		// may bring back as itself.
		if err := s.recoverFromApproved(ctx, tx, c, p); err != nil {
			return domain.Version{}, nil, err
		}
	}
	before, err := summarizeStored(ctx, tx, v)
	if err != nil {
		return domain.Version{}, nil, err
	}
	if err := clearVersion(ctx, tx, v); err != nil {
		return domain.Version{}, nil, err
	}
	v.SourceFile, v.SourceHash = in.SourceFile, in.SourceHash
	_, err = tx.ExecContext(ctx,
		`UPDATE plan_versions SET source_file = $3, source_hash = $4, imported_at = $5
		 WHERE organization_id = $1 AND id = $2`,
		v.OrganizationID, v.ID, v.SourceFile, v.SourceHash, t)
	if err != nil {
		return domain.Version{}, nil, fmt.Errorf("store: update version: %w", err)
	}
	return v, before, nil
}

// recoverFromApproved gives the new elements of p the identity of the
// elements of the cycle's approved version they continue.
func (s *Store) recoverFromApproved(ctx context.Context, tx *sql.Tx, c domain.Cycle, p *domain.Plan) error {
	var id int64
	err := tx.QueryRowContext(ctx,
		`SELECT id FROM plan_versions WHERE organization_id = $1 AND cycle_id = $2 AND status = 'approved'`,
		c.OrganizationID, c.ID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return fmt.Errorf("store: select approved version: %w", err)
	}
	approved, err := loadSkeleton(ctx, tx, c.OrganizationID, id)
	if err != nil {
		return err
	}
	identity.Recover(approved, p)
	return nil
}

// matchPreviousCycle matches the units of the first plan of cycle c to
// those of the newest version of the cycle before it, if any: a unit of
// the new cycle that continues one keeps its identity, and its managers.
func (s *Store) matchPreviousCycle(ctx context.Context, tx *sql.Tx, c domain.Cycle, p *domain.Plan, res *domain.ImportResult) error {
	var (
		id          int64
		number      int
		first, last int
	)
	err := tx.QueryRowContext(ctx,
		`SELECT v.id, v.number, c.first_year, c.last_year FROM plan_versions v
		 JOIN cycles c ON c.organization_id = v.organization_id AND c.id = v.cycle_id
		 WHERE v.organization_id = $1 AND c.id <> $2 AND c.first_year <= $3
		 ORDER BY c.first_year DESC, c.last_year DESC, v.number DESC LIMIT 1`,
		c.OrganizationID, c.ID, c.FirstYear).Scan(&id, &number, &first, &last)
	if errors.Is(err, sql.ErrNoRows) {
		res.Match = identity.Carry(nil, p, identity.NextCycle)
		return nil
	} else if err != nil {
		return fmt.Errorf("store: select previous cycle: %w", err)
	}
	prev, err := loadSkeleton(ctx, tx, c.OrganizationID, id)
	if err != nil {
		return err
	}
	res.Match = identity.Carry(prev, p, identity.NextCycle)
	res.Match.Against = fmt.Sprintf("le unità del piano %d–%d (versione %d)", first, last, number)
	return nil
}

func newestVersion(ctx context.Context, tx *sql.Tx, c domain.Cycle) (domain.Version, error) {
	var (
		v       = domain.Version{OrganizationID: c.OrganizationID, CycleID: c.ID}
		actDate sql.NullTime
	)
	err := tx.QueryRowContext(ctx,
		`SELECT id, number, status, reason, act_number, act_date, source_file, source_hash, created_at
		 FROM plan_versions WHERE organization_id = $1 AND cycle_id = $2
		 ORDER BY number DESC LIMIT 1`,
		c.OrganizationID, c.ID).Scan(&v.ID, &v.Number, &v.Status, &v.Reason, &v.ActNumber,
		&actDate, &v.SourceFile, &v.SourceHash, &v.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return v, err
	} else if err != nil {
		return v, fmt.Errorf("store: select newest version: %w", err)
	}
	v.ActDate = datePtr(actDate)
	v.CreatedAt = v.CreatedAt.UTC()
	return v, nil
}

func insertVersion(ctx context.Context, tx *sql.Tx, c domain.Cycle, in domain.Version, t time.Time) (domain.Version, error) {
	v := domain.Version{
		ID: newID(), OrganizationID: c.OrganizationID, CycleID: c.ID,
		Number: 1, Status: domain.VersionDraft,
		Reason: in.Reason, ActNumber: in.ActNumber, ActDate: dateOnly(in.ActDate),
		SourceFile: in.SourceFile, SourceHash: in.SourceHash, CreatedAt: t,
	}
	_, err := tx.ExecContext(ctx,
		`INSERT INTO plan_versions (organization_id, id, cycle_id, number, status, reason,
		   act_number, act_date, source_file, source_hash, created_at, imported_at)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)`,
		v.OrganizationID, v.ID, v.CycleID, v.Number, v.Status, v.Reason,
		v.ActNumber, nullTime(v.ActDate), v.SourceFile, v.SourceHash, t)
	if err != nil {
		return v, fmt.Errorf("store: insert version: %w", err)
	}
	return v, nil
}

// refuseIfMonitored refuses to replace a draft that already has
// measurements or validations recorded in performa: replacing it would
// delete them. Those its import wrote (recorded_by 'import') are replaced.
func refuseIfMonitored(ctx context.Context, tx *sql.Tx, v domain.Version) error {
	var n int
	err := tx.QueryRowContext(ctx,
		`SELECT (SELECT COUNT(*) FROM measurements m
		   JOIN indicators i ON i.organization_id = m.organization_id AND i.id = m.indicator_id
		   JOIN objectives o ON o.organization_id = i.organization_id AND o.id = i.objective_id
		   JOIN units u ON u.organization_id = o.organization_id AND u.id = o.unit_id
		   WHERE m.organization_id = $1 AND u.version_id = $2 AND m.recorded_by <> 'import')
		 + (SELECT COUNT(*) FROM validations va
		   JOIN objectives o ON o.organization_id = va.organization_id AND o.id = va.objective_id
		   JOIN units u ON u.organization_id = o.organization_id AND u.id = o.unit_id
		   WHERE va.organization_id = $1 AND u.version_id = $2 AND va.validated_by <> 'import')`,
		v.OrganizationID, v.ID).Scan(&n)
	if err != nil {
		return fmt.Errorf("store: count measurements: %w", err)
	}
	if n > 0 {
		return domain.Errorf(domain.ECONFLICT,
			"La bozza del piano ha già %s: reimportarla le cancellerebbe. Il piano non è stato sostituito.",
			italian.Count(n, "misurazione o validazione", "misurazioni o validazioni"))
	}
	return nil
}

// clearVersion deletes the content of a draft version, and the memory of
// its edits; objectives, indicators, targets and whatever hangs from them
// go by cascade.
func clearVersion(ctx context.Context, tx *sql.Tx, v domain.Version) error {
	for _, q := range []string{
		`DELETE FROM units WHERE organization_id = $1 AND version_id = $2`,
		`DELETE FROM import_diagnostics WHERE organization_id = $1 AND version_id = $2`,
		`DELETE FROM draft_edits WHERE organization_id = $1 AND version_id = $2`,
	} {
		if _, err := tx.ExecContext(ctx, q, v.OrganizationID, v.ID); err != nil {
			return fmt.Errorf("store: clear draft version: %w", err)
		}
	}
	return nil
}

// planSummary is what the audit log records of an imported plan.
type planSummary struct {
	File       string `json:"file"`
	Version    int    `json:"version"`
	Units      int    `json:"units"`
	Objectives int    `json:"objectives"`
	Indicators int    `json:"indicators"`
	// Of a replaced draft: objectives added and removed, edits erased.
	Added   int `json:"objectives_added,omitempty"`
	Removed int `json:"objectives_removed,omitempty"`
	Erased  int `json:"edits_erased,omitempty"`
}

func summarize(p *domain.Plan) *planSummary {
	sum := &planSummary{File: p.Version.SourceFile, Version: p.Version.Number, Units: len(p.Units)}
	for _, u := range p.Units {
		sum.Objectives += len(u.Objectives)
		for _, o := range u.Objectives {
			sum.Indicators += len(o.Indicators)
		}
	}
	return sum
}

func summarizeStored(ctx context.Context, q querier, v domain.Version) (*planSummary, error) {
	sum := &planSummary{File: v.SourceFile, Version: v.Number}
	err := q.QueryRowContext(ctx, `SELECT `+countColumns("$1", "$2"), v.OrganizationID, v.ID).
		Scan(&sum.Units, &sum.Objectives, &sum.Indicators)
	if err != nil {
		return nil, fmt.Errorf("store: count version content: %w", err)
	}
	return sum, nil
}

// writeAudit appends one entry to the audit log, sealed in its
// organization's chain (appendAudit); before and after are marshalled to
// JSON, nil as "".
func writeAudit(ctx context.Context, q querier, orgID int64, t time.Time, actor, action, entity string, entityID int64, before, after any) error {
	b, err := auditJSON(before)
	if err != nil {
		return err
	}
	a, err := auditJSON(after)
	if err != nil {
		return err
	}
	return appendAudit(ctx, q, &domain.AuditEntry{ID: newID(), OrganizationID: orgID, At: t, Actor: actor,
		Action: action, Entity: entity, EntityID: entityID, Before: b, After: a})
}

func auditJSON(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	if s, ok := v.(*planSummary); ok && s == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("store: audit json: %w", err)
	}
	return string(b), nil
}

// forgetIDs clears the ids that a failed import had already written into p,
// so that no id of a rolled-back row survives.
func forgetIDs(p *domain.Plan) {
	p.Organization.ID, p.Cycle.ID, p.Cycle.OrganizationID = 0, 0, 0
	p.Version.ID, p.Version.OrganizationID, p.Version.CycleID = 0, 0, 0
	for _, u := range p.Units {
		u.ID, u.OrganizationID, u.Identity = 0, 0, 0
		for _, o := range u.Objectives {
			o.ID, o.OrganizationID, o.UnitID, o.Identity, o.Revision = 0, 0, 0, 0, 0
			for _, in := range o.Indicators {
				in.ID, in.OrganizationID, in.ObjectiveID, in.Identity, in.Revision = 0, 0, 0, 0, 0
			}
		}
	}
}
