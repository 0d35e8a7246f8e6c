package store

import (
	"database/sql"
	"time"
)

// Conversions between the domain's optional values (pointers) and SQL NULL.

func nullFloat(f *float64) sql.NullFloat64 {
	if f == nil {
		return sql.NullFloat64{}
	}
	return sql.NullFloat64{Float64: *f, Valid: true}
}

func floatPtr(f sql.NullFloat64) *float64 {
	if !f.Valid {
		return nil
	}
	v := f.Float64
	return &v
}

func nullTime(t *time.Time) sql.NullTime {
	if t == nil {
		return sql.NullTime{}
	}
	return sql.NullTime{Time: *t, Valid: true}
}

// dateOnly keeps the calendar day of t, at midnight UTC: the act date of a
// delibera is a day, and both databases store it as a DATE.
func dateOnly(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return &d
}

// datePtr reads a DATE column back into the form dateOnly writes.
func datePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	// The day as stored: UTC midnight in both databases.
	u := t.Time.UTC()
	return dateOnly(&u)
}

func nullBool(b *bool) sql.NullBool {
	if b == nil {
		return sql.NullBool{}
	}
	return sql.NullBool{Bool: *b, Valid: true}
}

func boolPtr(b sql.NullBool) *bool {
	if !b.Valid {
		return nil
	}
	v := b.Bool
	return &v
}
