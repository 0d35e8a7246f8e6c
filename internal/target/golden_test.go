package target

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/seedtest"
)

// The golden file holds every distinct target text of the seed with the year
// it is for, the context the parser sees, the rule it gives, the rule in
// words, and a person's review of that rule. See goldenHeader for the format.

var update = flag.Bool("update", false, "rewrite "+goldenPath+" from the parser's output")

const (
	goldenPath = "testdata/seed_targets.golden"
	// minAgreed is the share of seed targets whose rule a person must agree
	// with.
	minAgreed = 0.95
)

const goldenHeader = `# Targets of the seed plan (Comune di Montepulciano, 2022-2024), one entry per
# distinct target text and year, keyed by target+year.
#
# target, year, baseline, indicator, deadline, milestone: the input (Context
#   of Parse).
# source: for targets from other authorities' files, the file under
#   internal/ingest/testdata/real/ the text is copied from (see SOURCE.md
#   there); without it, the text is the seed's.
# rule, describe: what Parse and Describe give; rewritten by
#   go test ./internal/target -update
# review: "ok" (or "ok: note") when a person, reading as the Segretario would,
#   agrees with the rule; "no: why" when not. -update clears it when the rule
#   changes, so a changed rule is looked at again; an empty review does not
#   count as agreed.
#
# To add a target: write its target/year (and baseline/indicator) lines,
# run with -update, read rule and describe, then write the review.
`

type goldenEntry struct {
	Text, Baseline, Indicator string
	Year                      int
	Deadline, Source          string
	Milestone                 bool
	Rule, Describe, Review    string
}

func (e goldenEntry) key() string {
	if e.Source != "" {
		return fmt.Sprintf("%d %q (%s)", e.Year, e.Text, e.Source)
	}
	return fmt.Sprintf("%d %q", e.Year, e.Text)
}

func (e goldenEntry) context() Context {
	return Context{Year: e.Year, Baseline: e.Baseline, Indicator: e.Indicator, Deadline: e.Deadline, Milestone: e.Milestone}
}

func readGolden(t testing.TB) []goldenEntry {
	t.Helper()
	data, err := os.ReadFile(goldenPath)
	if err != nil {
		t.Fatal(err)
	}
	var entries []goldenEntry
	var cur *goldenEntry
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "#"):
			continue
		case strings.TrimSpace(line) == "":
			cur = nil
			continue
		case cur == nil:
			entries = append(entries, goldenEntry{})
			cur = &entries[len(entries)-1]
		}
		if err := cur.set(line); err != nil {
			t.Fatalf("%s:%d: %v", goldenPath, n, err)
		}
	}
	return entries
}

// set reads one "field: value" line; text fields are Go-quoted strings.
func (e *goldenEntry) set(line string) error {
	field, value, ok := strings.Cut(line, ": ")
	if !ok {
		return fmt.Errorf("want \"field: value\", got %q", line)
	}
	unquote := func(dst *string) error {
		s, err := strconv.Unquote(value)
		*dst = s
		return err
	}
	switch field {
	case "target":
		return unquote(&e.Text)
	case "baseline":
		return unquote(&e.Baseline)
	case "indicator":
		return unquote(&e.Indicator)
	case "describe":
		return unquote(&e.Describe)
	case "deadline":
		return unquote(&e.Deadline)
	case "source":
		return unquote(&e.Source)
	case "milestone":
		e.Milestone = value == "true"
	case "year":
		y, err := strconv.Atoi(value)
		e.Year = y
		return err
	case "rule":
		e.Rule = value
	case "review":
		e.Review = value
	default:
		return fmt.Errorf("unknown field %q", field)
	}
	return nil
}

func writeGolden(t *testing.T, entries []goldenEntry) {
	var b strings.Builder
	b.WriteString(goldenHeader)
	for _, e := range entries {
		fmt.Fprintf(&b, "\ntarget: %s\nyear: %d\n", strconv.Quote(e.Text), e.Year)
		if e.Baseline != "" {
			fmt.Fprintf(&b, "baseline: %s\n", strconv.Quote(e.Baseline))
		}
		if e.Indicator != "" {
			fmt.Fprintf(&b, "indicator: %s\n", strconv.Quote(e.Indicator))
		}
		if e.Deadline != "" {
			fmt.Fprintf(&b, "deadline: %s\n", strconv.Quote(e.Deadline))
		}
		if e.Milestone {
			b.WriteString("milestone: true\n")
		}
		if e.Source != "" {
			fmt.Fprintf(&b, "source: %s\n", strconv.Quote(e.Source))
		}
		fmt.Fprintf(&b, "rule: %s\ndescribe: %s\n", e.Rule, strconv.Quote(e.Describe))
		if e.Review != "" {
			fmt.Fprintf(&b, "review: %s\n", e.Review)
		}
	}
	if err := os.WriteFile(goldenPath, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func ruleJSON(t testing.TB, r domain.TargetRule) string {
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSeedTargets parses every golden entry, compares with the recorded rule
// and wording, and checks the share of rules a person agreed with.
func TestSeedTargets(t *testing.T) {
	entries := readGolden(t)
	seen := map[string]bool{}
	agreed := 0
	for i := range entries {
		e := &entries[i]
		if seen[e.key()] {
			t.Errorf("duplicate entry %s", e.key())
		}
		seen[e.key()] = true
		got := Parse(e.Text, e.context())
		rule, words := ruleJSON(t, got), Describe(got)
		if *update {
			if rule != e.Rule {
				e.Review = "" // a new rule needs a new look
			}
			e.Rule, e.Describe = rule, words
		} else if rule != e.Rule || words != e.Describe {
			t.Errorf("%s\n got  %s  %q\n want %s  %q", e.key(), rule, words, e.Rule, e.Describe)
		}
		if got.Kind == domain.RuleNotMeasurable {
			t.Logf("not measurable: %-60q %s", e.Text, got.Reason)
		}
		if e.Review == "ok" || strings.HasPrefix(e.Review, "ok:") {
			agreed++
		}
	}
	if *update {
		writeGolden(t, entries)
	}
	share := float64(agreed) / float64(max(len(entries), 1))
	t.Logf("seed targets with a rule a person agrees with: %d/%d (%.1f%%)", agreed, len(entries), 100*share)
	if share < minAgreed {
		t.Errorf("agreed share %.1f%% is below %.0f%%: review the entries without \"review: ok\"", 100*share, 100*minAgreed)
	}
}

// TestGoldenTextsInSeed guards the golden file against typos: every target
// text is copied from the seed. The seed lives outside the repository, so
// the test skips where it is not checked out.
func TestGoldenTextsInSeed(t *testing.T) {
	seed := seedtest.Bytes(t)
	for _, e := range readGolden(t) {
		if e.Source == "" && !bytes.Contains(seed, []byte(e.Text)) {
			t.Errorf("target %q is not in the seed", e.Text)
		}
	}
}

// TestGoldenTextsInSources guards the entries copied from other
// authorities' files: each text is in its source file (line breaks and
// runs of spaces read as one space, as a cell wraps its text).
func TestGoldenTextsInSources(t *testing.T) {
	n := 0
	for _, e := range readGolden(t) {
		if e.Source == "" {
			continue
		}
		n++
		data, err := os.ReadFile(filepath.Join("..", "..", e.Source))
		if err != nil {
			t.Errorf("%s: %v", e.key(), err)
			continue
		}
		flat := strings.Join(strings.Fields(string(data)), " ")
		if !strings.Contains(flat, strings.Join(strings.Fields(e.Text), " ")) {
			t.Errorf("target %q is not in %s", e.Text, e.Source)
		}
	}
	if n == 0 {
		t.Error("no entry from other authorities' files")
	}
}

// BenchmarkParseSeedTargets parses all the seed's targets; ns/target is the
// figure to watch.
func BenchmarkParseSeedTargets(b *testing.B) {
	entries := readGolden(b)
	for b.Loop() {
		for _, e := range entries {
			Parse(e.Text, e.context())
		}
	}
	perTarget := float64(b.Elapsed().Nanoseconds()) / float64(b.N*len(entries))
	b.ReportMetric(perTarget, "ns/target")
}
