// Package missions holds the official classification of the harmonised
// budget of Italian local authorities (D.Lgs 118/2011, Allegato 14): missions
// and their programs, with whether each program name was confirmed against
// published accounting data. Plans cite them by code and by name, often
// loosely; this package tells how far a citation is from the official list.
package missions

import (
	_ "embed"
	"strconv"
	"strings"
	"sync"

	"github.com/performa-pa/performa/internal/textnorm"
)

//go:embed missioni_programmi.tsv
var tsv string

// Mission is a mission of the classification.
type Mission struct {
	Code string // two digits: "01"
	Name string
}

// Program is a program of a mission.
type Program struct {
	MissionCode string
	Code        string // two digits: "02"
	Name        string
	// Confirmed is true where the name was checked against published
	// accounting data; a mismatch against an unconfirmed name is reported
	// more softly.
	Confirmed bool
	// RegionsOnly marks programs that do not apply to comuni.
	RegionsOnly bool
}

var (
	prepared = map[string]textnorm.Text{} // mission code → its name, prepared
	// official holds every official name, mission or program, prepared
	// once: Compare meets them again for every objective of a plan.
	official = map[string]textnorm.Text{}
	byName   = map[string]Mission{} // normalized official name → mission
	missions = map[string]Mission{}
	programs = map[string]Program{} // key: mission code + "." + program code
	ordered  []Mission
)

func init() {
	for i, line := range strings.Split(strings.TrimSpace(tsv), "\n") {
		f := strings.Split(strings.TrimRight(line, "\r"), "\t")
		if i == 0 || len(f) < 5 {
			continue
		}
		m := Mission{Code: f[0], Name: f[1]}
		if _, ok := missions[m.Code]; !ok {
			missions[m.Code] = m
			prepared[m.Code] = textnorm.Prepare(m.Name)
			byName[prepared[m.Code].Normalized] = m
			ordered = append(ordered, m)
		}
		programs[f[0]+"."+f[2]] = Program{
			MissionCode: f[0], Code: f[2], Name: f[3],
			Confirmed:   f[4] == "confirmed",
			RegionsOnly: strings.Contains(f[3], "solo per le Regioni"),
		}
	}
	for _, m := range missions {
		official[m.Name] = prepared[m.Code]
	}
	for _, p := range programs {
		official[p.Name] = textnorm.Prepare(p.Name)
	}
}

// Missions lists the missions in code order.
func Missions() []Mission { return ordered }

// NormalizeCode turns a code as written ("1", "01", " 8 ") into the two-digit
// form of the classification. ok is false when it is not a number.
func NormalizeCode(s string) (code string, ok bool) {
	s = strings.TrimSpace(s)
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 999 {
		return "", false
	}
	if n < 10 {
		return "0" + strconv.Itoa(n), true
	}
	return strconv.Itoa(n), true
}

// LookupMission finds a mission by code as written.
func LookupMission(code string) (Mission, bool) {
	c, ok := NormalizeCode(code)
	if !ok {
		return Mission{}, false
	}
	m, ok := missions[c]
	return m, ok
}

// LookupProgram finds a program by mission and program codes as written.
func LookupProgram(missionCode, programCode string) (Program, bool) {
	mc, ok1 := NormalizeCode(missionCode)
	pc, ok2 := NormalizeCode(programCode)
	if !ok1 || !ok2 {
		return Program{}, false
	}
	p, ok := programs[mc+"."+pc]
	return p, ok
}

// MissionNamed finds the mission whose official name the text is, but for
// case, accents and punctuation: a map lookup, for hot paths.
func MissionNamed(text string) (Mission, bool) {
	m, ok := byName[textnorm.Normalize(text)]
	return m, ok
}

// MissionByName finds the mission whose official name the text matches
// (exactly or closely), as plans write "ISTRUZIONE E DIRITTO ALLO STUDIO".
func MissionByName(text string) (Mission, bool) {
	t := textnorm.Prepare(text)
	best, bestScore := Mission{}, 0.0
	for _, m := range ordered {
		switch compare(t, prepared[m.Code]) {
		case Same:
			return m, true
		case Similar:
			if s := t.Similarity(prepared[m.Code]); s > bestScore {
				best, bestScore = m, s
			}
		}
	}
	return best, bestScore > 0
}

// Match says how a name as written compares with an official name.
type Match int

const (
	Different Match = iota
	Similar         // abbreviated, misspelt or partial, but recognisably the same
	Same            // equal but for case, accents, punctuation and spacing
)

// Compare compares a name as written with an official name.
func Compare(written, name string) Match {
	key := [2]string{written, name}
	compared.Lock()
	m, ok := compared.m[key]
	compared.Unlock()
	if ok {
		return m
	}
	o, ok := official[name]
	if !ok {
		o = textnorm.Prepare(name)
	}
	m = compare(textnorm.Prepare(written), o)
	compared.Lock()
	if len(compared.m) < maxCompared {
		compared.m[key] = m
	}
	compared.Unlock()
	return m
}

// compared remembers Compare's answers: plans cite the same missions and
// programs on every row. It stops growing at maxCompared pairs.
var compared = struct {
	sync.Mutex
	m map[[2]string]Match
}{m: map[[2]string]Match{}}

const maxCompared = 8192

func compare(w, o textnorm.Text) Match {
	a, b := w.Normalized, o.Normalized
	switch {
	case a == "" || b == "":
		return Different
	case a == b:
		return Same
	case strings.HasPrefix(b, a) && len(a) >= 6, strings.HasPrefix(a, b):
		return Similar
	case w.Similarity(o) >= 0.5:
		return Similar
	}
	return Different
}
