package domain

import (
	"context"
	"strings"
	"time"
)

// PublicationKind is what an ente publishes of its cycle in
// «Amministrazione trasparente › Performance».
type PublicationKind string

const (
	PublishPiano     PublicationKind = "piano"     // the Piano of a year: an approved version
	PublishRelazione PublicationKind = "relazione" // the Relazione of a year: the results signed off by the Nucleo
)

// Valid reports whether k is a known kind.
func (k PublicationKind) Valid() bool { return k == PublishPiano || k == PublishRelazione }

// Label is the Italian name of the document.
func (k PublicationKind) Label() string {
	switch k {
	case PublishPiano:
		return "Piano della performance"
	case PublishRelazione:
		return "Relazione sulla performance"
	}
	return string(k)
}

// The is the document with its article, to start a sentence: «Il Piano
// della performance», «La Relazione sulla performance».
func (k PublicationKind) The() string {
	if k == PublishRelazione {
		return "La " + k.Label()
	}
	return "Il " + k.Label()
}

// Agree makes a masculine singular word ending in "o" agree with the
// document: «pubblicato» for the Piano, «pubblicata» for the Relazione.
func (k PublicationKind) Agree(word string) string {
	if k == PublishRelazione && strings.HasSuffix(word, "o") {
		return strings.TrimSuffix(word, "o") + "a"
	}
	return word
}

// Publication is one publication of a document of a year: what was
// published (the plan's version), when and by whom, and when and by whom
// it was taken down. Publications are never deleted: a new one replaces
// the current one, which is closed (UnpublishedAt) at that moment.
type Publication struct {
	ID              int64
	OrganizationID  int64
	Kind            PublicationKind
	Year            int
	CycleID         int64
	VersionID       int64
	VersionNumber   int
	PublishedAt     time.Time
	PublishedBy     string // sign-in name
	PublishedName   string // full name when known
	UnpublishedAt   *time.Time
	UnpublishedBy   string
	UnpublishedName string
}

// Live reports whether the publication is on the public site.
func (p *Publication) Live() bool { return p.UnpublishedAt == nil }

// PublicationStore keeps the publications of an organization.
type PublicationStore interface {
	// Publications lists every publication of the organization, oldest
	// first, live and withdrawn.
	Publications(ctx context.Context, orgID int64) ([]Publication, error)
	// Publish records p as the live publication of its kind and year,
	// closing the one live before it (ECONFLICT when it is the same
	// version already live). It sets ID, PublishedAt and PublishedName and
	// writes the audit log.
	Publish(ctx context.Context, orgID int64, p *Publication) error
	// Unpublish takes down the live publication of kind and year
	// (ECONFLICT when none is live) and writes the audit log.
	Unpublish(ctx context.Context, orgID int64, kind PublicationKind, year int, by string) (*Publication, error)
	// PublicStamp names the organization's recorded state (it moves with
	// every entry of the audit log) and says when it last moved (zero
	// before any change): what public pages are cached by.
	PublicStamp(ctx context.Context, orgID int64) (string, time.Time, error)
	// OrganizationBySlug finds an organization by its public address
	// (ENOTFOUND).
	OrganizationBySlug(ctx context.Context, slug string) (*Organization, error)
}
