package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/pressly/goose/v3"

	"github.com/performa-pa/performa/internal/domain"
)

var _ domain.PublicationStore = (*Store)(nil)

const publicationColumns = `id, kind, year, cycle_id, version_id, version_number, published_at, published_by, published_name,
	unpublished_at, unpublished_by, unpublished_name, distribution_id, distribution_saved_at, content`

func scanPublication(row interface{ Scan(...any) error }, orgID int64) (domain.Publication, error) {
	p := domain.Publication{OrganizationID: orgID}
	var (
		gone, saved  sql.NullTime
		distribution sql.NullInt64
		content      sql.NullString
	)
	err := row.Scan(&p.ID, &p.Kind, &p.Year, &p.CycleID, &p.VersionID, &p.VersionNumber, &p.PublishedAt, &p.PublishedBy,
		&p.PublishedName, &gone, &p.UnpublishedBy, &p.UnpublishedName, &distribution, &saved, &content)
	p.PublishedAt = p.PublishedAt.UTC()
	if gone.Valid {
		t := gone.Time.UTC()
		p.UnpublishedAt = &t
	}
	if saved.Valid {
		t := saved.Time.UTC()
		p.DistributionSavedAt = &t
	}
	if content.Valid {
		p.Content = []byte(content.String)
	}
	p.DistributionID = distribution.Int64
	return p, err
}

// Publications lists every publication of the organization, oldest first.
func (s *Store) Publications(ctx context.Context, orgID int64) ([]domain.Publication, error) {
	q, done, err := s.readAs(ctx, orgID)
	if err != nil {
		return nil, err
	}
	defer done()
	rows, err := q.QueryContext(ctx, `SELECT `+publicationColumns+` FROM publications
		WHERE organization_id = $1 ORDER BY published_at, id`, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: select publications: %w", err)
	}
	defer rows.Close()
	var out []domain.Publication
	for rows.Next() {
		p, err := scanPublication(rows, orgID)
		if err != nil {
			return nil, fmt.Errorf("store: scan publication: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// livePublication finds the live publication of kind and year, locking
// it (on PostgreSQL); ENOTFOUND when there is none.
func (s *Store) livePublication(ctx context.Context, tx *sql.Tx, orgID int64, kind domain.PublicationKind, year int) (*domain.Publication, error) {
	p, err := scanPublication(tx.QueryRowContext(ctx, `SELECT `+publicationColumns+` FROM publications
		WHERE organization_id = $1 AND kind = $2 AND year = $3 AND unpublished_at IS NULL`+s.d.forUpdate,
		orgID, string(kind), year), orgID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENOTFOUND, "%s %d non %s %s.", kind.The(), year, kind.Verb("è", "sono"), kind.Agree("pubblicato"))
	} else if err != nil {
		return nil, fmt.Errorf("store: select publication: %w", err)
	}
	return &p, nil
}

// publicationAudit is what the audit log keeps of a publication.
type publicationAudit struct {
	Kind    domain.PublicationKind `json:"kind"`
	Year    int                    `json:"year"`
	Version int                    `json:"version"`
	// Premi: when the distribution published was saved.
	DistributionSavedAt string `json:"distribution_saved_at,omitempty"`
}

func auditPublication(p *domain.Publication) publicationAudit {
	a := publicationAudit{Kind: p.Kind, Year: p.Year, Version: p.VersionNumber}
	if p.DistributionSavedAt != nil {
		a.DistributionSavedAt = p.DistributionSavedAt.UTC().Format(time.RFC3339)
	}
	return a
}

// samePublished reports whether p publishes what prev published: the same
// version, for premi the same saved distribution.
func samePublished(prev, p *domain.Publication) bool {
	if p.Kind == domain.PublishPremi {
		return prev.DistributionID == p.DistributionID
	}
	return prev.VersionID == p.VersionID
}

// checkDistribution makes sure the distribution p publishes is still the
// one saved for its year, locking it (on PostgreSQL) so that a new save
// waits for the publication: ECONFLICT when it was replaced meanwhile.
func (s *Store) checkDistribution(ctx context.Context, tx *sql.Tx, orgID int64, p *domain.Publication) error {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM reward_distributions WHERE organization_id = $1 AND year = $2`+s.d.forUpdate,
		orgID, p.Year).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) || err == nil && id != p.DistributionID {
		return domain.Errorf(domain.ECONFLICT, "La distribuzione dei premi %d è cambiata nel frattempo: ricarica la pagina e riprova.", p.Year)
	} else if err != nil {
		return fmt.Errorf("store: select reward distribution: %w", err)
	}
	return nil
}

// Publish records p as the live publication of its kind and year; a live
// one of another version (for premi: of another saved distribution) is
// closed first, the same one live already is refused (ECONFLICT), and so
// is a distribution replaced since it was read. Both are in the audit log
// (entity "publication").
func (s *Store) Publish(ctx context.Context, orgID int64, p *domain.Publication) error {
	premi := p.Kind == domain.PublishPremi
	if !p.Kind.Valid() || p.PublishedBy == "" || p.VersionID == 0 || premi != (p.DistributionID != 0 && p.DistributionSavedAt != nil && len(p.Content) > 0) {
		return domain.Errorf(domain.EINVALID, "Pubblicazione incompleta: documento, versione (per i premi la distribuzione) e chi pubblica.")
	}
	return s.writeAs(ctx, orgID, func(tx *sql.Tx) error {
		t := now()
		// Two publications of the same cycle take turns.
		if _, _, _, err := s.lockCycle(ctx, tx, orgID, p.CycleID); err != nil {
			return err
		}
		if premi {
			if err := s.checkDistribution(ctx, tx, orgID, p); err != nil {
				return err
			}
		}
		prev, err := s.livePublication(ctx, tx, orgID, p.Kind, p.Year)
		switch {
		case err == nil && samePublished(prev, p):
			return domain.Errorf(domain.ECONFLICT, "%s %d %s già %s (%s) dal %s.",
				p.Kind.The(), p.Year, p.Kind.Verb("è", "sono"), p.Kind.Agree("pubblicato"), prev.What(), prev.PublishedAt.In(rome).Format("02/01/2006"))
		case err == nil:
			if err := s.closePublication(ctx, tx, orgID, prev, p.PublishedBy, t); err != nil {
				return err
			}
		case domain.ErrorCode(err) != domain.ENOTFOUND:
			return err
		}
		p.ID, p.OrganizationID, p.PublishedAt, p.UnpublishedAt = newID(), orgID, t, nil
		if p.PublishedName, err = fullName(ctx, tx, orgID, p.PublishedBy); err != nil {
			return err
		}
		var distribution, saved, content any
		if premi {
			distribution, saved, content = p.DistributionID, p.DistributionSavedAt.UTC(), string(p.Content)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO publications (organization_id, id, kind, year, cycle_id, version_id,
			version_number, published_at, published_by, published_name, distribution_id, distribution_saved_at, content)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
			orgID, p.ID, string(p.Kind), p.Year, p.CycleID, p.VersionID, p.VersionNumber, t, p.PublishedBy, p.PublishedName,
			distribution, saved, content); err != nil {
			return fmt.Errorf("store: insert publication: %w", err)
		}
		return writeAudit(ctx, tx, orgID, t, p.PublishedBy, "publish", "publication", p.ID, nil, auditPublication(p))
	})
}

func (s *Store) closePublication(ctx context.Context, tx *sql.Tx, orgID int64, p *domain.Publication, by string, t time.Time) error {
	name, err := fullName(ctx, tx, orgID, by)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE publications SET unpublished_at = $3, unpublished_by = $4, unpublished_name = $5
		WHERE organization_id = $1 AND id = $2`, orgID, p.ID, t, by, name); err != nil {
		return fmt.Errorf("store: update publication: %w", err)
	}
	p.UnpublishedAt, p.UnpublishedBy, p.UnpublishedName = &t, by, name
	return writeAudit(ctx, tx, orgID, t, by, "unpublish", "publication", p.ID, auditPublication(p), nil)
}

// Unpublish takes down the live publication of kind and year (ECONFLICT
// when none is live).
func (s *Store) Unpublish(ctx context.Context, orgID int64, kind domain.PublicationKind, year int, by string) (*domain.Publication, error) {
	if !kind.Valid() || by == "" {
		return nil, domain.Errorf(domain.EINVALID, "Indica il documento e chi ritira la pubblicazione.")
	}
	var out *domain.Publication
	err := s.writeAs(ctx, orgID, func(tx *sql.Tx) error {
		p, err := s.livePublication(ctx, tx, orgID, kind, year)
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return domain.Errorf(domain.ECONFLICT, "%s %d non %s %s: non c'è nulla da ritirare.", kind.The(), year, kind.Verb("è", "sono"), kind.Agree("pubblicato"))
		} else if err != nil {
			return err
		}
		if err := s.closePublication(ctx, tx, orgID, p, by, now()); err != nil {
			return err
		}
		out = p
		return nil
	})
	return out, err
}

// OrganizationBySlug finds an organization by its public address.
func (s *Store) OrganizationBySlug(ctx context.Context, slug string) (*domain.Organization, error) {
	o, _, err := s.organizationWhere(ctx, "slug", slug)
	return o, err
}

// organizationWhere finds the organization whose column equals value
// (ENOTFOUND), with its generation (memo.go): the directory of entes has
// no row-level security, so one statement outside any transaction.
func (s *Store) organizationWhere(ctx context.Context, column string, value any) (*domain.Organization, int64, error) {
	q := querier(s.readPool)
	if s.reads != nil {
		q = s.reads
	}
	var o domain.Organization
	var gen int64
	err := q.QueryRowContext(ctx, `SELECT id, name, created_at, COALESCE(slug, ''), generation FROM organizations WHERE `+column+` = $1`, value).
		Scan(&o.ID, &o.Name, &o.CreatedAt, &o.Slug, &gen)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, domain.Errorf(domain.ENOTFOUND, "Ente non trovato.")
	} else if err != nil {
		return nil, 0, fmt.Errorf("store: select organization: %w", err)
	}
	o.CreatedAt = o.CreatedAt.UTC()
	return &o, gen, nil
}

// assignSlug gives the organization orgID its public address, made from
// name (domain.Slug), with "-2", "-3"… when another has it already.
func assignSlug(ctx context.Context, q querier, orgID int64, name string) (string, error) {
	base := domain.Slug(name)
	for n := 1; ; n++ {
		slug := base
		if n > 1 {
			slug += "-" + strconv.Itoa(n)
		}
		var taken int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM organizations WHERE slug = $1`, slug).Scan(&taken); err != nil {
			return "", fmt.Errorf("store: select slug: %w", err)
		}
		if taken > 0 {
			continue
		}
		if _, err := q.ExecContext(ctx, `UPDATE organizations SET slug = $2 WHERE id = $1 AND slug IS NULL`, orgID, slug); err != nil {
			return "", fmt.Errorf("store: update slug: %w", err)
		}
		return slug, nil
	}
}

// slugMigration is migration 29, the same for both databases: it gives
// every organization stored before migration 28 its public address, in
// the order they were created.
var slugMigration = goose.NewGoMigration(29, &goose.GoFunc{RunTx: func(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, name FROM organizations WHERE slug IS NULL ORDER BY created_at, id`)
	if err != nil {
		return fmt.Errorf("slugs: %w", err)
	}
	type org struct {
		id   int64
		name string
	}
	var orgs []org
	for rows.Next() {
		var o org
		if err := rows.Scan(&o.id, &o.name); err != nil {
			rows.Close()
			return fmt.Errorf("slugs: %w", err)
		}
		orgs = append(orgs, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("slugs: %w", err)
	}
	for _, o := range orgs {
		if _, err := assignSlug(ctx, tx, o.id, o.name); err != nil {
			return err
		}
	}
	return nil
}}, &goose.GoFunc{Mode: goose.TransactionEnabled})

// PublicStamp names the organization's recorded state: the hash at the
// head of its audit chain, which every change (recorded in the audit log)
// moves, taking turns on the chain's head; and when that entry was written
// (the organization's creation before any). Public pages made from one
// stamp are the same until the stamp moves (or the day changes).
func (s *Store) PublicStamp(ctx context.Context, orgID int64) (string, time.Time, error) {
	q, done, err := s.readAs(ctx, orgID)
	if err != nil {
		return "", time.Time{}, err
	}
	defer done()
	var (
		seq  int64
		hash string
		at   sql.NullTime
	)
	err = q.QueryRowContext(ctx, `SELECT h.seq, h.hash, a.at FROM audit_heads h
		LEFT JOIN audit_log a ON a.organization_id = h.organization_id AND a.seq = h.seq
		WHERE h.organization_id = $1`, orgID).Scan(&seq, &hash, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return "0", time.Time{}, nil
	} else if err != nil {
		return "", time.Time{}, fmt.Errorf("store: audit head: %w", err)
	}
	return strconv.FormatInt(seq, 10) + ":" + hash, at.Time.UTC(), nil
}
