package salkku_test

import (
	"fmt"
	"testing"

	"github.com/salkku/salkku"
)

const euro = 100 // cents

// TestProfitabilityExamples checks the calculation against examples
// worked out by hand. Amounts in the comments are euros; each discounted
// year is rounded to the cent, and the NPV is the sum of those cents.
func TestProfitabilityExamples(t *testing.T) {
	for _, tc := range []struct {
		name string
		p    salkku.Profitability
		// discounted is each year's discounted cash flow in cents, year 0
		// first; cumulative the undiscounted cumulative cash flow.
		discounted, cumulative []salkku.Money
		npv                    salkku.Money
		payback                *salkku.Payback
	}{
		{
			// Investment 100 000 €, savings 30 000 €/yr, running costs
			// 5 000 €/yr, 5 years, discount rate 3 %. The net cash flow
			// is −100 000 € in year 0 and 25 000 € in each year 1–5.
			//
			//	year  factor 1/1.03^k   25 000 × factor   rounded
			//	0     1                                  −100 000.00
			//	1     0.970874          24 271.8447…       24 271.84
			//	2     0.942596          23 564.8977…       23 564.90
			//	3     0.915142          22 878.5415…       22 878.54
			//	4     0.888487          22 212.1762…       22 212.18
			//	5     0.862609          21 565.2196…       21 565.22
			//	sum of years 1–5                          114 492.68
			//	NPV = 114 492.68 − 100 000                 14 492.68
			//
			// Cumulative: −100 000, −75 000, −50 000, −25 000, 0, 25 000:
			// it reaches zero at the end of year 4, so payback is 4 years
			// 0 months.
			name: "constant savings, 3 %",
			p: salkku.Profitability{ProjectID: 1, Investment: 100000 * euro, Years: 5, Rate: 300,
				Costs: []salkku.Money{5000 * euro}, Savings: []salkku.Money{30000 * euro}},
			discounted: []salkku.Money{-10000000, 2427184, 2356490, 2287854, 2221218, 2156522},
			cumulative: []salkku.Money{-100000 * euro, -75000 * euro, -50000 * euro, -25000 * euro, 0, 25000 * euro},
			npv:        1449268,
			payback:    &salkku.Payback{Years: 4},
		},
		{
			// Investment 50 000 €, 3 years at 5 %, running costs 2 000 €
			// every year, savings growing 10 000, 20 000, 30 000 €. Net:
			// −50 000, 8 000, 18 000, 28 000.
			//
			//	year  factor 1/1.05^k   net × factor        rounded
			//	0     1                                   −50 000.00
			//	1     0.952381           7 619.0476…        7 619.05
			//	2     0.907029          16 326.5306…       16 326.53
			//	3     0.863838          24 187.4527…       24 187.45
			//	sum of years 1–3                           48 133.03
			//	NPV = 48 133.03 − 50 000                   −1 866.97
			//
			// Cumulative: −50 000, −42 000, −24 000, 4 000. At the end of
			// year 2, 24 000 € remain; year 3 brings 28 000 €, so
			// 24 000 / 28 000 = 0.857 of it: 12 × 0.857 = 10.3 months,
			// rounded up to 11: payback 2 years 11 months. The NPV is
			// below zero although the investment pays back: discounting
			// at 5 % costs more than the 4 000 € left over.
			name: "growing savings, 5 %",
			p: salkku.Profitability{ProjectID: 1, Investment: 50000 * euro, Years: 3, Rate: 500,
				Costs: []salkku.Money{2000 * euro}, Savings: []salkku.Money{10000 * euro, 20000 * euro, 30000 * euro}},
			discounted: []salkku.Money{-5000000, 761905, 1632653, 2418745},
			cumulative: []salkku.Money{-50000 * euro, -42000 * euro, -24000 * euro, 4000 * euro},
			npv:        -186697,
			payback:    &salkku.Payback{Years: 2, Months: 11},
		},
		{
			// Investment 100 000 €, savings 10 000 €/yr, 5 years at 0 %:
			// every factor is 1, the cumulative flow ends at −50 000 €,
			// which is also the NPV; not paid back within 5 years.
			name:       "not paid back, 0 %",
			p:          salkku.Profitability{ProjectID: 1, Investment: 100000 * euro, Years: 5, Savings: []salkku.Money{10000 * euro}},
			discounted: []salkku.Money{-10000000, 1000000, 1000000, 1000000, 1000000, 1000000},
			cumulative: []salkku.Money{-100000 * euro, -90000 * euro, -80000 * euro, -70000 * euro, -60000 * euro, -50000 * euro},
			npv:        -50000 * euro,
		},
		{
			// Nothing invested: paid back at once, 0 years 0 months.
			name: "no investment",
			p:    salkku.Profitability{ProjectID: 1, Years: 1, Rate: 1000, Savings: []salkku.Money{1100 * euro}},
			// 1 100 / 1.1 = 1 000 exactly.
			discounted: []salkku.Money{0, 1000 * euro},
			cumulative: []salkku.Money{0, 1100 * euro},
			npv:        1000 * euro,
			payback:    &salkku.Payback{},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.p
			if err := p.Validate(); err != nil {
				t.Fatal(err)
			}
			r := p.Compute()
			if len(r.Years) != p.Years+1 {
				t.Fatalf("%d years, want %d", len(r.Years), p.Years+1)
			}
			var sum salkku.Money
			for i, y := range r.Years {
				if y.Year != i || y.Discounted != tc.discounted[i] || y.Cumulative != tc.cumulative[i] {
					t.Errorf("year %d: discounted %d cumulative %d, want %d %d", i, y.Discounted, y.Cumulative, tc.discounted[i], tc.cumulative[i])
				}
				sum += y.Discounted
				if y.CumulativeDiscounted != sum {
					t.Errorf("year %d: cumulative discounted %d, want %d", i, y.CumulativeDiscounted, sum)
				}
			}
			if r.NPV != tc.npv || r.NPV != sum {
				t.Errorf("NPV %d, want %d (sum of the years %d)", r.NPV, tc.npv, sum)
			}
			if r.Total != tc.cumulative[len(tc.cumulative)-1] {
				t.Errorf("total %d", r.Total)
			}
			if fmt.Sprint(r.Payback) != fmt.Sprint(tc.payback) {
				t.Errorf("payback %+v, want %+v", r.Payback, tc.payback)
			}
		})
	}
}

// TestProfitabilityPaybackMonths: the months are rounded up, and a year
// whose end is exactly the payback counts whole.
func TestProfitabilityPaybackMonths(t *testing.T) {
	for _, tc := range []struct {
		investment, net salkku.Money
		want            salkku.Payback
	}{
		{120, 12, salkku.Payback{Years: 10}},
		{100, 30, salkku.Payback{Years: 3, Months: 4}},     // 3.333… years: 4 months, not 3
		{1, 1200, salkku.Payback{Years: 0, Months: 1}},     // a hundredth of a month rounds up to one
		{1199, 1200, salkku.Payback{Years: 0, Months: 12}}, // 11.99 months: rounded up, a whole year
	} {
		p := salkku.Profitability{ProjectID: 1, Investment: tc.investment, Years: 30, Savings: []salkku.Money{tc.net}}
		if err := p.Validate(); err != nil {
			t.Fatal(err)
		}
		got := p.Compute().Payback
		want := tc.want
		if want.Months == 12 {
			want = salkku.Payback{Years: 1}
		}
		if got == nil || *got != want {
			t.Errorf("investment %d, net %d: payback %+v, want %+v", tc.investment, tc.net, got, want)
		}
	}
}

func TestProfitabilityValidate(t *testing.T) {
	ok := func() salkku.Profitability {
		return salkku.Profitability{ProjectID: 1, Investment: 100, Years: 3, Rate: 300, Costs: []salkku.Money{5}, Savings: []salkku.Money{1, 2, 3}}
	}
	for _, tc := range []struct {
		name   string
		edit   func(p *salkku.Profitability)
		fields map[string]string
	}{
		{"OK", func(*salkku.Profitability) {}, nil},
		{"OK no costs", func(p *salkku.Profitability) { p.Costs = nil }, nil},
		{"OK 30 years", func(p *salkku.Profitability) { p.Years, p.Savings = 30, nil }, nil},
		{"ErrYears0", func(p *salkku.Profitability) { p.Years = 0 }, map[string]string{"years": "error.profit_years", "savings": "error.profit_year_count"}},
		{"ErrYears31", func(p *salkku.Profitability) { p.Years, p.Savings = 31, nil }, map[string]string{"years": "error.profit_years"}},
		{"ErrYearCount", func(p *salkku.Profitability) { p.Savings = []salkku.Money{1, 2} }, map[string]string{"savings": "error.profit_year_count"}},
		{"ErrNegativeInvestment", func(p *salkku.Profitability) { p.Investment = -1 }, map[string]string{"investment": salkku.ErrMoneyNegative}},
		{"ErrNegativeCost", func(p *salkku.Profitability) { p.Costs = []salkku.Money{5, -5, 5} }, map[string]string{"costs": salkku.ErrMoneyNegative}},
		{"ErrRate", func(p *salkku.Profitability) { p.Rate = 10001 }, map[string]string{"rate": salkku.ErrPercentRange}},
		{"ErrProject", func(p *salkku.Profitability) { p.ProjectID = 0 }, map[string]string{"project_id": "error.required"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := ok()
			tc.edit(&p)
			err := p.Validate()
			checkFields(t, err, tc.fields)
			if err == nil && (len(p.Costs) != p.Years || len(p.Savings) != p.Years) {
				t.Errorf("costs %v savings %v not expanded to %d years", p.Costs, p.Savings, p.Years)
			}
		})
	}
}
