package ingest

import (
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// Other authorities' tables. The seed's layout (weight, objective,
// indicator, baseline and one «TARGET AAAA» column per year, side by side)
// is one of many: ministries write «Target primo/secondo/terzo anno», the
// PNRR register a «Valore-obiettivo» with its «Anno di conseguimento», a
// health body keeps «Dipartimento | Reparto | Azione», many plans have no
// weights at all. A generic table is read column by column as its header
// says, with no realignment: every column that holds something is kept, as
// a field of the plan where the domain has one, otherwise in the notes.

// Fields only generic tables have.
const (
	fUnitOfMeasure field = iota + fValue + 1 // «Unità di misura»
	fKind                                    // «Milestone-Target»: what each row is
	fLevel                                   // a level of the plan with no place in the domain
	fOther                                   // any other column with a label: kept in the notes
)

var (
	genYearRe    = regexp.MustCompile(`^(anno|esercizio)( di (conseguimento|riferimento|scadenza|realizzazione)| ob\.?| obiettivo| target)?\s*:?$`)
	genPeriodRe  = regexp.MustCompile(`^(trimestre|semestre|quadrimestre|bimestre|mese|periodo)( di (conseguimento|scadenza|realizzazione|riferimento))?\s*:?$|^(scadenza|termine|data (di )?(scadenza|conclusione|completamento|realizzazione))( prevista| finale)?\s*:?$`)
	genManagerRe = regexp.MustCompile(`^(referente|responsabile|dirigente|titolare( del cdr)?)\b`)
	genCodeRe    = regexp.MustCompile(`^(codice|cod\.?|id|n[°º.]?)(\s+univoco)?\s*(dell['’]\s*)?(obiettiv\S*|milestone\S*|target|ob\.)|^(codice|cod\.|id)$`)
	genKindRe    = regexp.MustCompile(`^(milestone\s*[-/]\s*target|tipo(logia)? (di )?(obiettivo|milestone|traguardo))$`)
	genTitleRe   = regexp.MustCompile(`^(attivit[àa]( programmat\S*| previst\S*| da (svolgere|realizzare))?|progett[oi]|titolo|nome (milestone\S*|obiettivo|target|traguardo)|obiettiv[oi]( operativ[oi]| specific[oi]| strategic[oi]| annual[ei]| di performance| gestional[ei])?|descrizione (dell['’]\s*)?obiettivo|traguardo)(\s*\(.*\))?\s*:?$`)
	genIndRe     = regexp.MustCompile(`^(indicator[ei]|descrizione (dell['’]\s*)?indicatore|nome indicatore|denominazione indicatore)`)
	genBaseRe    = regexp.MustCompile(`baseline|^(riferimento|indicatore|valore|punto|dato) di partenza|^valore (di riferimento|iniziale|storico)|^target conseguito nell|^situazione di partenza`)
	genTargetRe  = regexp.MustCompile(`^(target|valore[- ]obiettivo|valore atteso|risultato atteso|valore target|obiettivo finale|previsto|valore programmato|traguardo atteso)`)
	genValueRe   = regexp.MustCompile(`^(valore (indicatore|rilevat\S*|raggiunt\S*|consuntiv\S*|effettiv\S*|conseguit\S*)|effettivo|consuntivo|realizzato|dato rilevato|risultato (raggiunto|conseguito))`)
	genUoMRe     = regexp.MustCompile(`^(unit[àa] di misura|misura|u\.?\s?m\.?)\b`)
	genUnitRe    = regexp.MustCompile(`^(amministrazione titolare|struttura( responsabile| competente| organizzativa)?|settore|servizio|ufficio|direzione( generale)?|centro di (responsabilit\S*|costo)|cdr|denominazione cdr|unit[àa] organizzativa|u\.?\s?o\.?(c\.?)?|area|dipartimento|reparto|unit[àa] operativa)\s*:?$`)
	genLevelRe   = regexp.MustCompile(`^(descrizione\s+|codice( univoco)?\s+|id\s+|cod\.\s*)?(missione|componente|misura|sub-?misura|investimento|intervento|riforma|programma|azion[ei]|macro\s?-?area|area (strategica|di intervento|tematica)|linea (strategica|di intervento|d['’]azione)|ambito (strategico|di intervento)|priorit[àa] politica|obiettivo (strategico|generale))\b`)
)

// genericLabel maps a header cell of a generic table to a field. It knows
// the seed's words too (classifyLabel) and those of ministries, the PNRR
// register and health bodies.
func genericLabel(s string) field {
	if f, ok := labelMemo.Load(s); ok {
		return f.(field)
	}
	f := classifyGeneric(s)
	if labelMemoSize.Add(1) <= labelMemoMax {
		labelMemo.Store(s, f)
	}
	return f
}

// Header cells repeat from file to file and from row to row of one file
// (every row is tried as a header): their fields are remembered, up to
// labelMemoMax distinct cells for the life of the process.
var (
	labelMemo     sync.Map // cell → field
	labelMemoSize atomic.Int64
)

const labelMemoMax = 1 << 14

// classifyGeneric is genericLabel without the memo.
func classifyGeneric(s string) field {
	l := strings.ToLower(strings.Join(strings.Fields(s), " "))
	if l == "" || len(l) > 90 {
		return fNone
	}
	switch {
	case yearRe.FindString(l) == l: // a column headed by a year alone: that year's target
		return fTarget
	case genKindRe.MatchString(l):
		return fKind
	case genYearRe.MatchString(l):
		return fYear
	case genPeriodRe.MatchString(l):
		return fPeriod
	case genCodeRe.MatchString(l):
		return fCode
	case genBaseRe.MatchString(l):
		return fBaseline
	case genTargetRe.MatchString(l):
		return fTarget
	case genValueRe.MatchString(l):
		return fValue
	case genUoMRe.MatchString(l):
		return fUnitOfMeasure
	case genUnitRe.MatchString(l):
		return fUnit
	case genManagerRe.MatchString(l):
		return fManager
	case genLevelRe.MatchString(l):
		return fLevel
	case genTitleRe.MatchString(l):
		return fTitle
	case genIndRe.MatchString(l):
		return fIndicator
	}
	f := classifyLabel(s)
	switch f {
	case fMissionName, fProgramName, fMissionCode, fProgramCode:
		return fLevel // decided from the cells (genericColumns)
	case fNone:
		return fOther
	}
	return f
}

// genericHeader reports whether a row can head a generic table: it names
// an objective (title or code) and something said of it, and holds no
// weights, as a data row would.
func genericHeader(r Row) bool {
	labels := 0 // cheap first: it runs on every row of every sheet
	for _, c := range r.Cells {
		if mayBeLabel(c) {
			labels++
		}
	}
	if labels < 3 {
		return false
	}
	var seen uint64
	n := 0
	described := false // a level's description can name the objective
	for _, c := range r.Cells {
		if !mayBeLabel(c) {
			continue
		}
		f := genericLabel(c)
		if f == fLevel && strings.HasPrefix(strings.ToLower(c), "descrizione") {
			described = true
		}
		if f == fOther || f == fNone || f == fLevel {
			continue
		}
		if seen&(1<<f) == 0 {
			seen |= 1 << f
			n++
		}
	}
	objective := seen&(1<<fTitle|1<<fCode) != 0 || described
	said := seen&(1<<fIndicator|1<<fTarget|1<<fBaseline|1<<fYear|1<<fPeriod|1<<fValue|1<<fWeight|1<<fUnitOfMeasure|1<<fAchievement) != 0
	return n >= 3 && objective && said
}

// seedShaped reports whether a table is laid out as the seed's are: the
// objective right after the weight, yearly «TARGET AAAA» columns after
// them. Such a table is read by content, realigning shifted rows; any other
// is read as a generic table, column by column.
func seedShaped(t *table, lay *layout) bool {
	return lay != nil && col(lay.cols, fTitle) == lay.weight+1
}

// mayBeLabel is a cheap test for a header label: short, starting with a
// letter, not a sentence.
func mayBeLabel(c string) bool {
	if c == "" || len(c) > 60 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(c)
	return unicode.IsLetter(r) && strings.Count(c, " ") <= 6
}

// cutSeedHeader reports whether a generic table is one of the seed's shape
// (the objective right after the weight) that the seed's reader could not
// take: its header lost the labels of indicator or targets.
func cutSeedHeader(gl *genericLayout) bool {
	w := gl.col(fWeight)
	return w >= 0 && gl.col(fTitle) == w+1
}
