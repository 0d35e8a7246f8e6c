package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/italian"
)

// The memory of the edits made in performa to a draft version
// (draft_edits): each edit of an objective or indicator of a draft is
// remembered with the element in words, who and when, so that an import
// that would replace the draft, and erase them, is refused naming them.
// The audit log keeps the edits themselves; this is what the guard reads.

// recordDraftEdit remembers an edit of the element entity/entityID,
// described by label, in draft version versionID.
func recordDraftEdit(ctx context.Context, q querier, orgID, versionID int64, t time.Time, actor, action, entity string, entityID int64, label string) error {
	_, err := q.ExecContext(ctx,
		`INSERT INTO draft_edits (organization_id, version_id, id, at, actor, action, entity, entity_id, label)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		orgID, versionID, newID(), t, actor, action, entity, entityID, label)
	if err != nil {
		return fmt.Errorf("store: insert draft edit: %w", err)
	}
	return nil
}

// draftEdits lists the edits made in performa to draft version v, oldest
// first, with the full name of who made each.
func draftEdits(ctx context.Context, q querier, v domain.Version) ([]domain.DraftEdit, error) {
	rows, err := q.QueryContext(ctx,
		`SELECT d.at, d.actor, COALESCE(u.full_name, ''), d.action, d.entity, d.entity_id, d.label
		 FROM draft_edits d
		 LEFT JOIN users u ON u.organization_id = d.organization_id AND u.name = d.actor
		 WHERE d.organization_id = $1 AND d.version_id = $2 ORDER BY d.at, d.id`, v.OrganizationID, v.ID)
	if err != nil {
		return nil, fmt.Errorf("store: select draft edits: %w", err)
	}
	defer rows.Close()
	var out []domain.DraftEdit
	for rows.Next() {
		var e domain.DraftEdit
		if err := rows.Scan(&e.At, &e.Actor, &e.FullName, &e.Action, &e.Entity, &e.EntityID, &e.Label); err != nil {
			return nil, fmt.Errorf("store: scan draft edit: %w", err)
		}
		e.At = e.At.UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

// DraftEdits lists the edits made in performa to a draft version since it
// was last imported (none for a version that is not a draft).
func (s *Store) DraftEdits(ctx context.Context, orgID, versionID int64) ([]domain.DraftEdit, error) {
	q, done, err := s.readAs(ctx, orgID)
	if err != nil {
		return nil, err
	}
	defer done()
	return draftEdits(ctx, q, domain.Version{OrganizationID: orgID, ID: versionID})
}

// maxNamedEdits bounds how many edits a refusal names one by one.
const maxNamedEdits = 5

// draftGuard is the refusal of an import over draft v of cycle c, a
// variation or a draft holding edits: it names the version, who started
// the variation and when, and the edits.
func (s *Store) draftGuard(ctx context.Context, q querier, c domain.Cycle, v domain.Version, edits []domain.DraftEdit) error {
	var b strings.Builder
	fmt.Fprintf(&b, "La bozza del piano %d–%d (versione %d) ", c.FirstYear, c.LastYear, v.Number)
	if v.Number > 1 {
		b.WriteString("è una variazione del piano approvato")
		if v.Reason != "" {
			fmt.Fprintf(&b, " (motivo: «%s»)", v.Reason)
		}
		if who, at, err := variationStart(ctx, q, v); err != nil {
			return err
		} else if who != "" {
			fmt.Fprintf(&b, ", avviata da %s il %s", who, at.In(rome).Format("02/01/2006"))
		}
		if len(edits) > 0 {
			b.WriteString(", e ")
		}
	}
	if len(edits) > 0 {
		fmt.Fprintf(&b, "contiene %s in performa: ", pluralIt(len(edits), "modifica fatta", "modifiche fatte"))
		for i, e := range edits {
			if i == maxNamedEdits {
				fmt.Fprintf(&b, "; e %s", pluralIt(len(edits)-i, "altra", "altre"))
				break
			}
			if i > 0 {
				b.WriteString("; ")
			}
			fmt.Fprintf(&b, "%s l'%s (%s, %s)", editVerb(e), e.Label, editor(e), e.At.In(rome).Format("02/01/2006 15:04"))
		}
	}
	b.WriteString(". Importare il file la sostituirebbe per intero e questo lavoro andrebbe perso: il piano non è stato sostituito. " +
		"Per sostituirla comunque, chiedi espressamente di sostituire la bozza " +
		"(performa import --replace-draft; nel sito, la casella «Sostituisci la bozza»; nell'API, replace_draft=true).")
	return &domain.DraftEditedError{Err: domain.Errorf(domain.ECONFLICT, "%s", b.String()),
		Version: v.Number, Variation: v.Number > 1, Reason: v.Reason, Edits: edits}
}

// variationStart finds who started variation v (full name when known) and
// when, from the audit log.
func variationStart(ctx context.Context, q querier, v domain.Version) (string, time.Time, error) {
	var (
		actor, full string
		at          time.Time
	)
	err := q.QueryRowContext(ctx,
		`SELECT a.actor, COALESCE(u.full_name, ''), a.at FROM audit_log a
		 LEFT JOIN users u ON u.organization_id = a.organization_id AND u.name = a.actor
		 WHERE a.organization_id = $1 AND a.entity = 'plan_version' AND a.entity_id = $2 AND a.action = 'variation'
		 ORDER BY a.at LIMIT 1`, v.OrganizationID, v.ID).Scan(&actor, &full, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return "", time.Time{}, nil
	} else if err != nil {
		return "", time.Time{}, fmt.Errorf("store: select variation: %w", err)
	}
	if full != "" {
		actor = full
	}
	return actor, at, nil
}

// editVerb says what an edit did to its element (objectives and
// indicators are both masculine, and both take l').
func editVerb(e domain.DraftEdit) string {
	switch e.Action {
	case "create":
		return "aggiunto"
	case "delete":
		return "eliminato"
	}
	return "modificato"
}

func editor(e domain.DraftEdit) string {
	if e.FullName != "" {
		return e.FullName
	}
	return e.Actor
}

func pluralIt(n int, one, many string) string { return italian.Count(n, one, many) }
