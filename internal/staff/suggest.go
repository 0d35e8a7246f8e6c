package staff

import (
	"slices"
	"strings"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/textnorm"
)

// Suggestion is a person the «personale coinvolto» of an objective may
// name. It is only a suggestion: a person confirms it; nothing is linked
// by itself.
type Suggestion struct {
	Unit      string `json:"unit"`
	Objective string `json:"objective"` // code, else #position
	Text      string `json:"text"`      // the «personale coinvolto» as written
	Matricola string `json:"matricola"`
	Person    string `json:"person"`
	// Strength: "cognome e nome" when both appear, "cognome" when only
	// the surname does (weaker), "ambiguo" when the surname is shared by
	// several people of the register and no name tells them apart.
	Strength string `json:"strength"`
}

// Suggest lists, for each objective of the plan with a «personale
// coinvolto», the people of the register it may name: a surname appearing
// as a word of the text, with the name (or its initial) near it when
// written. People of the objective's unit come first.
func Suggest(p *domain.Plan, people []domain.StaffMember) []Suggestion {
	bySurname := map[string][]int{}
	for i, m := range people {
		k := textnorm.Normalize(m.Surname)
		if k != "" {
			bySurname[k] = append(bySurname[k], i)
		}
	}
	var out []Suggestion
	for _, u := range p.Units {
		for _, o := range u.Objectives {
			if strings.TrimSpace(o.Staff) == "" {
				continue
			}
			words := strings.Fields(textnorm.Normalize(o.Staff))
			code := o.Code
			if code == "" {
				code = "#" + itoa(o.Position)
			}
			for surname, idx := range bySurname {
				sw := strings.Fields(surname)
				at := indexWords(words, sw)
				if at < 0 {
					continue
				}
				near := words[max(0, at-3):min(len(words), at+len(sw)+3)]
				var named []int
				for _, i := range idx {
					if nameNear(near, people[i].Name) {
						named = append(named, i)
					}
				}
				strength := "cognome e nome"
				switch {
				case len(named) == 0 && len(idx) == 1:
					named, strength = idx, "cognome"
				case len(named) == 0:
					named, strength = idx, "ambiguo"
				case len(named) > 1:
					strength = "ambiguo"
				}
				for _, i := range named {
					m := people[i]
					out = append(out, Suggestion{Unit: u.Name, Objective: code, Text: o.Staff, Matricola: m.Matricola,
						Person: m.FullName(), Strength: strength})
				}
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Suggestion) int {
		if c := strings.Compare(a.Unit, b.Unit); c != 0 {
			return c
		}
		if c := strings.Compare(a.Objective, b.Objective); c != 0 {
			return c
		}
		return strings.Compare(a.Matricola, b.Matricola)
	})
	return out
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	s := ""
	for ; i > 0; i /= 10 {
		s = string(rune('0'+i%10)) + s
	}
	return s
}

// indexWords finds the word sequence sw in words, -1 if absent.
func indexWords(words, sw []string) int {
	for i := 0; i+len(sw) <= len(words); i++ {
		if slices.Equal(words[i:i+len(sw)], sw) {
			return i
		}
	}
	return -1
}

// nameNear reports whether the name, or its initial («M.»), is among the
// words near the surname.
func nameNear(near []string, name string) bool {
	n := strings.Fields(textnorm.Normalize(name))
	if len(n) == 0 {
		return false
	}
	for _, w := range near {
		if w == n[0] || (len(w) == 1 && w == n[0][:1]) {
			return true
		}
	}
	return false
}
