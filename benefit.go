package salkku

import (
	"context"
	"slices"
	"strconv"
	"strings"
)

// Benefits (issue 10): the benefits that justify a project's spending,
// estimated lightly in the pre-study and finally in the cost-benefit
// analysis of planning (seed 004), and measured over time, so that they
// can be verified after the project closes, as the state asks.

// Benefit kinds.
const (
	BenefitMoney    = "money"    // savings or revenue, in euros
	BenefitTime     = "time"     // time saved
	BenefitQuality  = "quality"  // quality of the service or the work
	BenefitCustomer = "customer" // customers' experience
	BenefitOther    = "other"
)

// BenefitKinds lists the kinds in the order a form offers them.
var BenefitKinds = []string{BenefitMoney, BenefitTime, BenefitQuality, BenefitCustomer, BenefitOther}

// MaxUnitLen bounds a benefit's unit ("h/kk", "asiakasta", "%").
const MaxUnitLen = 40

// Decimal is a number with at most two decimals, held as an integer
// number of hundredths (12,5 is 1250): a benefit's baseline, target and
// measured values. A money benefit's values are euros, and a Decimal's
// hundredths are then cents: see Money. No value is ever held in a float.
type Decimal int64

// MaxDecimal bounds a value as MaxMoney bounds an amount.
const MaxDecimal = Decimal(MaxMoney)

// Money is d as an amount: hundredths are cents.
func (d Decimal) Money() Money { return Money(d) }

// ParseDecimal reads a number as ParseMoney reads an amount, the Finnish
// way ("1 234,5", "-3", "0,25"), refusing what could be misread. The
// returned string is a catalogue key.
func ParseDecimal(s string) (Decimal, string) {
	m, key := ParseMoney(s)
	if key != "" {
		return 0, key
	}
	return Decimal(m), ""
}

// Format writes d for a reader of lang, without trailing zero decimals:
// "1 234,5" in Finnish and Swedish (a no-break space groups thousands),
// "1,234.5" in English.
func (d Decimal) Format(lang string) string {
	neg := d < 0
	if neg {
		d = -d
	}
	s := strings.TrimSuffix(Money(d).Format(lang, true), "\u00a0€")
	s = strings.TrimPrefix(s, "€")
	if strings.ContainsAny(s, ",.") && int64(d)%100 != 0 && int64(d)%10 == 0 {
		s = s[:len(s)-1]
	}
	if neg {
		s = "−" + s
	}
	return s
}

// Input writes d as a form field shows it for editing ("1234,5").
func (d Decimal) Input(lang string) string {
	s := Money(d).Input(lang)
	if strings.ContainsAny(s, ",.") {
		s = strings.TrimSuffix(s, "0")
	}
	return s
}

// String writes d as machines do: "1234.5", "-3".
func (d Decimal) String() string {
	neg := d < 0
	if neg {
		d = -d
	}
	s := strconv.FormatInt(int64(d)/100, 10)
	if c := int64(d) % 100; c != 0 {
		s += strings.TrimSuffix("."+strconv.FormatInt(c/10, 10)+strconv.FormatInt(c%10, 10), "0")
	}
	if neg {
		s = "-" + s
	}
	return s
}

// MarshalJSON writes d as a JSON number with its exact decimals.
func (d Decimal) MarshalJSON() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalJSON reads a JSON number exactly (never through a float); more
// than two decimals, an exponent or a string are refused.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" {
		*d = 0
		return nil
	}
	if strings.ContainsAny(s, `eE" `) || strings.HasPrefix(s, "+") || strings.Contains(s, ",") {
		return Errorf(EINVALID, "error.number")
	}
	if _, frac, ok := strings.Cut(s, "."); ok && len(frac) > 2 {
		return Errorf(EINVALID, ErrMoneyDecimals)
	}
	v, key := ParseDecimal(s)
	if key != "" {
		return Errorf(EINVALID, key)
	}
	*d = v
	return nil
}

// Benefit is one expected benefit of a project, possibly of one of its
// work packages, with the metric that shows it: where it stands
// (Baseline) and where it should be (Target) by TargetDate.
type Benefit struct {
	Meta
	ProjectID     int64  `json:"project_id"`
	WorkPackageID *int64 `json:"work_package_id"`
	Description   Text   `json:"description"`
	Kind          string `json:"kind"`
	// Metric says what is measured ("Käsittelyaika"), Unit in what
	// ("pv"); a money benefit's unit is €.
	Metric Text   `json:"metric"`
	Unit   string `json:"unit"`
	// Baseline and Target are optional: a qualitative benefit may have
	// none. A money benefit's are euros (see BaselineMoney).
	Baseline   *Decimal `json:"baseline"`
	Target     *Decimal `json:"target"`
	TargetDate Date     `json:"target_date,omitempty"`
	OwnerID    *int64   `json:"owner_id"`

	// Read-only, filled by the store for display.
	OwnerName       string `json:"owner_name,omitempty"`
	WorkPackageCode string `json:"work_package_code,omitempty"`
	WorkPackageName Text   `json:"work_package_name,omitempty"`
	ProjectCode     string `json:"project_code,omitempty"`
	ProjectName     Text   `json:"project_name,omitempty"`
	// Latest is the last measurement (by date), if any; Measurements
	// their number.
	Latest       *Measurement `json:"latest,omitempty"`
	Measurements int          `json:"measurements"`
}

// MoneyUnit is a money benefit's unit.
const MoneyUnit = "€"

// Validate checks a benefit's own fields; a money benefit gets the unit
// €.
func (b *Benefit) Validate(l Languages) error {
	fe := FieldErrors{}
	if b.ProjectID <= 0 {
		fe.Add("project_id", "error.required")
	}
	l.CheckText(fe, "description", &b.Description, true, MaxDescriptionLen)
	l.CheckText(fe, "metric", &b.Metric, false, MaxNameLen)
	if !slices.Contains(BenefitKinds, b.Kind) {
		fe.Add("kind", "error.invalid_choice")
	}
	b.Unit = strings.TrimSpace(b.Unit)
	if b.Kind == BenefitMoney {
		if b.Unit != "" && b.Unit != MoneyUnit && !strings.EqualFold(b.Unit, "eur") && !strings.EqualFold(b.Unit, "euroa") {
			fe.Add("unit", "error.benefit_money_unit")
		}
		b.Unit = MoneyUnit
	}
	checkText(fe, "unit", b.Unit, false, MaxUnitLen)
	for _, v := range []struct {
		field string
		d     *Decimal
	}{{"baseline", b.Baseline}, {"target", b.Target}} {
		if v.d != nil && (*v.d > MaxDecimal || *v.d < -MaxDecimal) {
			fe.Add(v.field, ErrMoneyRange)
		}
	}
	if b.TargetDate != "" && !b.TargetDate.Valid() {
		fe.Add("target_date", "error.date")
	}
	return fe.Err()
}

// BaselineMoney and TargetMoney are a money benefit's baseline and
// target as amounts (0 when not given).
func (b *Benefit) BaselineMoney() Money { return decimalOr0(b.Baseline).Money() }
func (b *Benefit) TargetMoney() Money   { return decimalOr0(b.Target).Money() }

func decimalOr0(d *Decimal) Decimal {
	if d == nil {
		return 0
	}
	return *d
}

// Expected is the change the benefit expects, target minus baseline (a
// baseline not given counts as 0); false when there is no target.
func (b *Benefit) Expected() (Decimal, bool) {
	if b.Target == nil {
		return 0, false
	}
	return *b.Target - decimalOr0(b.Baseline), true
}

// Realised is the change measured so far, the latest measurement minus
// the baseline; false when nothing is measured.
func (b *Benefit) Realised() (Decimal, bool) {
	if b.Latest == nil {
		return 0, false
	}
	return b.Latest.Value - decimalOr0(b.Baseline), true
}

// Progress is the share of the expected change realised, in whole per
// cent, rounded toward zero (a benefit that went the wrong way is
// negative); false when either is missing or nothing is expected.
func (b *Benefit) Progress() (int, bool) {
	exp, ok1 := b.Expected()
	real, ok2 := b.Realised()
	if !ok1 || !ok2 || exp == 0 {
		return 0, false
	}
	return int(int64(real) * 100 / int64(exp)), true
}

// Unverified reports whether the benefit's target date has passed with
// no measurement on or after it: the benefit is yet to be verified.
func (b *Benefit) Unverified(today Date) bool {
	return b.TargetDate != "" && b.TargetDate < today && (b.Latest == nil || b.Latest.Date < b.TargetDate)
}

// Measurement is one measured value of a benefit's metric on a day.
type Measurement struct {
	Meta
	BenefitID int64   `json:"benefit_id"`
	Date      Date    `json:"date"`
	Value     Decimal `json:"value"`
	Note      Text    `json:"note"`
	// ProjectID is the benefit's project, read-only.
	ProjectID int64 `json:"project_id"`
}

// Validate checks a measurement's own fields.
func (m *Measurement) Validate(l Languages) error {
	fe := FieldErrors{}
	if m.BenefitID <= 0 {
		fe.Add("benefit_id", "error.required")
	}
	switch {
	case m.Date == "":
		fe.Add("date", "error.required")
	case !m.Date.Valid():
		fe.Add("date", "error.date")
	}
	if m.Value > MaxDecimal || m.Value < -MaxDecimal {
		fe.Add("value", ErrMoneyRange)
	}
	l.CheckText(fe, "note", &m.Note, false, MaxDescriptionLen)
	return fe.Err()
}

// BenefitFilter selects benefits: of one project, or of a portfolio with
// its sub-portfolios; Unverified, when set, only those past their target
// date on that day with no measurement on or after it.
type BenefitFilter struct {
	ProjectID   *int64
	PortfolioID *int64
	Unverified  Date
	Page
}

// Validate checks the filter's own values.
func (f *BenefitFilter) Validate() error {
	fe := FieldErrors{}
	if (f.ProjectID == nil) == (f.PortfolioID == nil) {
		fe.Add("project_id", "error.required")
	}
	if f.Unverified != "" && !f.Unverified.Valid() {
		fe.Add("unverified", "error.date")
	}
	return fe.Err()
}

// BenefitService is the projects' benefits, their measurements and
// their life-cycle profitability. Viewing follows CanViewProject and
// changing CanEditBenefits.
type BenefitService interface {
	FindBenefitByID(ctx context.Context, id int64) (*Benefit, error)
	// FindBenefits lists benefits with their latest measurement, by
	// target date (none last), one page at a time, with the number that
	// match: one query for the page, whatever its size.
	FindBenefits(ctx context.Context, f BenefitFilter) ([]*Benefit, int, error)
	// CreateBenefit: EINVALID for a kind not known or a work package of
	// another project.
	CreateBenefit(ctx context.Context, b *Benefit) error
	// UpdateBenefit replaces every field; ECONFLICT when b.Version is
	// stale.
	UpdateBenefit(ctx context.Context, b *Benefit) error
	// DeleteBenefit removes the benefit with its measurements.
	DeleteBenefit(ctx context.Context, id int64) error

	FindMeasurementByID(ctx context.Context, id int64) (*Measurement, error)
	// FindMeasurements lists a benefit's measurements by date.
	FindMeasurements(ctx context.Context, benefitID int64) ([]*Measurement, error)
	CreateMeasurement(ctx context.Context, m *Measurement) error
	// UpdateMeasurement: ECONFLICT when m.Version is stale; it stays
	// with its benefit.
	UpdateMeasurement(ctx context.Context, m *Measurement) error
	DeleteMeasurement(ctx context.Context, id int64) error

	// FindProfitability is a project's profitability inputs; ENOTFOUND
	// when the project has none.
	FindProfitability(ctx context.Context, projectID int64) (*Profitability, error)
	// SaveProfitability writes a project's inputs: version 0 creates
	// them (ECONFLICT when they exist), another replaces them (ECONFLICT
	// when stale).
	SaveProfitability(ctx context.Context, p *Profitability) error
}
