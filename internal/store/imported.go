package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/performa-pa/performa/internal/domain"
)

// Imported measurements: the values a plan's file recorded itself (a long
// layout's one row per period) travel with the plan. ImportPlan writes them
// into the measurements table with recorded_by 'import', in the same
// transaction; a re-import of the draft replaces them (they go with the
// indicators they hang from), and loading a plan returns them, so that a
// stored plan exports as it was read. Measurements recorded in performa
// are never part of the plan: a draft that has any is not replaced.

// insertImportedMeasurements writes the measurements of every indicator of
// p, as imported. Their ids are not written back: the plan holds them by
// value.
func insertImportedMeasurements(ctx context.Context, tx contentTx, p *domain.Plan) error {
	b := tx.batch("measurements", "organization_id", "id", "indicator_id", "measured_on", "number_value",
		"bool_value", "date_value", "text_value", "note", "evidence", "recorded_by", "recorded_at")
	t := now()
	return fill(ctx, b, func(add func(...any) error) error {
		return eachIndicator(p, func(in *domain.Indicator) error {
			for i := range in.Measurements {
				m := &in.Measurements[i]
				m.RecordedBy, m.RecordedAt = domain.RecordedByImport, t
				if err := add(in.OrganizationID, newID(), in.ID, *dateOnly(&m.Date), nullFloat(m.Number),
					nullBool(m.Bool), nullTime(dateOnly(m.DateValue)), m.Text, m.Note, m.Evidence,
					m.RecordedBy, m.RecordedAt); err != nil {
					return err
				}
			}
			return nil
		})
	})
}

// importedMeasurements attaches to each indicator the measurements its
// import wrote, by date.
func (l *loader) importedMeasurements(ctx context.Context, indicators map[int64]*domain.Indicator) error {
	return l.each(ctx, "imported measurements",
		`SELECT m.id, m.indicator_id, m.measured_on, m.number_value, m.bool_value, m.date_value,
		   m.text_value, m.note, m.evidence, m.recorded_at
		 FROM measurements m
		 JOIN indicators i ON i.organization_id = m.organization_id AND i.id = m.indicator_id
		 JOIN objectives ob ON ob.organization_id = i.organization_id AND ob.id = i.objective_id
		 JOIN units u ON u.organization_id = ob.organization_id AND u.id = ob.unit_id
		 WHERE m.organization_id = $1 AND u.version_id = $2 AND m.recorded_by = '`+domain.RecordedByImport+`'
		 ORDER BY m.measured_on, m.id`,
		func(rows *sql.Rows) error {
			m := domain.Measurement{OrganizationID: l.orgID, RecordedBy: domain.RecordedByImport}
			var (
				date   time.Time
				number sql.NullFloat64
				b      sql.NullBool
				dv     sql.NullTime
			)
			if err := rows.Scan(&m.ID, &m.IndicatorID, &date, &number, &b, &dv, &m.Text, &m.Note,
				&m.Evidence, &m.RecordedAt); err != nil {
				return err
			}
			m.Date = *datePtr(sql.NullTime{Time: date, Valid: true})
			m.Number, m.Bool, m.DateValue = floatPtr(number), boolPtr(b), datePtr(dv)
			m.RecordedAt = m.RecordedAt.UTC()
			if in := indicators[m.IndicatorID]; in != nil {
				in.Measurements = append(in.Measurements, m)
			}
			return nil
		})
}
