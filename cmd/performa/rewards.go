package main

import (
	"context"
	"fmt"
	"io"

	"github.com/performa-pa/performa/internal/domain"
	"github.com/performa-pa/performa/internal/evaluation"
	"github.com/performa-pa/performa/internal/italian"
	"github.com/performa-pa/performa/internal/report"
	"github.com/performa-pa/performa/internal/reward"
)

func runRewards(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "rewards", "rewards --year N --fund-organizational EURO --fund-individual EURO [--format text|json] [--save] [--output premi.xlsx] [--db DSN]",
		"Distribuisce il fondo per la produttività di un anno secondo lo SMVP: a ciascuna persona del\n"+
			"personale con una scheda definitiva una quota della performance organizzativa e una della\n"+
			"performance individuale (coefficiente della fascia di punteggio × parametro dell'area ×\n"+
			"presenza × part-time), con la maggiorazione dell'art. 81 CCNL 2019–2021; al centesimo, per\n"+
			"resti più alti. Chi non ha una scheda definitiva non ha premio: la sua quota resta non\n"+
			"distribuita. --save registra la distribuzione dell'anno (al posto di quella salvata prima),\n"+
			"--output scrive il foglio XLSX per gli stipendi. Solo l'amministratore. Dati personali.")
	db := dbFlag(fs)
	org := fs.String("organization", "", "nome dell'ente (se l'archivio ne contiene uno solo si può omettere)")
	year := fs.Int("year", 0, "anno (predefinito: il primo del ciclo)")
	fundOrg := fs.String("fund-organizational", "", "quota del fondo per la performance organizzativa, in `EURO` (es. 30.000,00)")
	fundInd := fs.String("fund-individual", "", "quota del fondo per la performance individuale, in `EURO`")
	format := fs.String("format", "text", "formato dell'uscita: `text` o json")
	save := fs.Bool("save", false, "registra la distribuzione dell'anno")
	output := fs.String("output", "", "scrive il foglio per gli stipendi in questo `FILE` .xlsx")
	by := byFlag(fs)
	rest, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if !needArgs(e, fs, rest, 0, "") || !validFormat(e, "rewards", *format, "text", "json") {
		return 2
	}
	if *fundOrg == "" || *fundInd == "" {
		fmt.Fprintln(e.stderr, "performa rewards: servono --fund-organizational e --fund-individual (in euro; 0 se la quota non c'è).")
		return 2
	}
	var fund reward.Fund
	var err error
	if fund.Organizational, err = reward.ParseEuro(*fundOrg); err != nil {
		return fail(e, "rewards", err)
	}
	if fund.Individual, err = reward.ParseEuro(*fundInd); err != nil {
		return fail(e, "rewards", err)
	}
	s, y, ok := openYear(ctx, e, "rewards", *db, *org, *year)
	if !ok {
		return 2
	}
	defer s.st.Close()
	who, err := s.actor(ctx, e, *by, domain.RoleAdmin)
	if err != nil {
		return fail(e, "rewards", err)
	}
	res, d, err := s.distribute(ctx, y, fund)
	if err != nil {
		return fail(e, "rewards", err)
	}
	if *save {
		if err := s.st.SaveRewardDistribution(ctx, s.org.ID, d, who.Name); err != nil {
			return fail(e, "rewards", err)
		}
	}
	if *output != "" {
		if err := writeFileAtomic(*output, func(w io.Writer) error { return report.PayrollXLSX(w, s.org.Name, d) }); err != nil {
			fmt.Fprintln(e.stderr, "performa rewards:", err)
			return 2
		}
	}
	if *format == "json" {
		if err := writeJSON(e.stdout, reward.DocumentOf(d)); err != nil {
			return fail(e, "rewards", err)
		}
	} else {
		writeRewards(e.stdout, s.org, y, d.SMVPVersion, res)
		if *save {
			fmt.Fprintf(e.stdout, "Distribuzione %d salvata da %s.\n", y, who.Label())
		}
		if *output != "" {
			fmt.Fprintf(e.stdout, "Foglio per gli stipendi: %s\n", *output)
		}
	}
	return 0
}

// distribute computes the year's distribution of fund from the register,
// the final schede and the scores of the units, by the SMVP's rule.
func (s *session) distribute(ctx context.Context, year int, fund reward.Fund) (*reward.Result, *domain.RewardDistribution, error) {
	cfg, version, err := s.smvp(ctx)
	if err != nil {
		return nil, nil, err
	}
	scores, _, err := s.compute(ctx, year)
	if err != nil {
		return nil, nil, err
	}
	res, err := reward.Year(ctx, s.st, s.org.ID, year, cfg.ProductivityRule(), fund, evaluation.UnitScore(scores))
	if err != nil {
		return nil, nil, err
	}
	d := res.Saved(year, version, s.plan.Version.ID) // the scores are this version's
	return res, &d, nil
}

func writeRewards(w io.Writer, org *domain.Organization, year, smvpVersion int, r *reward.Result) {
	fmt.Fprintf(w, "Premi di produttività %d · %s · SMVP %s\n", year, org.Name, smvpLabel(smvpVersion))
	fmt.Fprintf(w, "Fondo: %s (performance organizzativa %s, performance individuale %s)\n",
		reward.FormatEuro(r.Fund.Total()), reward.FormatEuro(r.Fund.Organizational), reward.FormatEuro(r.Fund.Individual))
	fmt.Fprintln(w, "\nPersonale (dati personali: non pubblicare)")
	fmt.Fprintf(w, "  %-9s %-26s %-9s %-28s %14s %14s %14s %14s\n", "matricola", "cognome e nome", "punteggio", "fascia",
		"organizzativa", "individuale", "maggiorazione", "totale")
	for _, e := range r.People {
		sc := "—"
		if e.Final {
			sc = italian.Number(e.Score, 2)
		}
		fmt.Fprintf(w, "  %-9s %-26s %-9s %-28s %14s %14s %14s %14s\n", e.Matricola, e.Name, sc, reward.BandLabel(r.Rule, e.Band),
			reward.FormatEuro(e.Organizational), reward.FormatEuro(e.Individual-e.Maggiorazione), reward.FormatEuro(e.Maggiorazione),
			reward.FormatEuro(e.Amount))
	}
	fmt.Fprintf(w, "\nDistribuito: %s · non distribuito: %s", reward.FormatEuro(r.Distributed), reward.FormatEuro(r.Unspent))
	if r.UnspentNoScheda > 0 {
		fmt.Fprintf(w, " (di cui %s per chi non ha una scheda definitiva)", reward.FormatEuro(r.UnspentNoScheda))
	}
	fmt.Fprintln(w)
	if r.Maggiorati > 0 {
		fmt.Fprintf(w, "Maggiorazione art. 81 CCNL 2019–2021: %s, %s ciascuna (%s del premio individuale medio di %s).\n",
			italian.Count(r.Maggiorati, "persona", "persone"), reward.FormatEuro(r.MaggiorazioneEach),
			italian.Percent(r.Rule.Differentiation.Percent, 2), reward.FormatEuro(r.AverageIndividual))
	}
	for _, n := range r.Notes {
		fmt.Fprintln(w, "Nota: "+n)
	}
}
