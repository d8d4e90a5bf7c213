package demo

import (
	"context"
	"fmt"

	"github.com/salkku/salkku"
)

// karaFinance is seed 002's budget slide, "Toteutuma 1.8.2020 - 15.11.2021"
// of the whole programme (Hankekokonaisuus): per cost category, in the
// organisation's default order, the budget and what was realised
// (Toteutunut); unused (Käyttämättä) is their difference. The budget is
// the slide's realised plus unused, in whole euros; the seed gives no split
// by year or work package, so it covers the whole span, and the actuals
// stand as one sum per category to 15.11.2021.
//
// The slide rounds each figure to the euro, and its totals (720 836 € and
// 1 000 514 €) are one euro off the sums of its rounded lines (720 837 €,
// 1 000 513 €): the realised amounts had cents. Three of them carry 0,40 €
// less here, the least change for which every figure the slide shows,
// totals included, rounds to the slide's.
var karaFinance = []struct {
	Category         string
	Budget, Realised salkku.Money // cents
}{
	{"Henkilöstömenot", 99004000, 48015660},
	{"Palvelujen ostot", 62344000, 21025660},
	{"Aineet, tarvikkeet ja tavarat", 899000, 374800},
	{"Vuokrat", 3538000, 1938460},
	{"Muut menot", 729000, 729000},
	{"Investointimenot", 5621000, 0},
}

// karaActualsThrough is the slide's last day of actuals.
const karaActualsThrough = "2021-11-15"

// karaActualsNote describes each actual: the period the slide sums.
const karaActualsNote = "Toteutuma 1.8.2020 – 15.11.2021"

// karaGrant is KaRa's state grant: the slide's to-do box names "3.
// Maksatushakemus hankkeen jälkeen 28.2.2022" and "valtionavustuksen
// loppuselvitys", and its achievements "Maksatushakemus x 2". The seed
// gives no decision number, amounts or share: they stay empty.
const karaGrantName = "Valtionavustus"

// loadKaraFinance books the slide's figures on the KaRa project.
func (l *loader) loadKaraFinance(ctx context.Context, proj *salkku.Project) error {
	pf, err := l.r.FindProjectFinance(ctx, proj.ID)
	if err != nil {
		return fmt.Errorf("demo: finance: %w", err)
	}
	byName := map[string]int64{}
	for _, c := range pf.Categories {
		byName[c.Name.FI] = c.ID
	}
	rev := &salkku.BudgetRevision{ProjectID: proj.ID, Number: 1, Date: "2020-08-01"}
	end := salkku.NewMonth(2021, 11)
	var actuals []*salkku.Actual
	for _, f := range karaFinance {
		id, ok := byName[f.Category]
		if !ok {
			return fmt.Errorf("demo: finance: no cost category %q", f.Category)
		}
		rev.Lines = append(rev.Lines, salkku.BudgetLine{CategoryID: id, Year: salkku.WholeSpan, Amount: f.Budget})
		if f.Realised != 0 {
			actuals = append(actuals, &salkku.Actual{ProjectID: proj.ID, CategoryID: id, Month: end, Amount: f.Realised, Description: karaActualsNote})
		}
	}
	if err := l.r.ReviseBudget(ctx, rev); err != nil {
		return fmt.Errorf("demo: budget: %w", err)
	}
	for _, a := range actuals {
		if err := l.r.CreateActual(ctx, a); err != nil {
			return fmt.Errorf("demo: actual: %w", err)
		}
	}
	s := pf.Settings
	s.ActualsThrough = karaActualsThrough
	if err := l.r.UpdateFinanceSettings(ctx, &s); err != nil {
		return fmt.Errorf("demo: finance settings: %w", err)
	}
	g := &salkku.Funding{ProjectID: proj.ID, Kind: salkku.FundingStateGrant, Name: salkku.T(karaGrantName)}
	if err := l.r.CreateFunding(ctx, g); err != nil {
		return fmt.Errorf("demo: funding: %w", err)
	}
	for _, a := range []*salkku.PaymentApplication{
		{FundingID: g.ID, Number: 1, Status: salkku.ApplicationSubmitted},
		{FundingID: g.ID, Number: 2, Status: salkku.ApplicationSubmitted},
		{FundingID: g.ID, Number: 3, Status: salkku.ApplicationPlanned, Due: "2022-02-28", Note: salkku.T("3. Maksatushakemus hankkeen jälkeen 28.2.2022")},
	} {
		if err := l.r.CreatePaymentApplication(ctx, a); err != nil {
			return fmt.Errorf("demo: payment application %d: %w", a.Number, err)
		}
	}
	return nil
}
