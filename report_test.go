package salkku_test

import (
	"slices"
	"testing"

	. "github.com/salkku/salkku"
)

// checkFieldError wants exactly one field error, or none when field is "".
func checkFieldError(tb testing.TB, err error, field, code string) {
	tb.Helper()
	if field == "" {
		wantFields(tb, err, nil)
		return
	}
	wantFields(tb, err, map[string]string{field: code})
}

func TestPeriodOf(t *testing.T) {
	kara := &ReportingCycle{PortfolioID: 1, Kind: CycleBimonthly, Start: "2021-07-01"}
	monthEnd := &ReportingCycle{PortfolioID: 1, Kind: CycleMonthly, Start: "2021-01-31"}
	given := &ReportingCycle{PortfolioID: 1, Kind: CycleGivenDates, Start: "2022-01-01", Dates: []Date{"2022-04-30", "2022-08-31", "2022-12-31"}}
	ended := &ReportingCycle{PortfolioID: 1, Kind: CycleQuarterly, Start: "2020-08-01", End: "2021-12-31"}
	tri := &ReportingCycle{PortfolioID: 1, Kind: CycleTriannual, Start: "2023-01-01"}
	tests := []struct {
		name string
		c    *ReportingCycle
		d    Date
		want Period
		ok   bool
	}{
		{"kara report of 22.11.2021", kara, "2021-11-22", Period{"2021-11-01", "2021-12-31"}, true},
		{"first day", kara, "2021-07-01", Period{"2021-07-01", "2021-08-31"}, true},
		{"last day of a period", kara, "2021-08-31", Period{"2021-07-01", "2021-08-31"}, true},
		{"before start", kara, "2021-06-30", Period{}, false},
		{"years later", kara, "2030-02-15", Period{"2030-01-01", "2030-02-28"}, true},
		{"month ends kept", monthEnd, "2021-02-27", Period{"2021-01-31", "2021-02-27"}, true},
		{"month ends kept, next", monthEnd, "2021-03-01", Period{"2021-02-28", "2021-03-30"}, true},
		{"given dates, first", given, "2022-01-01", Period{"2022-01-01", "2022-04-30"}, true},
		{"given dates, middle", given, "2022-05-01", Period{"2022-05-01", "2022-08-31"}, true},
		{"given dates, after the last", given, "2023-01-01", Period{}, false},
		{"ended cycle, in", ended, "2021-11-22", Period{"2021-11-01", "2022-01-31"}, true},
		{"ended cycle, after", ended, "2022-01-01", Period{}, false},
		{"three times a year", tri, "2023-05-02", Period{"2023-05-01", "2023-08-31"}, true},
		{"invalid date", kara, "2021-13-01", Period{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := tc.c.PeriodOf(tc.d)
			if got != tc.want || ok != tc.ok {
				t.Errorf("PeriodOf(%s) = %v %v, want %v %v", tc.d, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestLastDue(t *testing.T) {
	kara := &ReportingCycle{PortfolioID: 1, Kind: CycleBimonthly, Start: "2021-07-01"}
	given := &ReportingCycle{PortfolioID: 1, Kind: CycleGivenDates, Start: "2022-01-01", Dates: []Date{"2022-04-30", "2022-08-31"}}
	tests := []struct {
		c    *ReportingCycle
		asOf Date
		want Period
		ok   bool
	}{
		{kara, "2021-08-15", Period{}, false},
		{kara, "2021-09-01", Period{"2021-07-01", "2021-08-31"}, true},
		{kara, "2021-11-22", Period{"2021-09-01", "2021-10-31"}, true},
		{given, "2022-05-01", Period{"2022-01-01", "2022-04-30"}, true},
		{given, "2022-08-31", Period{"2022-01-01", "2022-04-30"}, true},
		{given, "2023-01-01", Period{"2022-05-01", "2022-08-31"}, true},
		{given, "2021-01-01", Period{}, false},
	}
	for _, tc := range tests {
		got, ok := tc.c.LastDue(tc.asOf)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s LastDue(%s) = %v %v, want %v %v", tc.c.Kind, tc.asOf, got, ok, tc.want, tc.ok)
		}
	}
}

func TestCycleValidate(t *testing.T) {
	tests := []struct {
		name  string
		c     ReportingCycle
		field string
		code  string
	}{
		{"ok", ReportingCycle{PortfolioID: 1, Kind: CycleMonthly, Start: "2024-01-01"}, "", ""},
		{"unknown kind", ReportingCycle{PortfolioID: 1, Kind: "weekly", Start: "2024-01-01"}, "kind", "error.invalid_choice"},
		{"no start", ReportingCycle{PortfolioID: 1, Kind: CycleMonthly}, "start", "error.date"},
		{"end before start", ReportingCycle{PortfolioID: 1, Kind: CycleMonthly, Start: "2024-01-01", End: "2023-01-01"}, "end", "error.cycle_end_before_start"},
		{"dates needed", ReportingCycle{PortfolioID: 1, Kind: CycleGivenDates, Start: "2024-01-01"}, "dates", "error.required"},
		{"date before start", ReportingCycle{PortfolioID: 1, Kind: CycleGivenDates, Start: "2024-01-01", Dates: []Date{"2023-05-01"}}, "dates", "error.cycle_date_before_start"},
		{"bad date", ReportingCycle{PortfolioID: 1, Kind: CycleGivenDates, Start: "2024-01-01", Dates: []Date{"2024-02-30"}}, "dates", "error.date"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkFieldError(t, tc.c.Validate(), tc.field, tc.code)
		})
	}
}

func TestPeriods(t *testing.T) {
	kara := &ReportingCycle{PortfolioID: 1, Kind: CycleBimonthly, Start: "2021-07-01"}
	got := kara.Periods("2021-01-01", "2021-12-31", 10)
	want := []Period{{"2021-07-01", "2021-08-31"}, {"2021-09-01", "2021-10-31"}, {"2021-11-01", "2021-12-31"}}
	if !slices.Equal(got, want) {
		t.Errorf("Periods = %v, want %v", got, want)
	}
}

func TestLightsWorse(t *testing.T) {
	tests := []struct {
		before, after Lights
		want          []string
	}{
		{Lights{Overall: LightGreen}, Lights{Overall: LightYellow}, []string{"overall"}},
		{Lights{Overall: LightRed}, Lights{Overall: LightYellow}, nil},
		{Lights{}, Lights{Overall: LightRed}, nil},
		{Lights{Schedule: LightYellow, Cost: LightGreen}, Lights{Schedule: LightRed, Cost: ""}, []string{"schedule"}},
	}
	for _, tc := range tests {
		if got := tc.after.Worse(tc.before); !slices.Equal(got, tc.want) {
			t.Errorf("%v.Worse(%v) = %v, want %v", tc.after, tc.before, got, tc.want)
		}
	}
}

func TestReportRules(t *testing.T) {
	cycle := &ReportingCycle{PortfolioID: 1, Kind: CycleBimonthly, Start: "2021-07-01"}
	open := &Project{Status: StatusActive}
	tests := []struct {
		name  string
		err   error
		field string
		code  string
	}{
		{"reportable", CheckReportable(open, cycle, "2021-11-22"), "", ""},
		{"closed project", CheckReportable(&Project{Status: StatusClosed}, cycle, "2021-11-22"), "project_id", "error.report_project_closed"},
		{"cancelled project", CheckReportable(&Project{Status: StatusCancelled}, cycle, "2021-11-22"), "project_id", "error.report_project_closed"},
		{"outside the cycle", CheckReportable(open, cycle, "2020-01-01"), "report_date", "error.report_outside_cycle"},
		{"no cycle", CheckReportable(open, nil, "2021-11-22"), "report_date", "error.report_no_cycle"},
		{"submit frozen", CheckSubmit(&StatusReport{State: ReportSubmitted}), "state", "error.report_frozen"},
		{"submit without light", CheckSubmit(&StatusReport{State: ReportDraft, Overall: Text{FI: "x"}}), "light_overall", "error.report_light_required"},
		{"submit ok", CheckSubmit(&StatusReport{State: ReportDraft, Overall: Text{FI: "x"}, Lights: Lights{Overall: LightGreen}}), "", ""},
		{"bad light", (&StatusReport{ProjectID: 1, ReportDate: "2021-11-22", Lights: Lights{Cost: "blue"}}).Validate(Languages{Used: []string{"fi"}, Required: []string{"fi"}}), "light_cost", "error.invalid_choice"},
		{"bad date", (&StatusReport{ProjectID: 1, ReportDate: "22.11.2021"}).Validate(Languages{Used: []string{"fi"}, Required: []string{"fi"}}), "report_date", "error.date"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { checkFieldError(t, tc.err, tc.field, tc.code) })
	}
}
