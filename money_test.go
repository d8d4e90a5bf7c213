package salkku

import "testing"

func TestParseMoney(t *testing.T) {
	tests := []struct {
		in   string
		want Money
		err  string
	}{
		{"1 234,50", 123450, ""},
		{"1\u00a0234,50", 123450, ""},
		{"1\u202f234,50 €", 123450, ""},
		{"720 836 €", 72083600, ""},
		{"1000514", 100051400, ""},
		{"1234,5", 123450, ""},
		{"0,05", 5, ""},
		{",50", 0, ErrMoneyFormat},
		{"-12,00", -1200, ""},
		{"−7 290", -729000, ""},
		{"+3", 300, ""},
		{"1234.50", 123450, ""},
		{"1234.5", 123450, ""},
		{"€ 12", 1200, ""},
		{"12 EUR", 1200, ""},
		{"1.234,50", 0, ErrMoneySeparator},
		{"1,234.50", 0, ErrMoneySeparator},
		{"1.234", 0, ErrMoneySeparator},
		{"1.234.567", 0, ErrMoneySeparator},
		{"1 234.50", 0, ErrMoneySeparator},
		{"1'234,50", 0, ErrMoneySeparator},
		{"1,234", 0, ErrMoneyDecimals},
		{"12 34,00", 0, ErrMoneyFormat},
		{"1,5 000", 0, ErrMoneyFormat}, // found by importer's FuzzCells: it panicked
		{",0000000000000000000 000", 0, ErrMoneyFormat},
		{"1.5 000", 0, ErrMoneyFormat},
		{"1234 567", 0, ErrMoneyFormat},
		{"", 0, ErrMoneyFormat},
		{"-", 0, ErrMoneyFormat},
		{"abc", 0, ErrMoneyFormat},
		{"12,", 0, ErrMoneyFormat},
		{"1e5", 0, ErrMoneyFormat},
		{"99999999999999", 0, ErrMoneyRange},
		{"1 000 000 000 000", MaxMoney, ""},
		{"1 000 000 000 000,01", 0, ErrMoneyRange},
	}
	for _, tt := range tests {
		got, err := ParseMoney(tt.in)
		if got != tt.want || err != tt.err {
			t.Errorf("ParseMoney(%q) = %d, %q; want %d, %q", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestMoneyFormat(t *testing.T) {
	tests := []struct {
		m     Money
		lang  string
		whole bool
		want  string
	}{
		{72083600, "fi", true, "720\u00a0836\u00a0€"},
		{100051400, "fi", true, "1\u00a0000\u00a0514\u00a0€"},
		{123450, "fi", false, "1\u00a0234,50\u00a0€"},
		{123450, "fi", true, "1\u00a0234,50\u00a0€"},
		{123450, "sv", false, "1\u00a0234,50\u00a0€"},
		{123450, "en", false, "€1,234.50"},
		{-5, "fi", false, "−0,05\u00a0€"},
		{0, "fi", true, "0\u00a0€"},
		{99, "en", true, "€0.99"},
		{100, "sv", false, "1,00\u00a0€"},
		{123456789, "en", false, "€1,234,567.89"},
		{-5000, "fi", false, "−50,00\u00a0€"},
		{0, "fi", false, "0,00\u00a0€"},
	}
	for _, tt := range tests {
		if got := tt.m.Format(tt.lang, tt.whole); got != tt.want {
			t.Errorf("%d.Format(%s, %v) = %q; want %q", tt.m, tt.lang, tt.whole, got, tt.want)
		}
	}
	for _, m := range []Money{0, 5, 50, 123450, -1200, 100051400} {
		for _, lang := range []string{"fi", "en"} {
			back, err := ParseMoney(m.Input(lang))
			if err != "" || back != m {
				t.Errorf("%d.Input(%s) = %q parses to %d, %q", m, lang, m.Input(lang), back, err)
			}
		}
	}
}

func TestMoneyRounded(t *testing.T) {
	for m, want := range map[Money]Money{48015660: 48015700, 72083580: 72083600, 49: 0, 50: 100, -50: -100, -149: -100, 0: 0} {
		if got := m.Rounded(); got != want {
			t.Errorf("%d.Rounded() = %d, want %d", m, got, want)
		}
	}
}

func TestMoneyFromFloat(t *testing.T) {
	tests := []struct {
		f    float64
		want Money
		err  string
	}{
		{1234.5, 123450, ""},
		{0.1, 10, ""},
		{0.29, 29, ""},
		{-19385, -1938500, ""},
		{1.005, 0, ErrMoneyDecimals},
		{1e15, 0, ErrMoneyRange},
	}
	for _, tt := range tests {
		got, err := MoneyFromFloat(tt.f)
		if got != tt.want || err != tt.err {
			t.Errorf("MoneyFromFloat(%v) = %d, %q; want %d, %q", tt.f, got, err, tt.want, tt.err)
		}
	}
}

func TestPercent(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Percent
		err  string
	}{{"75", 7500, ""}, {"62,5 %", 6250, ""}, {"62.5", 6250, ""}, {"100", 10000, ""}, {"101", 0, ErrPercentRange}, {"-1", 0, ErrPercentRange}, {"x", 0, ErrMoneyFormat}} {
		got, err := ParsePercent(tt.in)
		if got != tt.want || err != tt.err {
			t.Errorf("ParsePercent(%q) = %d, %q; want %d, %q", tt.in, got, err, tt.want, tt.err)
		}
	}
	if got := Percent(6250).Format("fi"); got != "62,5\u00a0%" {
		t.Errorf("Format = %q", got)
	}
	if got := Percent(7500).Of(100051400); got != 75038550 {
		t.Errorf("75 %% of 1 000 514 € = %d", got)
	}
	if got := Percent(3333).Of(-100); got != -33 {
		t.Errorf("33,33 %% of -1 € = %d", got)
	}
}

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"1 234,50", "1.234,50", "-0,5", "720 836 €", "1234.50"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMoney(s)
		if err != "" {
			return
		}
		if m > MaxMoney || m < -MaxMoney {
			t.Fatalf("%q parsed beyond the limit: %d", s, m)
		}
		back, err := ParseMoney(m.Input("fi"))
		if err != "" || back != m {
			t.Fatalf("%q → %d → %q → %d, %q", s, m, m.Input("fi"), back, err)
		}
	})
}
