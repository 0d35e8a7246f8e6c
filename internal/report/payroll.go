package report

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/reward"
)

// PayrollXLSX writes a saved distribution of the fund for productivity as
// a workbook for the payroll office: one row per person (matricola,
// cognome e nome, area, unità, part-time, giorni di presenza, punteggio,
// fascia, coefficiente, quota organizzativa, quota individuale,
// maggiorazione art. 81, totale) and a totals row; euros as numbers with a
// € number format. Personal data.
func PayrollXLSX(w io.Writer, org string, d *domain.RewardDistribution) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Premi"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	euroFmt, pctFmt, dec := `#,##0.00\ "€"`, `0.00`, `0.00`
	var bold, euro, euroBold, num, pct int
	for _, s := range []struct {
		dst   *int
		style excelize.Style
	}{
		{&bold, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}}},
		{&euro, excelize.Style{CustomNumFmt: &euroFmt}},
		{&euroBold, excelize.Style{Font: &excelize.Font{Bold: true}, CustomNumFmt: &euroFmt}},
		{&num, excelize.Style{CustomNumFmt: &dec}},
		{&pct, excelize.Style{CustomNumFmt: &pctFmt}},
	} {
		var err error
		if *s.dst, err = f.NewStyle(&s.style); err != nil {
			return err
		}
	}
	set := func(col, row int, v any, style int) error {
		cell, err := excelize.CoordinatesToCellName(col, row)
		if err != nil {
			return err
		}
		if err := f.SetCellValue(sheet, cell, v); err != nil {
			return err
		}
		if style != 0 {
			return f.SetCellStyle(sheet, cell, cell, style)
		}
		return nil
	}
	title := fmt.Sprintf("Premi di produttività %d · %s · fondo %s (organizzativa %s, individuale %s)", d.Year, org,
		reward.FormatEuro(d.Fund()), reward.FormatEuro(d.FundOrganizational), reward.FormatEuro(d.FundIndividual))
	if err := set(1, 1, title, bold); err != nil {
		return err
	}
	header := []string{"Matricola", "Cognome e nome", "Area", "Unità", "Part-time %", "Giorni di presenza", "Punteggio",
		"Fascia", "Coefficiente", "Quota performance organizzativa", "Quota performance individuale",
		"Maggiorazione art. 81 CCNL 2019–2021", "Totale"}
	for i, h := range header {
		if err := set(i+1, 3, h, bold); err != nil {
			return err
		}
	}
	row := 4
	var orgSum, ind, magg, tot int64
	for _, e := range d.Entries {
		var score any = ""
		if e.Final {
			score = e.Score
		}
		vals := []struct {
			v     any
			style int
		}{
			{e.Matricola, 0}, {e.Person, 0}, {string(e.Area), 0}, {e.Unit, 0}, {e.PartTime, pct}, {e.PresenceDays, 0},
			{score, num}, {reward.BandLabel(d.Rule, e.Band), 0}, {e.Coefficient, num},
			{reward.Euro(e.Organizational), euro}, {reward.Euro(e.Individual - e.Maggiorazione), euro},
			{reward.Euro(e.Maggiorazione), euro}, {reward.Euro(e.Amount), euro},
		}
		for i, c := range vals {
			if err := set(i+1, row, c.v, c.style); err != nil {
				return err
			}
		}
		orgSum, ind, magg, tot = orgSum+e.Organizational, ind+e.Individual-e.Maggiorazione, magg+e.Maggiorazione, tot+e.Amount
		row++
	}
	if err := set(1, row, "Totale distribuito", bold); err != nil {
		return err
	}
	for i, v := range []int64{orgSum, ind, magg, tot} {
		if err := set(10+i, row, reward.Euro(v), euroBold); err != nil {
			return err
		}
	}
	if err := set(1, row+1, "Non distribuito", bold); err != nil {
		return err
	}
	if err := set(13, row+1, reward.Euro(d.Unspent), euroBold); err != nil {
		return err
	}
	for col, width := range map[string]float64{"A": 11, "B": 26, "C": 22, "D": 26, "H": 26, "J": 16, "K": 16, "L": 18, "M": 14} {
		if err := f.SetColWidth(sheet, col, col, width); err != nil {
			return err
		}
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 3, TopLeftCell: "A4", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	f.SetDocProps(&excelize.DocProperties{Title: fmt.Sprintf("Premi di produttività %d", d.Year), Creator: "performa",
		Subject: org, Language: "it-IT"})
	_, err := f.WriteTo(w)
	return err
}
