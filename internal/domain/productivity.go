package domain

// ProductivityRule is how the SMVP distributes the fund for productivity
// among the staff (CCNL Funzioni Locali 2019–2021; internal/reward). Each
// person's weight is the coefficient of the band their score falls in ×
// the parameter of their area × their presence in the year × their
// part-time; the organizational share uses the score of the person's unit
// (or their own, when the unit has none) the same way.
type ProductivityRule struct {
	// Bands: a score from From (included) up to the next band's From has
	// Coefficient (0–1), in order.
	Bands []ProductivityBand `json:"bands"`
	// AreaParameters by area of the CCNL (0: the area takes no part).
	AreaParameters map[Area]float64 `json:"area_parameters"`
	// PresenceByDays: presence is (days of service − days of absence) /
	// days of the year; false: presence is 1 for everyone in service.
	PresenceByDays bool `json:"presence_by_days"`
	// Redistribute: what the bands' coefficients below 1 leave goes to
	// the others, by weight. False: it stays unspent.
	Redistribute bool `json:"redistribute"`
	// Differentiation is art. 81 CCNL 2019–2021's maggiorazione.
	Differentiation Differentiation `json:"differentiation"`
}

// ProductivityBand is one score band.
type ProductivityBand struct {
	From        float64 `json:"from"`
	Coefficient float64 `json:"coefficient"`
}

// Differentiation (art. 81 CCNL 2019–2021): the staff with the highest
// individual scores, at most Share percent of those rewarded (at least one
// person when Share > 0), receive a maggiorazione of Percent (at least 30)
// of the average individual premium, paid out of the individual share.
type Differentiation struct {
	Share   float64 `json:"share"`
	Percent float64 `json:"percent"`
}

// DefaultProductivity is the rule performa applies when the SMVP holds none
// (docs/smvp.md).
func DefaultProductivity() ProductivityRule {
	return ProductivityRule{
		Bands: []ProductivityBand{{0, 0}, {60, 0.6}, {70, 0.8}, {80, 0.9}, {90, 1}},
		AreaParameters: map[Area]float64{AreaOperatori: 1, AreaOperatoriEsperti: 1.05, AreaIstruttori: 1.1,
			AreaFunzionari: 1.2},
		PresenceByDays:  true,
		Redistribute:    true,
		Differentiation: Differentiation{Share: 10, Percent: 30},
	}
}

// Productivity is the rule in force: the SMVP's, else DefaultProductivity.
func (s SMVP) ProductivityRule() ProductivityRule {
	if s.Productivity == nil || len(s.Productivity.Bands) == 0 {
		return DefaultProductivity()
	}
	return *s.Productivity
}

// Validate checks the rule, in Italian.
func (r ProductivityRule) Validate() error {
	for i, b := range r.Bands {
		if b.From < 0 || b.From > 100 || b.Coefficient < 0 || b.Coefficient > 1 || (i > 0 && b.From <= r.Bands[i-1].From) {
			return Errorf(EINVALID, "SMVP: fasce della produttività non valide: punteggi crescenti tra 0 e 100, coefficienti tra 0 e 1.")
		}
	}
	for a, p := range r.AreaParameters {
		if p < 0 || p > 10 {
			return Errorf(EINVALID, "SMVP: il parametro dell'area «%s» deve essere tra 0 e 10.", a)
		}
	}
	d := r.Differentiation
	if d.Share < 0 || d.Share > 100 || (d.Share > 0 && d.Percent < 30) || d.Percent > 200 {
		return Errorf(EINVALID, "SMVP: la maggiorazione dell'art. 81 CCNL 2019–2021 è almeno il 30%% del premio medio, per una quota di personale tra 0 e 100%%.")
	}
	return nil
}
