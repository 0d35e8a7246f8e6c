// Package score turns measurements into achievement and achievement into
// scores, as an ente's SMVP (Sistema di Misurazione e Valutazione della
// Performance) says: each indicator's achievement (0–100%) from its target
// rule and the latest measurement of the year; each objective's as the
// weighted mean of its indicators, or the Nucleo di Valutazione's validated
// figure where there is one; each unit's as the weighted mean of its
// objectives; the ente's performance organizzativa; each manager's, and the
// share of the retribuzione di risultato it earns. Every figure says how it
// was computed, in Italian. The package does no I/O.
package score
