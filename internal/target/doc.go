// Package target understands the targets of a performance plan as people
// write them in the spreadsheets of Italian local authorities (">= due
// processi", "<= a 15gg . dalla pubblicazione delibera", "entro il
// 30.09.2022", "maggiore 2022", "da ricalibrare") and says the result back
// in plain Italian.
//
// Parse turns a text, with the target's year, baseline and indicator, into
// a domain.TargetRule; Describe writes a rule in words. Parse never fails:
// a text that states no value to reach gives a not_measurable rule whose
// Reason says why, for the Segretario and the Nucleo di Valutazione.
//
// # Kinds
//
//   - at_least, at_most: Value and Unit ("almeno 5 processi", "<= 15 gg").
//     A strict comparison on a count moves the bound by one ("maggiore di 77
//     postazioni" is at least 78); on a measure (%, €, days, no unit) the
//     bound itself is accepted (">75%" is at least 75%).
//   - equal: "= 1", "pari a 3", and a bare "0".
//   - range: Value..Max, both included ("> 0 <= 25%", "tra 5 e 10 giorni").
//   - deadline: Date as YYYY-MM-DD; a date without a year takes the target's
//     year ("entro il 31/12", "entro 31 gennaio"); with several dates the
//     latest closes the target. A named deadline has no Date and one of
//     DeadlineLegalTerms, DeadlineDueDates, DeadlineAssignedTerms in Relation.
//   - yes_no: "SI/NO", or a text naming one thing to get done ("procedura
//     contrattuale per ...", "ottenimento riconoscimento ...").
//   - completion: a percentage of a project or phase ("50%" of a digital
//     transition); when the indicator or baseline is a rate ("percentuale",
//     "campionatura", "41 questionari compilati su 104") the same "80%" is an
//     at_least.
//   - relative: compared with another year, in Year, by Relation (RelGreater,
//     RelGreaterOrEqual, RelLess, RelLessOrEqual, RelBetter, RelNotWorse,
//     RelMaintain). "mantenimento" alone keeps the previous year's target. A
//     comparison with the target's own year or a later one is not_measurable.
//   - all: "tutti", "tutti quelli presentati", "evasione istanze 100%"
//     (Value 100, Unit "%").
//   - not_measurable: with an Italian Reason.
//
// An at_least, at_most, equal, completion or all rule may also carry a Date:
// the value is to be reached by then ("pari almeno al 50% entro 30
// settembre").
//
// # Units
//
// "n." (a count, from "n.", "N.", "n°"), "%", "€", "giorni" (gg, gg.,
// giorni, gg lavorativi), "ore" (h, H), "mesi", "anni", "giorni di anticipo"
// (days gained on a term: "riduzione di 7 gg rispetto ai termini di legge",
// "20gg prima della chiusura"), and the counted nouns in the plural:
// "processi", "pratiche", "servizi", "report", "monitoraggi", "riunioni",
// "postazioni", ...; otherwise the noun written after the number. A
// frequency or "pro capite" follows the noun ("servizi settimanali", "ore pro
// capite"). Without a unit in the text, a bare number takes the baseline's.
//
// # Direction
//
// Every measurable rule states it where it applies: at_least, completion and
// all are higher-is-better; at_most and deadlines lower-is-better; "giorni di
// anticipo" higher; relative rules follow the sign (greater: higher, less:
// lower) and, for better, not_worse and maintain, the indicator ("tempi",
// "giorni", deadlines: lower). An equal rule has a direction only for zero.
//
// Parse reads the text literally: "monitoraggi <2" is at most 1 even if the
// author probably meant at least 2. Telling such slips is for the importer's
// diagnostics, which can compare the rule's direction with the indicator's.
package target
