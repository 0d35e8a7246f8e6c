package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
)

// batch inserts rows into one table, dialect.batchRows rows per statement.
// When the dialect asks for it, the statement for a full batch is prepared
// once per transaction; the last, shorter batch is executed directly.
type batch struct {
	tx      *sql.Tx
	table   string
	columns []string
	size    int  // rows per statement
	prepare bool // prepare the full-batch statement
	full    *sql.Stmt
	args    []any
	rows    int
}

// contentTx is the transaction a plan's content is written in, with its
// dialect.
type contentTx struct {
	tx *sql.Tx
	d  dialect
}

func (c contentTx) batch(table string, columns ...string) *batch {
	return &batch{tx: c.tx, table: table, columns: columns,
		size: c.d.batchRows, prepare: c.d.prepareBatches,
		args: make([]any, 0, c.d.batchRows*len(columns))}
}

// add queues one row, whose values follow the order of the columns.
func (b *batch) add(ctx context.Context, values ...any) error {
	if len(values) != len(b.columns) {
		return fmt.Errorf("store: %s: %d values for %d columns", b.table, len(values), len(b.columns))
	}
	b.args = append(b.args, values...)
	b.rows++
	if b.rows == b.size {
		return b.flush(ctx)
	}
	return nil
}

// flush inserts the queued rows.
func (b *batch) flush(ctx context.Context) error {
	if b.rows == 0 {
		return nil
	}
	var err error
	if b.prepare && b.rows == b.size {
		if b.full == nil {
			if b.full, err = b.tx.PrepareContext(ctx, b.insert(b.size)); err != nil {
				return fmt.Errorf("store: prepare insert into %s: %w", b.table, err)
			}
		}
		_, err = b.full.ExecContext(ctx, b.args...)
	} else {
		_, err = b.tx.ExecContext(ctx, b.insert(b.rows), b.args...)
	}
	if err != nil {
		return fmt.Errorf("store: insert into %s: %w", b.table, err)
	}
	b.args, b.rows = b.args[:0], 0
	return nil
}

// insert writes INSERT INTO table (columns) VALUES ($1, ...), ... for rows.
func (b *batch) insert(rows int) string {
	var sb strings.Builder
	sb.WriteString("INSERT INTO " + b.table + " (" + strings.Join(b.columns, ", ") + ") VALUES ")
	n := 0
	for r := range rows {
		if r > 0 {
			sb.WriteString(", ")
		}
		sb.WriteByte('(')
		for c := range b.columns {
			if c > 0 {
				sb.WriteString(", ")
			}
			n++
			sb.WriteString("$" + strconv.Itoa(n))
		}
		sb.WriteByte(')')
	}
	return sb.String()
}

func (b *batch) close() {
	if b.full != nil {
		b.full.Close()
	}
}

// writeContent inserts the units, objectives, indicators, targets and
// diagnostics of p under p.Version, whose ids are already set. Ids and
// positions are assigned first and written back into p; the tables are then
// filled parents first, as the foreign keys require.
func writeContent(ctx context.Context, tx contentTx, p *domain.Plan) error {
	assignIDs(p.Organization.ID, p)
	for _, insert := range []func(context.Context, contentTx, *domain.Plan) error{
		insertUnits, insertObjectives, insertIndicators, insertTargets, insertDiagnostics,
		insertImportedMeasurements,
	} {
		if err := insert(ctx, tx, p); err != nil {
			return err
		}
	}
	return nil
}

// assignIDs gives every unit, objective and indicator of p its 1-based
// position in file order and links each to its parent. An element without
// an id gets a new one; one without an identity is new, and its identity
// is its id. (An element continuing a stored one came with both, and a
// revision past the stored one's: see internal/identity.)
//
// The new ids of one plan are consecutive from a random start (newIDs):
// random ids scatter a large plan's rows over every page of every index,
// so that import slows down as the database outgrows the page cache
// (issue 13); consecutive ones are written side by side.
func assignIDs(orgID int64, p *domain.Plan) {
	next := newIDs()
	ids := func(id, identity *int64) {
		if *id == 0 {
			*id = next()
		}
		if *identity == 0 {
			*identity = *id
		}
	}
	for i, u := range p.Units {
		ids(&u.ID, &u.Identity)
		u.OrganizationID, u.Position = orgID, i+1
		for j, o := range u.Objectives {
			ids(&o.ID, &o.Identity)
			o.OrganizationID, o.UnitID, o.Position, o.Revision = orgID, u.ID, j+1, max(o.Revision, 1)
			for k, in := range o.Indicators {
				ids(&in.ID, &in.Identity)
				in.OrganizationID, in.ObjectiveID, in.Position, in.Revision = orgID, o.ID, k+1, max(in.Revision, 1)
			}
		}
	}
}

// fill queues one row per element with add and inserts them all.
func fill(ctx context.Context, b *batch, each func(add func(...any) error) error) error {
	defer b.close()
	err := each(func(values ...any) error { return b.add(ctx, values...) })
	if err != nil {
		return err
	}
	return b.flush(ctx)
}

func insertUnits(ctx context.Context, tx contentTx, p *domain.Plan) error {
	b := tx.batch("units", "organization_id", "id", "version_id", "position", "name",
		"manager", "kind", "declared_total_weight", "source_sheet", "source_line", "identity_id")
	return fill(ctx, b, func(add func(...any) error) error {
		for _, u := range p.Units {
			if err := add(u.OrganizationID, u.ID, p.Version.ID, u.Position, u.Name, u.Manager,
				string(u.Kind), nullFloat(u.DeclaredTotalWeight), u.Source.Sheet, u.Source.Line, u.Identity); err != nil {
				return err
			}
		}
		return nil
	})
}

func insertObjectives(ctx context.Context, tx contentTx, p *domain.Plan) error {
	b := tx.batch("objectives", "organization_id", "id", "unit_id", "position", "code",
		"title", "weight", "mission_code", "mission_text", "program_code", "program_text",
		"manager", "staff", "notes", "reported_achievement", "kind", "source_sheet", "source_line", "identity_id", "revision")
	return fill(ctx, b, func(add func(...any) error) error {
		for _, u := range p.Units {
			for _, o := range u.Objectives {
				if err := add(o.OrganizationID, o.ID, o.UnitID, o.Position, o.Code, o.Title,
					nullFloat(o.Weight), o.Mission.Code, o.Mission.Text, o.Program.Code,
					o.Program.Text, o.Manager, o.Staff, o.Notes, o.ReportedAchievement,
					string(o.Kind), o.Source.Sheet, o.Source.Line, o.Identity, o.Revision); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

func insertIndicators(ctx context.Context, tx contentTx, p *domain.Plan) error {
	b := tx.batch("indicators", "organization_id", "id", "objective_id", "position",
		"description", "unit_of_measure", "weight", "direction", "baseline_year",
		"baseline_text", "baseline_value", "source_sheet", "source_line", "identity_id", "revision")
	return fill(ctx, b, func(add func(...any) error) error {
		return eachIndicator(p, func(in *domain.Indicator) error {
			return add(in.OrganizationID, in.ID, in.ObjectiveID, in.Position, in.Description,
				in.UnitOfMeasure, nullFloat(in.Weight), string(in.Direction), in.Baseline.Year,
				in.Baseline.Text, nullFloat(in.Baseline.Value), in.Source.Sheet, in.Source.Line, in.Identity, in.Revision)
		})
	})
}

func insertTargets(ctx context.Context, tx contentTx, p *domain.Plan) error {
	b := tx.batch("targets", "organization_id", "indicator_id", "year", "position",
		"target_text", "rule_json")
	return fill(ctx, b, func(add func(...any) error) error {
		return eachIndicator(p, func(in *domain.Indicator) error {
			for i, tg := range in.Targets {
				rule, err := ruleJSON(tg.Rule)
				if err != nil {
					return err
				}
				if err := add(in.OrganizationID, in.ID, tg.Year, i+1, tg.Text, rule); err != nil {
					return err
				}
			}
			return nil
		})
	})
}

func insertDiagnostics(ctx context.Context, tx contentTx, p *domain.Plan) error {
	b := tx.batch("import_diagnostics", "organization_id", "version_id", "position",
		"severity", "code", "sheet", "line", "column_name", "message")
	return fill(ctx, b, func(add func(...any) error) error {
		for i, d := range p.Diagnostics {
			if err := add(p.Organization.ID, p.Version.ID, i+1, string(d.Severity), d.Code, d.Sheet, d.Line,
				d.Column, d.Message); err != nil {
				return err
			}
		}
		return nil
	})
}

// eachIndicator calls fn for every indicator of p, in file order.
func eachIndicator(p *domain.Plan, fn func(*domain.Indicator) error) error {
	for _, u := range p.Units {
		for _, o := range u.Objectives {
			for _, in := range o.Indicators {
				if err := fn(in); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// ruleJSON encodes a target rule for the rule_json column, NULL when absent.
func ruleJSON(r *domain.TargetRule) (sql.NullString, error) {
	if r == nil {
		return sql.NullString{}, nil
	}
	b, err := json.Marshal(r)
	if err != nil {
		return sql.NullString{}, fmt.Errorf("store: encode target rule: %w", err)
	}
	return sql.NullString{String: string(b), Valid: true}, nil
}
