// Package score turns measurements into achievement and achievement into
// scores, as an ente's SMVP (Sistema di Misurazione e Valutazione della
// Performance) says: each indicator's achievement (0–100%) from its target
// rule and the latest measurement of the year; each objective's as the
// weighted mean of its indicators, or the Nucleo di Valutazione's validated
// figure where there is one; each unit's as the weighted mean of its
// objectives; the ente's performance organizzativa; each manager's, and the
// share of the retribuzione di risultato it earns. Every figure says how it
// was computed, in Italian. The package does no I/O.
//
// A score is money, so a Result says how far it can be trusted, as data
// that pages, reports (the Relazione) and rewards read:
//
//   - Result.Status is Provisional while the year is not over (until 31
//     December, Italian time, of Input.Now), Over once it is (or once its
//     cycle is closed, Input.Closed) and Final when the Nucleo signed it
//     off (Input.Locked): then the locked figures count.
//   - While Provisional, objectives without a result are left out of every
//     roll-up. Once Over, they count 0% (ObjectiveScore.State is
//     StateMissing, Counted true, Score 0), unless the SMVP says
//     missing_results "exclude" (Result.Policy).
//   - An objective the Nucleo neutralised (non valutabile) is out of every
//     roll-up, its weight spread over the others: State StateNeutralised,
//     the decision in ObjectiveScore.Neutralisation, and the list in
//     Result.Neutralised and UnitScore.Neutralised.
//   - An objective with indicators but no target in the year is
//     StateUnplanned and out of the year's roll-ups.
//   - Coverage (Result.Coverage for the plan, OrganizationCoverage for the
//     ente's figure, UnitScore.Coverage, ManagerScore.Coverage) counts the
//     objectives in scope, those with a result, missing, neutralised and
//     unplanned, and the share of the weight with a result; StatusLine
//     says it in words («provvisorio: 1 obiettivo su 15, 10% del peso»).
//   - ObjectiveScore.Stale marks a validation made when the computed
//     figure was another: the Nucleo should look again.
package score
