package salkku

import "testing"

func TestRunRate(t *testing.T) {
	tests := []struct {
		spent          Money
		elapsed, total int
		want           Money
	}{
		{72083600, 16, 17, 76588825}, // KaRa: 720 836 € in 16 of 17 months → 765 888,25 €
		{100, 1, 3, 300},
		{100, 3, 3, 100},  // the project has ended: what is spent
		{100, 0, 12, 100}, // nothing elapsed yet
		{100, 5, 0, 100},  // no known end
		{-300, 1, 2, -300},
		{1, 3, 4, 1}, // 1,33 cents rounds to 1, never below spent
		{2, 3, 4, 3}, // 2,67 cents rounds to 3
	}
	for _, tt := range tests {
		if got := RunRate(tt.spent, tt.elapsed, tt.total); got != tt.want {
			t.Errorf("RunRate(%d, %d, %d) = %d, want %d", tt.spent, tt.elapsed, tt.total, got, tt.want)
		}
	}
	if got := Months(NewMonth(2020, 8), NewMonth(2021, 11)); got != 16 {
		t.Errorf("Months(8/2020, 11/2021) = %d, want 16", got)
	}
	if got := Months(NewMonth(2021, 11), NewMonth(2020, 8)); got != 0 {
		t.Errorf("Months backwards = %d", got)
	}
}

func TestCategoryForAccount(t *testing.T) {
	cats := []*CostCategory{{Meta: Meta{ID: 1}, Accounts: []string{"40"}}, {Meta: Meta{ID: 2}, Accounts: []string{"43", "4301"}}, {Meta: Meta{ID: 3}, Accounts: []string{"430"}}}
	for account, want := range map[string]int64{"4000": 1, "4301": 2, "4302": 3, "4310": 2, "4500": 0, "": 0, " 4001 ": 1} {
		got := CategoryForAccount(cats, account)
		switch {
		case want == 0 && got != nil:
			t.Errorf("%q → %d, want none", account, got.ID)
		case want != 0 && (got == nil || got.ID != want):
			t.Errorf("%q → %v, want %d", account, got, want)
		}
	}
}

func TestBudgetRevisionValidate(t *testing.T) {
	p := &Project{Schedule: Schedule{Start: NewMonth(2020, 8), End: NewMonth(2021, 12)}}
	l := DefaultLanguages()
	wp := int64(7)
	tests := []struct {
		name   string
		rev    BudgetRevision
		fields []string
	}{
		{"first needs no reason", BudgetRevision{Number: 1, Date: "2020-08-01", Lines: []BudgetLine{{CategoryID: 1, Amount: 100}, {CategoryID: 1, Year: 2021, Amount: 5}}}, nil},
		{"later needs a reason", BudgetRevision{Number: 2, Date: "2021-01-01"}, []string{"reason.fi"}},
		{"no date", BudgetRevision{Number: 1}, []string{"date"}},
		{"negative", BudgetRevision{Number: 1, Date: "2020-08-01", Lines: []BudgetLine{{CategoryID: 1, Amount: -1}}}, []string{"lines.0.amount"}},
		{"year before", BudgetRevision{Number: 1, Date: "2020-08-01", Lines: []BudgetLine{{CategoryID: 1, Year: 2019, Amount: 1}}}, []string{"lines.0.year"}},
		{"year after", BudgetRevision{Number: 1, Date: "2020-08-01", Lines: []BudgetLine{{CategoryID: 1, Year: 2022, Amount: 1}}}, []string{"lines.0.year"}},
		{"no category", BudgetRevision{Number: 1, Date: "2020-08-01", Lines: []BudgetLine{{Amount: 1}}}, []string{"lines.0.category_id"}},
		{"twice", BudgetRevision{Number: 1, Date: "2020-08-01", Lines: []BudgetLine{{CategoryID: 1, Amount: 1}, {CategoryID: 1, Amount: 2}}}, []string{"lines.1.category_id"}},
		{"project and package apart", BudgetRevision{Number: 1, Date: "2020-08-01", Lines: []BudgetLine{{CategoryID: 1, Amount: 1}, {CategoryID: 1, WorkPackageID: &wp, Amount: 2}}}, nil},
		{"over the limit", BudgetRevision{Number: 1, Date: "2020-08-01", Lines: []BudgetLine{{CategoryID: 1, Amount: MaxMoney + 1}}}, []string{"lines.0.amount", "lines"}},
	}
	for _, tt := range tests {
		err := tt.rev.Validate(p, l)
		checkFields(t, tt.name, err, tt.fields)
	}
	r := BudgetRevision{Number: 1, Date: "2020-08-01", Lines: []BudgetLine{{CategoryID: 1, Amount: 48015700}, {CategoryID: 2, Amount: 21025700}}}
	if err := r.Validate(p, l); err != nil || r.Total != 69041400 {
		t.Errorf("total = %d, %v", r.Total, err)
	}
}

// checkFields fails unless err names exactly the given fields.
func checkFields(t *testing.T, name string, err error, fields []string) {
	t.Helper()
	got := map[string]bool{}
	if e, ok := err.(*Error); ok {
		for f := range e.Fields {
			got[f] = true
		}
	} else if err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	if len(got) != len(fields) {
		t.Errorf("%s: fields %v, want %v", name, got, fields)
		return
	}
	for _, f := range fields {
		if !got[f] {
			t.Errorf("%s: fields %v, want %v", name, got, fields)
		}
	}
}

func TestActualAndFundingValidate(t *testing.T) {
	p := &Project{Schedule: Schedule{Start: NewMonth(2020, 8), End: NewMonth(2021, 12)}}
	open := &Project{Schedule: Schedule{Start: NewMonth(2020, 8)}}
	for _, tt := range []struct {
		name   string
		p      *Project
		a      Actual
		fields []string
	}{
		{"fine", p, Actual{CategoryID: 1, Month: NewMonth(2021, 11), Amount: -500}, nil},
		{"before", p, Actual{CategoryID: 1, Month: NewMonth(2020, 7), Amount: 1}, []string{"month"}},
		{"after", p, Actual{CategoryID: 1, Month: NewMonth(2022, 1), Amount: 1}, []string{"month"}},
		{"open end", open, Actual{CategoryID: 1, Month: NewMonth(2030, 1), Amount: 1}, nil},
		{"no month, no category", p, Actual{Amount: 1}, []string{"month", "category_id"}},
	} {
		checkFields(t, tt.name, tt.a.Validate(tt.p), tt.fields)
	}
	l := DefaultLanguages()
	m := Money(-1)
	for _, tt := range []struct {
		name   string
		f      Funding
		fields []string
	}{
		{"grant", Funding{ProjectID: 1, Kind: FundingStateGrant, Name: T("Valtionavustus"), Share: 10000, DecisionNumber: "VN/123/2020", EligibleFrom: "2020-08-01", EligibleTo: "2021-12-31"}, nil},
		{"own with decision", Funding{ProjectID: 1, Kind: FundingOwn, Name: T("Oma"), DecisionNumber: "1"}, []string{"kind"}},
		{"bad kind", Funding{ProjectID: 1, Kind: "loan", Name: T("x")}, []string{"kind"}},
		{"period backwards", Funding{ProjectID: 1, Kind: FundingEU, Name: T("x"), EligibleFrom: "2021-01-01", EligibleTo: "2020-01-01"}, []string{"eligible_to"}},
		{"negative", Funding{ProjectID: 1, Kind: FundingOther, Name: T("x"), Amount: &m}, []string{"amount"}},
		{"share over", Funding{ProjectID: 1, Kind: FundingStateGrant, Name: T("x"), Share: 10001}, []string{"share"}},
	} {
		checkFields(t, tt.name, tt.f.Validate(l), tt.fields)
	}
	paid := Money(100)
	for _, tt := range []struct {
		name   string
		a      PaymentApplication
		fields []string
	}{
		{"planned with due", PaymentApplication{Number: 3, Due: "2022-02-28"}, nil},
		{"planned without due", PaymentApplication{Number: 3}, []string{"due"}},
		{"received before paid", PaymentApplication{Number: 1, Status: ApplicationSubmitted, Received: &paid}, []string{"received"}},
		{"paid", PaymentApplication{Number: 1, Status: ApplicationPaid, Applied: &paid, Received: &paid}, nil},
		{"number zero", PaymentApplication{Status: ApplicationSubmitted}, []string{"number"}},
	} {
		checkFields(t, tt.name, tt.a.Validate(l), tt.fields)
	}
}

func TestFinanceLine(t *testing.T) {
	l := FinanceLine{Budget: 99004000, Actual: 48015700}
	if l.Unused() != 50988300 {
		t.Errorf("unused = %d", l.Unused())
	}
	if p := l.UsedPercent(); p != 4849 {
		t.Errorf("used = %d", p)
	}
	if (FinanceLine{Budget: 100, Actual: 150}).UsedPercent() != 10000 || (FinanceLine{Actual: 5}).UsedPercent() != 0 {
		t.Error("used percent is not capped")
	}
	f := FinanceFollowUp{Lines: []FinanceLine{{Budget: 1, Actual: 2, Forecast: 3, Original: 4}, {Budget: 10, Actual: 20, Forecast: 30, Original: 40}}}
	f.Sum()
	if f.Total != (FinanceLine{Budget: 11, Actual: 22, Forecast: 33, Original: 44}) {
		t.Errorf("total = %+v", f.Total)
	}
}

func TestActualRowSourceKey(t *testing.T) {
	a := ActualRow{ProjectCode: "KaRa", Account: "4300", Month: NewMonth(2021, 11), Amount: 100, Description: "Lasku"}
	b := a
	b.ProjectCode = "kara"
	if a.SourceKey() != b.SourceKey() {
		t.Error("the project code's case changes the key")
	}
	c := a
	c.Amount = 101
	if a.SourceKey() == c.SourceKey() {
		t.Error("another amount keeps the key")
	}
	d := a
	d.SourceID = " 123-4 "
	if d.SourceKey() != "id:123-4" {
		t.Errorf("source id key = %q", d.SourceKey())
	}
}
