package salkku_test

import (
	"encoding/json"
	"testing"

	"github.com/salkku/salkku"
)

func TestParseMonth(t *testing.T) {
	valid := []struct {
		name string
		in   string
		want salkku.Month
	}{
		{"Slash", "10/2017", salkku.NewMonth(2017, 10)},
		{"SlashLeadingZero", "04/2018", salkku.NewMonth(2018, 4)},
		{"SlashOneDigit", "4/2017", salkku.NewMonth(2017, 4)},
		{"ISO", "2017-10", salkku.NewMonth(2017, 10)},
		{"ISOOneDigit", "2018-1", salkku.NewMonth(2018, 1)},
		{"Dot", "10.2017", salkku.NewMonth(2017, 10)},
		{"Spaces", "  12 / 2018 ", salkku.NewMonth(2018, 12)},
		{"January", "1/2017", salkku.NewMonth(2017, 1)},
		{"TwoDigitYear", "10/17", salkku.NewMonth(2017, 10)},
		{"TwoDigitYearDot", "4.18", salkku.NewMonth(2018, 4)},
		{"TwoDigitYearZero", "1/00", salkku.NewMonth(2000, 1)},
		{"TwoDigitYearSpaces", " 12 / 99 ", salkku.NewMonth(2099, 12)},
		{"MinYear", "1/1900", salkku.NewMonth(salkku.MinYear, 1)},
		{"MaxYear", "12/2200", salkku.NewMonth(salkku.MaxYear, 12)},
		{"Empty", "", 0},
		{"Blank", "   ", 0},
	}
	for _, tc := range valid {
		t.Run(tc.name, func(t *testing.T) {
			got, err := salkku.ParseMonth(tc.in)
			if err != nil {
				t.Fatalf("ParseMonth(%q): %v", tc.in, err)
			}
			if got != tc.want {
				t.Errorf("ParseMonth(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}

	invalid := []struct {
		name string
		in   string
		want string // catalogue key
	}{
		{"ErrMonth13", "13/2017", "error.month_number"},
		{"ErrMonth0", "0/2017", "error.month_number"},
		{"ErrISOMonth13", "2017-13", "error.month_number"},
		{"ErrISOMonth0", "2017-00", "error.month_number"},
		{"ErrThreeDigitYear", "10/017", "error.month_format"},
		{"ErrOneDigitYear", "10/7", "error.month_format"},
		{"ErrTwoDigitYearISO", "17-10", "error.month_format"},
		{"ErrTwoDigitYearSign", "10/+7", "error.month_format"},
		{"ErrFiveDigitYear", "10/20170", "error.month_format"},
		{"ErrLetters", "abc", "error.month_format"},
		{"ErrYear1800", "10/1800", "error.month_year"},
		{"ErrYear1899", "12/1899", "error.month_year"},
		{"ErrYear2201", "1/2201", "error.month_year"},
		{"ErrYearOnly", "2017", "error.month_format"},
		{"ErrMonthMissing", "/2017", "error.month_format"},
		{"ErrYearMissing", "10/", "error.month_format"},
		{"ErrSign", "+1/2017", "error.month_format"},
		{"ErrNegative", "-1/2017", "error.month_format"},
		{"ErrDashNotAtFour", "10-2017", "error.month_format"},
		{"ErrTwoSeparators", "10/2017/1", "error.month_format"},
		{"ErrDay", "1.10.2017", "error.month_format"},
		{"ErrFullWidthDigits", "１０/2017", "error.month_format"},
	}
	for _, tc := range invalid {
		t.Run(tc.name, func(t *testing.T) {
			m, err := salkku.ParseMonth(tc.in)
			if err == nil {
				t.Fatalf("ParseMonth(%q) = %v, want an error", tc.in, m)
			}
			if got, want := salkku.ErrorCode(err), salkku.EINVALID; got != want {
				t.Errorf("code = %q, want %q", got, want)
			}
			if got := salkku.ErrorMessage(err); got != tc.want {
				t.Errorf("message = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestMonth(t *testing.T) {
	tests := []struct {
		name         string
		m            salkku.Month
		year, number int
		str, iso     string
		wantZero     bool
	}{
		{"October2017", salkku.NewMonth(2017, 10), 2017, 10, "10/2017", "2017-10", false},
		{"January2018", salkku.NewMonth(2018, 1), 2018, 1, "1/2018", "2018-01", false},
		{"December2018", salkku.NewMonth(2018, 12), 2018, 12, "12/2018", "2018-12", false},
		{"Zero", 0, 0, 1, "", "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.m.IsZero(); got != tc.wantZero {
				t.Errorf("IsZero() = %v, want %v", got, tc.wantZero)
			}
			if got := tc.m.Year(); got != tc.year {
				t.Errorf("Year() = %d, want %d", got, tc.year)
			}
			if got := tc.m.Number(); got != tc.number {
				t.Errorf("Number() = %d, want %d", got, tc.number)
			}
			if got := tc.m.String(); got != tc.str {
				t.Errorf("String() = %q, want %q", got, tc.str)
			}
			if got := tc.m.ISO(); got != tc.iso {
				t.Errorf("ISO() = %q, want %q", got, tc.iso)
			}
		})
	}
	t.Run("Order", func(t *testing.T) {
		if !(salkku.NewMonth(2017, 12) < salkku.NewMonth(2018, 1)) {
			t.Error("12/2017 is not before 1/2018")
		}
	})
}

func TestMonthJSON(t *testing.T) {
	type doc struct {
		M salkku.Month `json:"m"`
	}
	marshal := []struct {
		name string
		m    salkku.Month
		want string
	}{
		{"Set", salkku.NewMonth(2017, 10), `{"m":"2017-10"}`},
		{"January", salkku.NewMonth(2018, 1), `{"m":"2018-01"}`},
		{"Zero", 0, `{"m":null}`},
	}
	for _, tc := range marshal {
		t.Run("Marshal"+tc.name, func(t *testing.T) {
			b, err := json.Marshal(doc{tc.m})
			if err != nil {
				t.Fatal(err)
			}
			if got := string(b); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
			var back doc
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatal(err)
			}
			if got := back.M; got != tc.m {
				t.Errorf("round trip: got %v, want %v", got, tc.m)
			}
		})
	}

	unmarshal := []struct {
		name string
		in   string
		want salkku.Month
	}{
		{"ISO", `{"m":"2017-10"}`, salkku.NewMonth(2017, 10)},
		{"Finnish", `{"m":"10/2017"}`, salkku.NewMonth(2017, 10)},
		{"Dot", `{"m":"4.2018"}`, salkku.NewMonth(2018, 4)},
		{"Null", `{"m":null}`, 0},
		{"EmptyString", `{"m":""}`, 0},
		{"MissingKeepsValue", `{}`, salkku.NewMonth(2000, 1)},
	}
	for _, tc := range unmarshal {
		t.Run("Unmarshal"+tc.name, func(t *testing.T) {
			d := doc{M: salkku.NewMonth(2000, 1)} // null and "" must clear it
			if err := json.Unmarshal([]byte(tc.in), &d); err != nil {
				t.Fatal(err)
			}
			if got := d.M; got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}

	bad := []struct {
		name string
		in   string
	}{
		{"ErrNumber", `{"m":24212}`},
		{"ErrBool", `{"m":true}`},
		{"ErrMonth13", `{"m":"2017-13"}`},
		{"ErrText", `{"m":"lokakuu"}`},
	}
	for _, tc := range bad {
		t.Run("Unmarshal"+tc.name, func(t *testing.T) {
			var d doc
			err := json.Unmarshal([]byte(tc.in), &d)
			if got, want := salkku.ErrorCode(err), salkku.EINVALID; got != want {
				t.Errorf("code = %q (%v), want %q", got, err, want)
			}
		})
	}
}

// scheduleCases are the schedule forms of the seed action plan
// (seeds/000_f1bc5af3aef503eb.txt) and a few more.
var scheduleCases = []struct {
	name string
	in   string
	want salkku.Schedule
}{
	{"EnDashSpaced", "10/2017 – 04/2018", sched(2017, 10, 2018, 4)},
	{"HyphenTight", "4/2017-1/2018", sched(2017, 4, 2018, 1)},
	{"MonthRangeInOneYear", "8-10/2017", sched(2017, 8, 2017, 10)},
	{"MonthRangeEnDash", "4–10/2017", sched(2017, 4, 2017, 10)},
	{"LineBreakAfterDash", "1/2017-\n12/2017", sched(2017, 1, 2017, 12)},
	{"SpaceBeforeDash", "6/2017 -6/2018", sched(2017, 6, 2018, 6)},
	{"EnDashTight", "4/2017–6/2019", sched(2017, 4, 2019, 6)},
	{"LeadingZeros", "06/2017-02/2018", sched(2017, 6, 2018, 2)},
	{"OpenEnd", "9/2017–", salkku.Schedule{Start: salkku.NewMonth(2017, 9)}},
	{"OpenEndSpaced", "9/2017 –", salkku.Schedule{Start: salkku.NewMonth(2017, 9)}},
	{"OpenStartInParentheses", "( - 12/2018)", salkku.Schedule{End: salkku.NewMonth(2018, 12)}},
	{"OpenStart", "– 12/2018", salkku.Schedule{End: salkku.NewMonth(2018, 12)}},
	{"Continuous", "jatkuva", salkku.Schedule{Continuous: true}},
	{"ContinuousInParentheses", "(jatkuva)", salkku.Schedule{Continuous: true}},
	{"ContinuousCapital", "Jatkuva", salkku.Schedule{Continuous: true}},
	{"ContinuousSwedish", "löpande", salkku.Schedule{Continuous: true}},
	{"ContinuousEnglish", "ongoing", salkku.Schedule{Continuous: true}},
	{"ContinuousWithStart", "5/2017 – jatkuva", salkku.Schedule{Start: salkku.NewMonth(2017, 5), Continuous: true}},
	{"NoSpaceBeforeNextYear", "10/2017 – 2/2018", sched(2017, 10, 2018, 2)},
	{"InParentheses", "(10/2017–04/2018)", sched(2017, 10, 2018, 4)},
	{"EmDash", "10/2017—2/2018", sched(2017, 10, 2018, 2)},
	{"Dots", "10.2017 - 2.2018", sched(2017, 10, 2018, 2)},
	{"SingleMonth", "10/2017", sched(2017, 10, 2017, 10)},
	{"SameMonthTwice", "10/2017 - 10/2017", sched(2017, 10, 2017, 10)},
	{"TwoDigitYears", "10/17 - 4/18", sched(2017, 10, 2018, 4)},
	{"Empty", "", salkku.Schedule{}},
	{"EmptyParentheses", "()", salkku.Schedule{}},
}

func sched(y1, m1, y2, m2 int) salkku.Schedule {
	return salkku.Schedule{Start: salkku.NewMonth(y1, m1), End: salkku.NewMonth(y2, m2)}
}

func TestParseSchedule(t *testing.T) {
	for _, tc := range scheduleCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := salkku.ParseSchedule(tc.in)
			if err != nil {
				t.Fatalf("ParseSchedule(%q): %v", tc.in, err)
			}
			if got != tc.want {
				t.Errorf("ParseSchedule(%q) = %+v, want %+v", tc.in, got, tc.want)
			}
		})
	}

	invalid := []struct {
		name string
		in   string
		want string // catalogue key
	}{
		{"ErrEndBeforeStart", "4/2018 - 10/2017", "error.end_before_start"},
		{"ErrEndBeforeStartInYear", "10-2/2018", "error.end_before_start"},
		{"ErrMonth13", "13/2017 - 1/2018", "error.month_number"},
		{"ErrEndMonth13", "1/2017 - 13/2018", "error.month_number"},
		{"ErrDashOnly", "-", "error.schedule_format"},
		{"ErrDashInParentheses", "( – )", "error.schedule_format"},
		{"ErrThreeMonths", "1/2017 - 2/2017 - 3/2017", "error.schedule_format"},
		{"ErrText", "syksy 2017", "error.month_format"},
		{"ErrYearRange", "2017-2018", "error.month_format"},
		{"ErrBareMonths", "8-10", "error.month_format"},
		{"ErrThreeDigitYears", "10/017 - 4/018", "error.month_format"},
		{"ErrYear1800", "1/1800 - 2/1800", "error.month_year"},
		{"ErrContinuousThenMonth", "jatkuva - 5/2017", "error.month_format"},
	}
	for _, tc := range invalid {
		t.Run(tc.name, func(t *testing.T) {
			s, err := salkku.ParseSchedule(tc.in)
			if err == nil {
				t.Fatalf("ParseSchedule(%q) = %+v, want an error", tc.in, s)
			}
			if got, want := salkku.ErrorCode(err), salkku.EINVALID; got != want {
				t.Errorf("code = %q, want %q", got, want)
			}
			if got := salkku.ErrorMessage(err); got != tc.want {
				t.Errorf("message = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestScheduleFormat(t *testing.T) {
	tests := []struct {
		name string
		s    salkku.Schedule
		want string
	}{
		{"Range", sched(2017, 10, 2018, 4), "10/2017 – 4/2018"},
		{"SameMonth", sched(2017, 10, 2017, 10), "10/2017"},
		{"OpenEnd", salkku.Schedule{Start: salkku.NewMonth(2017, 9)}, "9/2017 –"},
		{"OpenStart", salkku.Schedule{End: salkku.NewMonth(2018, 12)}, "– 12/2018"},
		{"Continuous", salkku.Schedule{Continuous: true}, "jatkuva"},
		{"ContinuousWithStart", salkku.Schedule{Start: salkku.NewMonth(2017, 5), Continuous: true}, "5/2017 – jatkuva"},
		{"Empty", salkku.Schedule{}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.s.Format("jatkuva"); got != tc.want {
				t.Errorf("Format() = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestScheduleFormatRoundTrip checks that what Format writes, ParseSchedule
// reads back as the same schedule, in every language's word for continuous.
func TestScheduleFormatRoundTrip(t *testing.T) {
	for _, word := range []string{"jatkuva", "löpande", "continuous"} {
		for _, tc := range scheduleCases {
			t.Run(word+"/"+tc.name, func(t *testing.T) {
				text := tc.want.Format(word)
				got, err := salkku.ParseSchedule(text)
				if err != nil {
					t.Fatalf("ParseSchedule(%q): %v", text, err)
				}
				if got != tc.want {
					t.Errorf("ParseSchedule(%q) = %+v, want %+v", text, got, tc.want)
				}
			})
		}
	}
}

func TestScheduleValidate(t *testing.T) {
	tests := []struct {
		name string
		s    salkku.Schedule
		want string // the key on field "end", "" for none
	}{
		{"OK", sched(2017, 10, 2018, 4), ""},
		{"SameMonth", sched(2017, 10, 2017, 10), ""},
		{"OpenEnd", salkku.Schedule{Start: salkku.NewMonth(2017, 9)}, ""},
		{"OpenStart", salkku.Schedule{End: salkku.NewMonth(2018, 12)}, ""},
		{"Continuous", salkku.Schedule{Continuous: true}, ""},
		{"ContinuousWithStart", salkku.Schedule{Start: salkku.NewMonth(2017, 5), Continuous: true}, ""},
		{"ErrEndBeforeStart", sched(2018, 4, 2017, 10), "error.end_before_start"},
		{"ErrContinuousWithEnd", salkku.Schedule{Start: salkku.NewMonth(2017, 5), End: salkku.NewMonth(2018, 1), Continuous: true}, "error.continuous_with_end"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fe := salkku.FieldErrors{}
			tc.s.Validate(fe)
			if got := fe["end"]; got != tc.want {
				t.Errorf("end = %q, want %q (all: %v)", got, tc.want, fe)
			}
		})
	}
}

func FuzzParseMonth(f *testing.F) {
	for _, s := range []string{"10/2017", "04/2018", "2017-10", "10.2017", "13/2017", "0/2017", "10/17", "abc",
		"2017-13", "10/1800", "", " 1 / 2017 ", "-1/2017", "2017-", "/", "."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := salkku.ParseMonth(s)
		if err != nil {
			if got := salkku.ErrorCode(err); got != salkku.EINVALID {
				t.Fatalf("ParseMonth(%q): code %q, want %q", s, got, salkku.EINVALID)
			}
			return
		}
		if m.IsZero() {
			return
		}
		if m.Year() < salkku.MinYear || m.Year() > salkku.MaxYear || m.Number() < 1 || m.Number() > 12 {
			t.Fatalf("ParseMonth(%q) = %v: out of range", s, m)
		}
		for _, text := range []string{m.String(), m.ISO()} {
			back, err := salkku.ParseMonth(text)
			if err != nil || back != m {
				t.Fatalf("ParseMonth(%q) = %v, %v; want %v", text, back, err, m)
			}
		}
	})
}

func FuzzParseSchedule(f *testing.F) {
	for _, tc := range scheduleCases {
		f.Add(tc.in)
	}
	for _, s := range []string{"13/2017 - 1/2018", "-", "1/2017 - 2/2017 - 3/2017", "4/2018 - 10/2017", "10-2/2018",
		"( - )", "(", ")", "((10/2017))", "jatkuva - 5/2017", "2017-10"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sch, err := salkku.ParseSchedule(s)
		if err != nil {
			if got := salkku.ErrorCode(err); got != salkku.EINVALID {
				t.Fatalf("ParseSchedule(%q): code %q, want %q", s, got, salkku.EINVALID)
			}
			return
		}
		fe := salkku.FieldErrors{}
		sch.Validate(fe)
		if len(fe) > 0 {
			t.Fatalf("ParseSchedule(%q) = %+v, which does not validate: %v", s, sch, fe)
		}
		text := sch.Format("jatkuva")
		back, err := salkku.ParseSchedule(text)
		if err != nil {
			t.Fatalf("ParseSchedule(%q) = %+v; its Format %q does not parse: %v", s, sch, text, err)
		}
		if back != sch {
			t.Fatalf("ParseSchedule(%q) = %+v; its Format %q parses as %+v", s, sch, text, back)
		}
	})
}
