package report

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/performa-pa/performa/internal/domain"
)

// XLSX writes the plan as an Excel workbook, one sheet per unit.
func XLSX(w io.Writer, p *domain.Plan) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newXLSXStyles(f)
	if err != nil {
		return err
	}
	sheets := layout(p)
	if len(sheets) == 0 {
		sheets = []*sheet{{name: "Piano", header: []string{"Nessuna unità nel piano"}}}
	}
	for i, s := range sheets {
		if i == 0 {
			err = f.SetSheetName("Sheet1", s.name)
		} else {
			_, err = f.NewSheet(s.name)
		}
		if err == nil {
			err = writeXLSXSheet(f, st, s)
		}
		if err != nil {
			return fmt.Errorf("foglio «%s»: %w", s.name, err)
		}
	}
	f.SetActiveSheet(0)
	f.SetDocProps(&excelize.DocProperties{Title: "Piano degli obiettivi " + cycleText(p.Cycle), Creator: "performa",
		Subject: p.Organization.Name, Language: "it-IT"})
	_, err = f.WriteTo(w)
	return err
}

type xlsxStyles struct {
	title, header, text, wrap, pct, pctDec, totalLabel, totalPct, totalPctDec int
}

func newXLSXStyles(f *excelize.File) (*xlsxStyles, error) {
	var st xlsxStyles
	var err error
	top := &excelize.Alignment{Vertical: "top"}
	wrap := &excelize.Alignment{Vertical: "top", WrapText: true}
	border := []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}}
	pct, pctDec := "0%", "0.0###%"
	for _, s := range []struct {
		dst   *int
		style excelize.Style
	}{
		{&st.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 12}}},
		{&st.header, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DCE6F1"}}, Border: border}},
		{&st.text, excelize.Style{Alignment: top}},
		{&st.wrap, excelize.Style{Alignment: wrap}},
		{&st.pct, excelize.Style{Alignment: top, CustomNumFmt: &pct}},
		{&st.pctDec, excelize.Style{Alignment: top, CustomNumFmt: &pctDec}},
		{&st.totalLabel, excelize.Style{Font: &excelize.Font{Bold: true}}},
		{&st.totalPct, excelize.Style{Font: &excelize.Font{Bold: true}, CustomNumFmt: &pct}},
		{&st.totalPctDec, excelize.Style{Font: &excelize.Font{Bold: true}, CustomNumFmt: &pctDec}},
	} {
		if *s.dst, err = f.NewStyle(&s.style); err != nil {
			return nil, err
		}
	}
	return &st, nil
}

func writeXLSXSheet(f *excelize.File, st *xlsxStyles, s *sheet) error {
	sw, err := f.NewStreamWriter(s.name)
	if err != nil {
		return err
	}
	for i, w := range s.columnWidths() {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A3", ActiveCell: "A3", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	title := make([]any, s.width())
	for _, t := range s.title {
		title[t.col] = excelize.Cell{StyleID: st.title, Value: t.text}
	}
	if err := sw.SetRow("A1", title); err != nil {
		return err
	}
	header := make([]any, len(s.header))
	for i, h := range s.header {
		header[i] = excelize.Cell{StyleID: st.header, Value: h}
	}
	if err := sw.SetRow("A2", header, excelize.RowOpts{Height: 30}); err != nil {
		return err
	}
	const first = 3 // the first data row
	total := 0.0
	for i, row := range s.rows {
		values := make([]any, len(row))
		for c, v := range row {
			switch {
			case v.weight != nil:
				style := st.pctDec
				if whole(*v.weight) {
					style = st.pct
				}
				values[c] = excelize.Cell{StyleID: style, Value: *v.weight / 100}
				total += *v.weight
			case s.wrapped(c):
				values[c] = excelize.Cell{StyleID: st.wrap, Value: v.text}
			default:
				values[c] = excelize.Cell{StyleID: st.text, Value: v.text}
			}
		}
		if err := sw.SetRow(cellName(colMissionCode, first+i), values); err != nil {
			return err
		}
	}
	last := first + len(s.rows) - 1
	if u := s.unit; u != nil && len(s.rows) > 0 {
		style := st.totalPctDec
		if whole(total) {
			style = st.totalPct
		}
		sum := fmt.Sprintf("SUM(%s:%s)", cellName(colWeight, first), cellName(colWeight, last))
		row := make([]any, colWeight+1)
		row[colCode] = excelize.Cell{StyleID: st.totalLabel, Value: "Totale"}
		row[colWeight] = excelize.Cell{StyleID: style, Formula: sum, Value: total / 100}
		if err := sw.SetRow(cellName(colMissionCode, last+1), row); err != nil {
			return err
		}
		if d := u.DeclaredTotalWeight; d != nil {
			style := st.pctDec
			if whole(*d) {
				style = st.pct
			}
			row := make([]any, colWeight+1)
			row[colCode] = excelize.Cell{StyleID: st.text, Value: "Totale dichiarato"}
			row[colWeight] = excelize.Cell{StyleID: style, Value: *d / 100}
			if err := sw.SetRow(cellName(colMissionCode, last+2), row); err != nil {
				return err
			}
		}
	}
	for _, m := range s.merges {
		if err := sw.MergeCell(cellName(m.col, first+m.first), cellName(m.col, first+m.last)); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// cellName names a cell: column 0-based, row 1-based.
func cellName(col, row int) string { return fmt.Sprintf("%s%d", columnName(col), row) }
