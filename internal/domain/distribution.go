package domain

import (
	"context"
	"time"
)

// RewardDistribution is the saved distribution of a year's fund for
// productivity (performa rewards --save): the fund, the rule and SMVP
// version it was computed by, every person's premium, who saved it and
// when. A year has at most one; a new save replaces it. Amounts in cents.
type RewardDistribution struct {
	OrganizationID     int64
	ID                 int64
	Year               int
	FundOrganizational int64
	FundIndividual     int64
	SMVPVersion        int // 0: the default SMVP
	// VersionID is the plan version whose scores the premiums come from
	// (0: not recorded, a distribution saved before performa kept it).
	VersionID   int64
	Rule        ProductivityRule
	Distributed int64
	Unspent     int64
	Entries     []RewardEntry
	SavedBy     string
	SavedAt     time.Time
}

// RewardEntry is one person's premium in a saved distribution.
type RewardEntry struct {
	Matricola      string  `json:"matricola"`
	Person         string  `json:"person"`
	Area           Area    `json:"area"`
	Unit           string  `json:"unit,omitempty"`
	PartTime       float64 `json:"part_time"`
	PresenceDays   int     `json:"presence_days"`
	Final          bool    `json:"final"`
	Score          float64 `json:"score"`
	Band           int     `json:"band"` // -1: no final scheda
	Coefficient    float64 `json:"coefficient"`
	Organizational int64   `json:"organizational"`
	Individual     int64   `json:"individual"` // including the maggiorazione
	Maggiorazione  int64   `json:"maggiorazione"`
	Amount         int64   `json:"amount"`
}

// Fund is the whole fund of the distribution.
func (d *RewardDistribution) Fund() int64 { return d.FundOrganizational + d.FundIndividual }

// PeopleStore keeps the staff register, the schede and the saved
// distributions of the fund; as the other stores, every method takes the
// organization id and filters by it.
type PeopleStore interface {
	Staff(ctx context.Context, orgID int64, year int) ([]StaffMember, error)
	Scheda(ctx context.Context, orgID int64, year int, matricola string) (*Scheda, error)
	Schede(ctx context.Context, orgID int64, year int) ([]Scheda, error)
	SaveScheda(ctx context.Context, orgID int64, sc *Scheda, actor, action string) error
	RewardDistribution(ctx context.Context, orgID int64, year int) (*RewardDistribution, error)
	SaveRewardDistribution(ctx context.Context, orgID int64, d *RewardDistribution, actor string) error
}
