package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
)

// Editing objectives and indicators of a draft version, with optimistic
// concurrency: every edit names the revision it was made from, and is
// refused (ECONFLICT, nothing written) when the row has moved on since.
// Each edit is in the audit log with the row before and after.

// objectiveAudit is what the audit log records of an objective.
type objectiveAudit struct {
	Code        string   `json:"code"`
	Title       string   `json:"title"`
	Weight      *float64 `json:"weight"`
	MissionCode string   `json:"mission_code"`
	MissionText string   `json:"mission_text"`
	ProgramCode string   `json:"program_code"`
	ProgramText string   `json:"program_text"`
	Manager     string   `json:"manager"`
	Staff       string   `json:"staff"`
	Notes       string   `json:"notes"`
	Kind        string   `json:"kind"`
	Revision    int      `json:"revision"`
}

func auditObjective(o *domain.Objective, revision int) objectiveAudit {
	return objectiveAudit{o.Code, o.Title, o.Weight, o.Mission.Code, o.Mission.Text, o.Program.Code, o.Program.Text,
		o.Manager, o.Staff, o.Notes, string(o.Kind), revision}
}

// indicatorAudit is what the audit log records of an indicator.
type indicatorAudit struct {
	Description   string          `json:"description"`
	UnitOfMeasure string          `json:"unit_of_measure"`
	Weight        *float64        `json:"weight"`
	Direction     string          `json:"direction"`
	Baseline      domain.Baseline `json:"baseline"`
	Targets       []domain.Target `json:"targets"`
	Revision      int             `json:"revision"`
}

func auditIndicator(in *domain.Indicator, revision int) indicatorAudit {
	return indicatorAudit{in.Description, in.UnitOfMeasure, in.Weight, string(in.Direction), in.Baseline, in.Targets, revision}
}

func validPercent(w *float64) bool { return w == nil || (*w >= 0 && *w <= 100) }

// twoDigits accepts "" and an official two-digit code.
func twoDigits(s string) bool {
	return s == "" || len(s) == 2 && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9'
}

// editable checks that the element at loc may be edited from revision.
func editable(loc *domain.Location, revision int, what string) error {
	if loc.VersionStatus != domain.VersionDraft {
		return domain.Errorf(domain.ECONFLICT,
			"La versione %d del piano è approvata: non si modifica più. Per cambiarla serve una variazione (Amministrazione › Ciclo).", loc.VersionNumber)
	}
	if loc.Revision != revision {
		return domain.Errorf(domain.ECONFLICT,
			"Nel frattempo qualcun altro ha modificato %s (ora alla revisione %d, tu partivi dalla %d): le tue modifiche non sono state salvate, per non sovrascrivere le sue.",
			what, loc.Revision, revision)
	}
	return nil
}

// UpdateObjective saves the fields of objective o.ID (code, title, weight,
// mission, program, manager, staff, notes, kind) edited from revision, and
// returns the new revision. Refused: an objective of a version that is not
// a draft, or one changed since revision (ECONFLICT); invalid fields
// (EINVALID); another organization's (ENOTFOUND).
func (s *Store) UpdateObjective(ctx context.Context, orgID int64, o *domain.Objective, revision int, actor string) (int, error) {
	o.Title = strings.TrimSpace(o.Title)
	o.Code = strings.TrimSpace(o.Code)
	switch {
	case o.Title == "":
		return 0, domain.Errorf(domain.EINVALID, "Il titolo dell'obiettivo non può essere vuoto.")
	case !validPercent(o.Weight):
		return 0, domain.Errorf(domain.EINVALID, "Il peso deve essere tra 0 e 100.")
	case o.Kind != domain.ObjectiveOrganization && o.Kind != domain.ObjectiveUnit && o.Kind != domain.ObjectiveCrossCutting:
		return 0, domain.Errorf(domain.EINVALID, "Tipo di obiettivo sconosciuto «%s».", o.Kind)
	case !twoDigits(o.Mission.Code) || !twoDigits(o.Program.Code):
		return 0, domain.Errorf(domain.EINVALID, "I codici di missione e programma sono di due cifre (per esempio 01).")
	}
	next := revision + 1
	err := s.writeAs(ctx, orgID, func(tx *sql.Tx) error {
		loc, err := s.locate(ctx, tx, orgID, "objective", o.ID)
		if err != nil {
			return err
		}
		if err := editable(loc, revision, "l'obiettivo"); err != nil {
			return err
		}
		before, err := objectiveRow(ctx, tx, orgID, o.ID)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx,
			`UPDATE objectives SET code = $4, title = $5, weight = $6, mission_code = $7, mission_text = $8,
			   program_code = $9, program_text = $10, manager = $11, staff = $12, notes = $13, kind = $14,
			   revision = revision + 1
			 WHERE organization_id = $1 AND id = $2 AND revision = $3`,
			orgID, o.ID, revision, o.Code, o.Title, nullFloat(o.Weight), o.Mission.Code, o.Mission.Text,
			o.Program.Code, o.Program.Text, o.Manager, o.Staff, o.Notes, string(o.Kind))
		if err != nil {
			return fmt.Errorf("store: update objective: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("store: update objective: %w", err)
		} else if n == 0 {
			return editable(&domain.Location{VersionStatus: domain.VersionDraft, Revision: revision + 1}, revision, "l'obiettivo")
		}
		if err := touchVersions(ctx, tx, orgID, map[int64]bool{loc.VersionID: true}); err != nil {
			return err
		}
		return writeAudit(ctx, tx, orgID, now(), actor, "update", "objective", o.ID,
			auditObjective(before, revision), auditObjective(o, next))
	})
	if err != nil {
		return 0, err
	}
	return next, nil
}

// objectiveRow reads one objective, without its indicators.
func objectiveRow(ctx context.Context, q querier, orgID, id int64) (*domain.Objective, error) {
	o := &domain.Objective{OrganizationID: orgID, ID: id}
	var weight sql.NullFloat64
	err := q.QueryRowContext(ctx,
		`SELECT unit_id, position, code, title, weight, mission_code, mission_text, program_code, program_text,
		   manager, staff, notes, reported_achievement, kind, source_sheet, source_line
		 FROM objectives WHERE organization_id = $1 AND id = $2`, orgID, id).
		Scan(&o.UnitID, &o.Position, &o.Code, &o.Title, &weight, &o.Mission.Code, &o.Mission.Text,
			&o.Program.Code, &o.Program.Text, &o.Manager, &o.Staff, &o.Notes, &o.ReportedAchievement, &o.Kind,
			&o.Source.Sheet, &o.Source.Line)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "Obiettivo non trovato.")
	} else if err != nil {
		return nil, fmt.Errorf("store: select objective: %w", err)
	}
	o.Weight = floatPtr(weight)
	return o, nil
}

// UpdateIndicator saves the fields of indicator in.ID (description, unit of
// measure, weight, direction, baseline, and its targets, replaced whole)
// edited from revision, and returns the new revision. Refused as
// UpdateObjective, and two targets for one year (EINVALID).
func (s *Store) UpdateIndicator(ctx context.Context, orgID int64, in *domain.Indicator, revision int, actor string) (int, error) {
	in.Description = strings.TrimSpace(in.Description)
	switch {
	case in.Description == "":
		return 0, domain.Errorf(domain.EINVALID, "La descrizione dell'indicatore non può essere vuota.")
	case !validPercent(in.Weight):
		return 0, domain.Errorf(domain.EINVALID, "Il peso deve essere tra 0 e 100.")
	case in.Direction != domain.DirectionUnknown && in.Direction != domain.HigherIsBetter && in.Direction != domain.LowerIsBetter:
		return 0, domain.Errorf(domain.EINVALID, "Verso sconosciuto «%s».", in.Direction)
	}
	if err := validateTargets(in); err != nil {
		return 0, err
	}
	next := revision + 1
	err := s.writeAs(ctx, orgID, func(tx *sql.Tx) error {
		loc, err := s.locate(ctx, tx, orgID, "indicator", in.ID)
		if err != nil {
			return err
		}
		if err := editable(loc, revision, "l'indicatore"); err != nil {
			return err
		}
		before, err := indicatorRow(ctx, tx, orgID, in.ID)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx,
			`UPDATE indicators SET description = $4, unit_of_measure = $5, weight = $6, direction = $7,
			   baseline_year = $8, baseline_text = $9, baseline_value = $10, revision = revision + 1
			 WHERE organization_id = $1 AND id = $2 AND revision = $3`,
			orgID, in.ID, revision, in.Description, in.UnitOfMeasure, nullFloat(in.Weight), string(in.Direction),
			in.Baseline.Year, in.Baseline.Text, nullFloat(in.Baseline.Value))
		if err != nil {
			return fmt.Errorf("store: update indicator: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("store: update indicator: %w", err)
		} else if n == 0 {
			return editable(&domain.Location{VersionStatus: domain.VersionDraft, Revision: revision + 1}, revision, "l'indicatore")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM targets WHERE organization_id = $1 AND indicator_id = $2`,
			orgID, in.ID); err != nil {
			return fmt.Errorf("store: delete targets: %w", err)
		}
		for i, tg := range in.Targets {
			rule, err := ruleJSON(tg.Rule)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx,
				`INSERT INTO targets (organization_id, indicator_id, year, position, target_text, rule_json)
				 VALUES ($1, $2, $3, $4, $5, $6)`, orgID, in.ID, tg.Year, i+1, tg.Text, rule); err != nil {
				return fmt.Errorf("store: insert target: %w", err)
			}
		}
		if err := touchVersions(ctx, tx, orgID, map[int64]bool{loc.VersionID: true}); err != nil {
			return err
		}
		return writeAudit(ctx, tx, orgID, now(), actor, "update", "indicator", in.ID,
			auditIndicator(before, revision), auditIndicator(in, next))
	})
	if err != nil {
		return 0, err
	}
	return next, nil
}

// indicatorRow reads one indicator with its targets.
func indicatorRow(ctx context.Context, q querier, orgID, id int64) (*domain.Indicator, error) {
	in := &domain.Indicator{OrganizationID: orgID, ID: id}
	var weight, baseline sql.NullFloat64
	err := q.QueryRowContext(ctx,
		`SELECT objective_id, position, description, unit_of_measure, weight, direction,
		   baseline_year, baseline_text, baseline_value, source_sheet, source_line
		 FROM indicators WHERE organization_id = $1 AND id = $2`, orgID, id).
		Scan(&in.ObjectiveID, &in.Position, &in.Description, &in.UnitOfMeasure, &weight, &in.Direction,
			&in.Baseline.Year, &in.Baseline.Text, &baseline, &in.Source.Sheet, &in.Source.Line)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "Indicatore non trovato.")
	} else if err != nil {
		return nil, fmt.Errorf("store: select indicator: %w", err)
	}
	in.Weight, in.Baseline.Value = floatPtr(weight), floatPtr(baseline)
	rows, err := q.QueryContext(ctx,
		`SELECT year, target_text, rule_json FROM targets WHERE organization_id = $1 AND indicator_id = $2 ORDER BY position`,
		orgID, id)
	if err != nil {
		return nil, fmt.Errorf("store: select targets: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			tg   domain.Target
			rule sql.NullString
		)
		if err := rows.Scan(&tg.Year, &tg.Text, &rule); err != nil {
			return nil, fmt.Errorf("store: scan target: %w", err)
		}
		if rule.Valid {
			tg.Rule = new(domain.TargetRule)
			if err := jsonUnmarshal(rule.String, tg.Rule); err != nil {
				return nil, err
			}
		}
		in.Targets = append(in.Targets, tg)
	}
	return in, rows.Err()
}
