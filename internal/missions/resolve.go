package missions

import (
	"fmt"
	"strings"
)

// ProgramsOf lists the programs of a mission, in code order.
func ProgramsOf(missionCode string) []Program {
	mc, ok := NormalizeCode(missionCode)
	if !ok {
		return nil
	}
	var out []Program
	for i := 1; i < 100; i++ {
		pc, _ := NormalizeCode(fmt.Sprint(i))
		if p, ok := programs[mc+"."+pc]; ok {
			out = append(out, p)
		}
	}
	return out
}

// Problem is what is wrong with a mission or program typed, in Italian,
// and which of the two fields it is about ("mission", "program").
type Problem struct {
	Field   string
	Message string
}

// Resolve reads a mission and a program as people type them and as plans
// write them: the mission "3" or "03"; the program "01" or "1" (of the
// mission), or "03.01", "3.1", "03/01" (mission and program together).
// It returns the two-digit codes of the classification, or the problem:
// a code that is not a number, a program of a mission other than the one
// given, a mission or a program the classification (D.Lgs 118/2011) does
// not have (the mission's programs listed). Both empty is no citation.
func Resolve(mission, program string) (string, string, *Problem) {
	mission, program = strings.TrimSpace(mission), strings.TrimSpace(program)
	var mc string
	if mission != "" {
		c, ok := NormalizeCode(mission)
		if !ok || len(c) != 2 {
			return "", "", &Problem{"mission", "Il codice della missione è un numero di due cifre, per esempio 03."}
		}
		mc = c
	}
	if m, p, ok := splitProgram(program); ok {
		pm, ok1 := NormalizeCode(m)
		pc, ok2 := NormalizeCode(p)
		if !ok1 || !ok2 || len(pm) != 2 || len(pc) != 2 {
			return "", "", &Problem{"program", fmt.Sprintf("«%s» non è un programma: scrivilo come 03.01 (missione e programma) o come 01 (programma della missione indicata).", program)}
		}
		if mc != "" && mc != pm {
			return "", "", &Problem{"program", fmt.Sprintf("Il programma %s.%s è della missione %s, ma la missione indicata è %s.", pm, pc, pm, mc)}
		}
		mc, program = pm, pc
	} else if program != "" {
		pc, ok := NormalizeCode(program)
		if !ok || len(pc) != 2 {
			return "", "", &Problem{"program", fmt.Sprintf("«%s» non è un programma: scrivilo come 03.01 (missione e programma) o come 01 (programma della missione indicata).", program)}
		}
		if mc == "" {
			return "", "", &Problem{"program", "Indica la missione del programma, o scrivi il programma con la sua missione (per esempio 03.01)."}
		}
		program = pc
	}
	if mc == "" {
		return "", "", nil
	}
	m, ok := missions[mc]
	if !ok {
		return "", "", &Problem{"mission", fmt.Sprintf("Nessuna missione ha il codice %s nella classificazione ufficiale (D.Lgs 118/2011).", mc)}
	}
	if program == "" {
		return mc, "", nil
	}
	if _, ok := programs[mc+"."+program]; !ok {
		var list []string
		for _, p := range ProgramsOf(mc) {
			list = append(list, p.Code+" «"+p.Name+"»")
		}
		return "", "", &Problem{"program", fmt.Sprintf("La missione %s «%s» non ha un programma %s nella classificazione ufficiale (D.Lgs 118/2011): i suoi programmi sono %s.",
			mc, m.Name, program, strings.Join(list, ", "))}
	}
	return mc, program, nil
}

// splitProgram splits "03.01", "3.1", "03/01", "03-01" into mission and
// program.
func splitProgram(s string) (string, string, bool) {
	i := strings.IndexAny(s, "./- ")
	if i <= 0 || i == len(s)-1 {
		return "", "", false
	}
	return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1:]), true
}
