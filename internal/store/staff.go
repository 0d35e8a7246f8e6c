package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/performa-pa/performa/internal/domain"
)

// StaffReplaced says what replacing a year's register did.
type StaffReplaced struct {
	Before, After int
}

// ReplaceStaff replaces the staff register of a year with people, in one
// transaction, and records it in the audit log. A register that would
// empty the stored one (no people, where people are stored) is refused
// (ECONFLICT) unless force.
func (s *Store) ReplaceStaff(ctx context.Context, orgID int64, year int, people []domain.StaffMember, actor string, force bool) (StaffReplaced, error) {
	var out StaffReplaced
	if year < 1900 || actor == "" {
		return out, domain.Errorf(domain.EINVALID, "Servono l'anno del personale e chi lo importa.")
	}
	seen := map[string]bool{}
	for _, m := range people {
		if m.Matricola == "" || seen[m.Matricola] {
			return out, domain.Errorf(domain.EINVALID, "La matricola «%s» manca o è ripetuta.", m.Matricola)
		}
		seen[m.Matricola] = true
	}
	err := s.writeAs(ctx, orgID, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM staff_members WHERE organization_id = $1 AND year = $2`,
			orgID, year).Scan(&out.Before); err != nil {
			return fmt.Errorf("store: count staff: %w", err)
		}
		if len(people) == 0 && out.Before > 0 && !force {
			return domain.Errorf(domain.ECONFLICT,
				"Il file non contiene persone: importarlo svuoterebbe il personale %d (%d persone registrate). Per farlo apposta usa --force.", year, out.Before)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM staff_members WHERE organization_id = $1 AND year = $2`, orgID, year); err != nil {
			return fmt.Errorf("store: delete staff: %w", err)
		}
		t := now()
		for _, m := range people {
			var unit sql.NullInt64
			if m.Unit.ID != 0 {
				unit = sql.NullInt64{Int64: m.Unit.ID, Valid: true}
			}
			if _, err := tx.ExecContext(ctx,
				`INSERT INTO staff_members (organization_id, id, year, matricola, surname, given_name, area, profile,
				   unit_identity, unit_name, part_time, start_date, end_date, absence_days, source_line, imported_by, imported_at)
				 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
				orgID, newID(), year, m.Matricola, m.Surname, m.Name, string(m.Area), m.Profile, unit, m.Unit.Name,
				m.PartTime, *dateOnly(&m.Start), *dateOnly(&m.End), m.AbsenceDays, m.SourceLine, actor, t); err != nil {
				return fmt.Errorf("store: insert staff member: %w", err)
			}
		}
		out.After = len(people)
		type summary struct {
			Year   int `json:"year"`
			People int `json:"people"`
		}
		return writeAudit(ctx, tx, orgID, t, actor, "import", "staff_register", int64(year),
			summary{year, out.Before}, summary{year, out.After})
	})
	return out, err
}

// Staff lists the register of a year, by surname, name and matricola.
func (s *Store) Staff(ctx context.Context, orgID int64, year int) ([]domain.StaffMember, error) {
	q, done, err := s.readAs(ctx, orgID)
	if err != nil {
		return nil, err
	}
	defer done()
	rows, err := q.QueryContext(ctx,
		`SELECT id, matricola, surname, given_name, area, profile, unit_identity, unit_name, part_time,
		   start_date, end_date, absence_days, source_line, imported_by, imported_at
		 FROM staff_members WHERE organization_id = $1 AND year = $2
		 ORDER BY surname, given_name, matricola`, orgID, year)
	if err != nil {
		return nil, fmt.Errorf("store: select staff: %w", err)
	}
	defer rows.Close()
	var out []domain.StaffMember
	for rows.Next() {
		m := domain.StaffMember{OrganizationID: orgID, Year: year}
		var area string
		var unit sql.NullInt64
		if err := rows.Scan(&m.ID, &m.Matricola, &m.Surname, &m.Name, &area, &m.Profile, &unit, &m.Unit.Name, &m.PartTime,
			&m.Start, &m.End, &m.AbsenceDays, &m.SourceLine, &m.ImportedBy, &m.ImportedAt); err != nil {
			return nil, fmt.Errorf("store: scan staff member: %w", err)
		}
		m.Area, m.Unit.ID = domain.Area(area), unit.Int64
		m.Start, m.End = m.Start.UTC(), m.End.UTC()
		out = append(out, m)
	}
	return out, rows.Err()
}
