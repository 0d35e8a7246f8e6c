package domain

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/performa-pa/performa/internal/italian"
)

// PublicationKind is what an ente publishes of its cycle in
// «Amministrazione trasparente › Performance».
type PublicationKind string

const (
	PublishPiano     PublicationKind = "piano"     // the Piano of a year: an approved version
	PublishRelazione PublicationKind = "relazione" // the Relazione of a year: the results signed off by the Nucleo
	// PublishPremi is the aggregates of a year's saved distribution of
	// premiums (art. 20 D.Lgs 33/2013): totals, by score band and by area.
	PublishPremi PublicationKind = "premi"
)

// PublicationKinds are the kinds, in the order the pages list them.
var PublicationKinds = []PublicationKind{PublishPiano, PublishRelazione, PublishPremi}

// Valid reports whether k is a known kind.
func (k PublicationKind) Valid() bool {
	return k == PublishPiano || k == PublishRelazione || k == PublishPremi
}

// Label is the Italian name of the document.
func (k PublicationKind) Label() string {
	switch k {
	case PublishPiano:
		return "Piano della performance"
	case PublishRelazione:
		return "Relazione sulla performance"
	case PublishPremi:
		return "Premi collegati alla performance"
	}
	return string(k)
}

// The is the document with its article, to start a sentence: «Il Piano
// della performance», «La Relazione sulla performance», «I dati sui premi
// collegati alla performance» (plural: see Verb).
func (k PublicationKind) The() string {
	switch k {
	case PublishRelazione:
		return "La " + k.Label()
	case PublishPremi:
		return "I dati sui premi collegati alla performance"
	}
	return "Il " + k.Label()
}

// Of is the document after «di»: «del Piano della performance», «della
// Relazione sulla performance», «dei dati sui premi collegati alla
// performance».
func (k PublicationKind) Of() string {
	switch k {
	case PublishRelazione:
		return "della " + k.Label()
	case PublishPremi:
		return "dei dati sui premi collegati alla performance"
	}
	return "del " + k.Label()
}

// Agree makes a masculine singular word ending in "o" agree with the
// document: «pubblicato» for the Piano, «pubblicata» for the Relazione,
// «pubblicati» for the premi.
func (k PublicationKind) Agree(word string) string {
	switch {
	case k == PublishRelazione && strings.HasSuffix(word, "o"):
		return strings.TrimSuffix(word, "o") + "a"
	case k == PublishPremi && strings.HasSuffix(word, "o"):
		return strings.TrimSuffix(word, "o") + "i"
	}
	return word
}

// Verb is singular or plural as the document's subject asks: «è»/«sono»,
// «si può»/«si possono» (the premi are plural).
func (k PublicationKind) Verb(singular, plural string) string {
	if k == PublishPremi {
		return plural
	}
	return singular
}

// Publication is one publication of a document of a year: what was
// published (the plan's version), when and by whom, and when and by whom
// it was taken down. Publications are never deleted: a new one replaces
// the current one, which is closed (UnpublishedAt) at that moment.
type Publication struct {
	ID             int64
	OrganizationID int64
	Kind           PublicationKind
	Year           int
	CycleID        int64
	VersionID      int64
	VersionNumber  int
	// Premi only: the saved distribution published (its id and when it
	// was saved), and Content, what the public reads of it
	// (reward.Public as JSON), kept as published: a distribution saved
	// later replaces the saved one but not what was published.
	DistributionID      int64
	DistributionSavedAt *time.Time
	Content             []byte
	PublishedAt         time.Time
	PublishedBy         string // sign-in name
	PublishedName       string // full name when known
	UnpublishedAt       *time.Time
	UnpublishedBy       string
	UnpublishedName     string
}

// What says what the publication published, in words: «versione 1 del
// piano», for premi «distribuzione salvata il 16/02/2023 10:00».
func (p *Publication) What() string {
	if p.Kind == PublishPremi && p.DistributionSavedAt != nil {
		return "distribuzione salvata il " + p.DistributionSavedAt.In(italian.Rome).Format("02/01/2006 15:04")
	}
	return "versione " + strconv.Itoa(p.VersionNumber) + " del piano"
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
