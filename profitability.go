package salkku

import "math"

// Life-cycle profitability (issue 10; seed 004: "kustannushyöty-analyysilla
// ja investointien koko elinkaaren kattavilla kannattavuuslaskelmilla"):
// an investment made at the start (year 0), then for each of N years the
// running costs and the savings or revenues it brings, give the cash flow
// of each year, its cumulative sum, the payback time and the net present
// value at a discount rate.
//
// The amounts are Money, exact in cents. Discounting needs a power of
// (1 + rate), which is computed in float64; each year's discounted cash
// flow is rounded half away from zero to the cent at once, and the NPV is
// the exact sum of those rounded cents, so that the table's discounted
// column adds up to the NPV shown under it.

// MaxProfitYears bounds the years of a calculation.
const MaxProfitYears = 30

// Profitability is a project's life-cycle profitability inputs.
type Profitability struct {
	Meta
	ProjectID int64 `json:"project_id"`
	// Investment is spent in year 0.
	Investment Money `json:"investment"`
	// Years is the life cycle looked at, 1–30.
	Years int `json:"years"`
	// Rate is the discount rate a year.
	Rate Percent `json:"rate"`
	// Costs and Savings are the yearly running costs and savings (or
	// revenues) of years 1…Years; Validate expands a single value to
	// every year.
	Costs   []Money `json:"costs"`
	Savings []Money `json:"savings"`
}

// Validate checks the inputs and expands a list of one value (or none)
// to one value a year.
func (p *Profitability) Validate() error {
	fe := FieldErrors{}
	if p.ProjectID <= 0 {
		fe.Add("project_id", "error.required")
	}
	checkAmount(fe, "investment", p.Investment)
	if p.Years < 1 || p.Years > MaxProfitYears {
		fe.Add("years", "error.profit_years")
	}
	if p.Rate < 0 || p.Rate > 100*100 {
		fe.Add("rate", ErrPercentRange)
	}
	n := max(1, min(p.Years, MaxProfitYears))
	for _, l := range []struct {
		field string
		list  *[]Money
	}{{"costs", &p.Costs}, {"savings", &p.Savings}} {
		switch len(*l.list) {
		case 0:
			*l.list = ConstantYears(0, n)
		case 1:
			*l.list = ConstantYears((*l.list)[0], n)
		case n:
		default:
			fe.Add(l.field, "error.profit_year_count")
			continue
		}
		for _, m := range *l.list {
			if checkAmount(fe, l.field, m) {
				break
			}
		}
	}
	return fe.Err()
}

// checkAmount adds an error for an amount below zero or too large and
// reports whether it did.
func checkAmount(fe FieldErrors, field string, m Money) bool {
	switch {
	case m < 0:
		fe.Add(field, ErrMoneyNegative)
	case m > MaxMoney:
		fe.Add(field, ErrMoneyRange)
	default:
		return false
	}
	return true
}

// ConstantYears is the same amount for each of n years.
func ConstantYears(m Money, n int) []Money {
	out := make([]Money, n)
	for i := range out {
		out[i] = m
	}
	return out
}

// ProfitYear is one year of the calculation; year 0 is the investment's.
type ProfitYear struct {
	Year       int   `json:"year"`
	Investment Money `json:"investment"`
	Costs      Money `json:"costs"`
	Savings    Money `json:"savings"`
	// Net is savings − costs − investment; Cumulative the sum of Net up
	// to this year.
	Net        Money `json:"net"`
	Cumulative Money `json:"cumulative"`
	// Factor is 1 / (1 + rate)^year, as shown (not used for sums);
	// Discounted is Net × Factor rounded to the cent, and
	// CumulativeDiscounted their sum so far.
	Factor               float64 `json:"factor"`
	Discounted           Money   `json:"discounted"`
	CumulativeDiscounted Money   `json:"cumulative_discounted"`
}

// Payback is when the cumulative cash flow first reaches zero: Years
// whole years and Months more (0–11), the months rounded up.
type Payback struct {
	Years  int `json:"years"`
	Months int `json:"months"`
}

// ProfitResult is what the inputs give.
type ProfitResult struct {
	Years []ProfitYear `json:"years"`
	// Total is the cumulative cash flow at the end, undiscounted.
	Total Money `json:"total"`
	// NPV is the net present value: the sum of the discounted cash flows.
	NPV Money `json:"npv"`
	// Payback is nil when the investment is not paid back within the
	// years.
	Payback *Payback `json:"payback"`
}

// Compute works the calculation out; p must be valid.
func (p *Profitability) Compute() *ProfitResult {
	r := &ProfitResult{}
	rate := float64(p.Rate) / 10000
	var cum, cumDisc Money
	for y := 0; y <= p.Years; y++ {
		py := ProfitYear{Year: y}
		if y == 0 {
			py.Investment = p.Investment
		} else {
			py.Costs, py.Savings = p.Costs[y-1], p.Savings[y-1]
		}
		py.Net = py.Savings - py.Costs - py.Investment
		prev := cum
		cum += py.Net
		py.Cumulative = cum
		py.Factor = 1 / math.Pow(1+rate, float64(y))
		py.Discounted = Money(math.Round(float64(py.Net) / math.Pow(1+rate, float64(y))))
		cumDisc += py.Discounted
		py.CumulativeDiscounted = cumDisc
		if r.Payback == nil && cum >= 0 {
			r.Payback = payback(y, prev, py.Net)
		}
		r.Years = append(r.Years, py)
	}
	r.Total, r.NPV = cum, cumDisc
	return r
}

// payback is the time at which a cumulative flow of prev (below zero, at
// the end of year y−1) reaches zero during year y, whose flow is net:
// y−1 years and the share −prev/net of year y, in months rounded up.
// At year 0 (nothing invested) it is 0.
func payback(y int, prev, net Money) *Payback {
	if y == 0 {
		return &Payback{}
	}
	// months = ⌈12 × −prev / net⌉, in integers: both are cents.
	months := (12*int64(-prev) + int64(net) - 1) / int64(net)
	if months >= 12 {
		return &Payback{Years: y}
	}
	return &Payback{Years: y - 1, Months: int(months)}
}
