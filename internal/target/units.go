package target

import (
	"strings"
	"unicode/utf8"
)

// Units: the word after a number, brought to a small vocabulary so that
// "15gg", "15 gg. lavorativi" and "15 giorni" compare as the same thing.

// unitNames maps written nouns (singular and plural) to the vocabulary.
var unitNames = map[string]string{
	"gg": "giorni", "giorni": "giorni", "giorno": "giorni", "giornate": "giorni", "giornata": "giorni",
	"h": "ore", "ore": "ore", "ora": "ore",
	"mesi": "mesi", "mese": "mesi",
	"anni": "anni", "anno": "anni",
	"settimane": "settimane", "settimana": "settimane",
	"minuti": "minuti", "minuto": "minuti",
	"euro": "€", "eur": "€",
	"report": "report", "reports": "report", "reporto": "report",
	"relazioni": "relazioni", "relazione": "relazioni",
	"processi": "processi", "processo": "processi",
	"pratiche": "pratiche", "pratica": "pratiche",
	"servizi": "servizi", "servizio": "servizi",
	"monitoraggi": "monitoraggi", "monitoraggio": "monitoraggi",
	"riunioni": "riunioni", "riunione": "riunioni",
	"postazioni": "postazioni", "postazione": "postazioni",
	"adozioni": "adozioni", "adozione": "adozioni",
	"presidi": "presidi", "presidio": "presidi",
	"controlli": "controlli", "controllo": "controlli",
	"incontri": "incontri", "incontro": "incontri",
	"questionari": "questionari", "questionario": "questionari",
	"note": "note", "nota": "note",
	"comunicazioni": "comunicazioni", "comunicazione": "comunicazioni",
	"atti": "atti", "atto": "atti",
	"istanze": "istanze", "istanza": "istanze",
	"certificati": "certificati", "certificato": "certificati",
	"verbali": "verbali", "verbale": "verbali",
	"interventi": "interventi", "intervento": "interventi",
	"ispezioni": "ispezioni", "ispezione": "ispezioni",
	"eventi": "eventi", "evento": "eventi",
	"corsi": "corsi", "corso": "corsi",
	"piani": "piani", "piano": "piani",
	"contratti": "contratti", "contratto": "contratti",
	"sopralluoghi": "sopralluoghi", "sopralluogo": "sopralluoghi",
	"unità": "unità", "persone": "persone", "persona": "persone",
}

// singulars turns a unit back to the singular for "1 giorno", "1 processo".
var singulars = map[string]string{
	"giorni": "giorno", "ore": "ora", "mesi": "mese", "anni": "anno",
	"settimane": "settimana", "minuti": "minuto", "relazioni": "relazione",
	"processi": "processo", "pratiche": "pratica", "servizi": "servizio",
	"monitoraggi": "monitoraggio", "riunioni": "riunione", "postazioni": "postazione",
	"adozioni": "adozione", "presidi": "presidio", "controlli": "controllo",
	"incontri": "incontro", "questionari": "questionario", "note": "nota",
	"comunicazioni": "comunicazione", "atti": "atto", "istanze": "istanza",
	"certificati": "certificato", "verbali": "verbale", "interventi": "intervento",
	"ispezioni": "ispezione", "eventi": "evento", "corsi": "corso", "piani": "piano",
	"contratti": "contratto", "sopralluoghi": "sopralluogo", "persone": "persona",
}

// frequencies are the adjectives that follow a noun ("servizi settimanali")
// or stand for it ("2 giornalieri": two a day).
var frequencies = map[string]struct{ plural, alone string }{
	"giornaliero": {"giornalieri", "al giorno"}, "giornalieri": {"giornalieri", "al giorno"},
	"giornaliera": {"giornaliere", "al giorno"}, "giornaliere": {"giornaliere", "al giorno"},
	"settimanale": {"settimanali", "a settimana"}, "settimanali": {"settimanali", "a settimana"},
	"mensile": {"mensili", "al mese"}, "mensili": {"mensili", "al mese"},
	"trimestrale": {"trimestrali", "a trimestre"}, "trimestrali": {"trimestrali", "a trimestre"},
	"quadrimestrale": {"quadrimestrali", "a quadrimestre"}, "quadrimestrali": {"quadrimestrali", "a quadrimestre"},
	"semestrale": {"semestrali", "a semestre"}, "semestrali": {"semestrali", "a semestre"},
	"annuale": {"annuali", "all'anno"}, "annuali": {"annuali", "all'anno"},
	"annuo": {"annui", "all'anno"}, "annui": {"annui", "all'anno"},
	"annua": {"annue", "all'anno"}, "annue": {"annue", "all'anno"},
}

// notNouns are words that follow a number without naming what is counted.
var notNouns = map[string]bool{
	"di": true, "a": true, "ad": true, "da": true, "in": true, "con": true, "su": true,
	"per": true, "tra": true, "fra": true, "e": true, "ed": true, "o": true, "od": true,
	"il": true, "lo": true, "la": true, "i": true, "gli": true, "le": true, "l": true,
	"del": true, "dello": true, "della": true, "dei": true, "degli": true, "delle": true,
	"dell": true, "al": true, "allo": true, "alla": true, "ai": true, "agli": true,
	"alle": true, "all": true, "dal": true, "dallo": true, "dalla": true, "dai": true,
	"dagli": true, "dalle": true, "dall": true, "nel": true, "nello": true, "nella": true,
	"nei": true, "negli": true, "nelle": true, "nell": true, "sul": true, "sulla": true,
	"sui": true, "entro": true, "x": true, "pro": true, "rispetto": true, "prima": true,
	"dopo": true, "circa": true, "oltre": true, "almeno": true, "se": true, "che": true,
	"non": true, "come": true, "ogni": true, "or": true, "tot": true, "max": true,
	"min": true, "massimo": true, "minimo": true, "complessivi": true, "complessive": true,
	"totali": true, "nuovi": true, "nuove": true, "ulteriori": true, countMarker: true,
}

// timeUnits are durations: "entro 15 giorni" is a limit on time.
var timeUnits = map[string]bool{
	"giorni": true, "ore": true, "mesi": true, "anni": true, "settimane": true, "minuti": true,
}

// unitRead is the unit found after a number.
type unitRead struct {
	noun string // from the vocabulary, or the noun as written
	qual string // "settimanali", "pro capite"
	end  int    // index of the first token after the unit
}

func (u unitRead) String() string {
	return strings.TrimSpace(u.noun + " " + u.qual)
}

// unitAt reads the unit written after the number at toks[j].
func unitAt(toks []token, j int) unitRead {
	u := unitRead{end: j + 1}
	if u.end >= len(toks) {
		return u
	}
	t := toks[u.end]
	switch {
	case t.isSymbol("%"):
		return unitRead{noun: "%", end: u.end + 1}
	case t.isSymbol("€"):
		return unitRead{noun: "€", end: u.end + 1}
	case t.kind != tokWord:
		return u
	case t.text == "percento":
		return unitRead{noun: "%", end: u.end + 1}
	case t.text == "per" && wordAt(toks, u.end+1, "cento"):
		return unitRead{noun: "%", end: u.end + 2}
	}
	if f, ok := frequencies[t.text]; ok {
		return unitRead{noun: f.alone, end: u.end + 1}
	}
	if n, ok := unitNames[t.text]; ok {
		u.noun = n
	} else if nounLike(t.text) {
		u.noun = t.text
	}
	if u.noun != "" {
		u.end++
	}
	if u.noun == "giorni" {
		u.end = skipDaysQualifier(toks, u.end)
	}
	return readQualifier(toks, u)
}

// skipDaysQualifier drops "." and "lavorativi" after "gg": the vocabulary
// has one unit for days.
func skipDaysQualifier(toks []token, k int) int {
	if k < len(toks) && toks[k].isSymbol(".") {
		k++
	}
	if k < len(toks) && toks[k].kind == tokWord {
		switch toks[k].text {
		case "lavorativi", "lavorative", "naturali", "consecutivi", "solari":
			k++
		}
	}
	return k
}

func readQualifier(toks []token, u unitRead) unitRead {
	if u.end >= len(toks) || toks[u.end].kind != tokWord {
		return u
	}
	w := toks[u.end].text
	if f, ok := frequencies[w]; ok && u.noun != "" {
		u.qual = f.plural
		u.end++
	} else if w == "pro" && wordAt(toks, u.end+1, "capite") {
		u.qual = "pro capite"
		u.end += 2
	}
	return u
}

// nounLike accepts a written word as a unit when nothing better is known:
// "12 pratiche" yes, "12 di" or "12 x" no.
func nounLike(w string) bool {
	if utf8.RuneCountInString(w) < 3 || notNouns[w] {
		return false
	}
	if _, ok := months[w]; ok {
		return false
	}
	if _, ok := numberWord(w); ok {
		return false
	}
	_, isCmp := comparatorWords[w]
	return !isCmp
}

// singular writes a unit for the value 1: "1 giorno", "1 report trimestrale".
func singular(unit string) string {
	words := strings.Fields(unit)
	for i, w := range words {
		if s, ok := singulars[w]; ok {
			words[i] = s
			continue
		}
		for _, suf := range [][2]string{{"ali", "ale"}, {"ili", "ile"}, {"ieri", "iero"}, {"iere", "iera"}} {
			if base, ok := strings.CutSuffix(w, suf[0]); ok && i > 0 {
				words[i] = base + suf[1]
				break
			}
		}
	}
	return strings.Join(words, " ")
}

func isTimeUnit(unit string) bool {
	first, _, _ := strings.Cut(unit, " ")
	return timeUnits[first]
}

// countable tells a count ("processi", "n.") from a measure ("%", "giorni",
// "€", or no unit at all, which may be money): only a count turns "> 77"
// into "almeno 78".
func countable(unit string) bool {
	return unit != "" && unit != "%" && unit != "€" && !isTimeUnit(unit) &&
		!strings.Contains(unit, "anticipo")
}

func wordAt(toks []token, i int, w string) bool {
	return i >= 0 && i < len(toks) && toks[i].isWord(w)
}
