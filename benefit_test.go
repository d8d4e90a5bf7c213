package salkku_test

import (
	"encoding/json"
	"testing"

	"github.com/salkku/salkku"
)

func dec(d salkku.Decimal) *salkku.Decimal { return &d }

func TestBenefitValidate(t *testing.T) {
	l := salkku.DefaultLanguages()
	ok := func() salkku.Benefit {
		return salkku.Benefit{ProjectID: 1, Description: salkku.T("Asiakasohjauksen käsittelyaika lyhenee"), Kind: salkku.BenefitTime,
			Metric: salkku.T("Käsittelyaika"), Unit: "pv", Baseline: dec(1400), Target: dec(500), TargetDate: "2022-06-30"}
	}
	for _, tc := range []struct {
		name   string
		edit   func(b *salkku.Benefit)
		fields map[string]string
		unit   string
	}{
		{"OK", func(*salkku.Benefit) {}, nil, "pv"},
		{"OK qualitative, no numbers", func(b *salkku.Benefit) {
			b.Kind, b.Baseline, b.Target, b.TargetDate, b.Unit = salkku.BenefitQuality, nil, nil, "", ""
		}, nil, ""},
		{"OK money gets €", func(b *salkku.Benefit) { b.Kind, b.Unit = salkku.BenefitMoney, "" }, nil, "€"},
		{"OK money in EUR", func(b *salkku.Benefit) { b.Kind, b.Unit = salkku.BenefitMoney, "EUR" }, nil, "€"},
		{"ErrMoneyUnit", func(b *salkku.Benefit) { b.Kind = salkku.BenefitMoney }, map[string]string{"unit": "error.benefit_money_unit"}, "€"},
		{"ErrKind", func(b *salkku.Benefit) { b.Kind = "happiness" }, map[string]string{"kind": "error.invalid_choice"}, "pv"},
		{"ErrKindMissing", func(b *salkku.Benefit) { b.Kind = "" }, map[string]string{"kind": "error.invalid_choice"}, "pv"},
		{"ErrDescriptionRequired", func(b *salkku.Benefit) { b.Description = salkku.Text{} }, map[string]string{"description.fi": "error.required"}, "pv"},
		{"ErrTargetDate", func(b *salkku.Benefit) { b.TargetDate = "2022-02-30" }, map[string]string{"target_date": "error.date"}, "pv"},
		{"ErrTargetRange", func(b *salkku.Benefit) { b.Target = dec(salkku.MaxDecimal + 1) }, map[string]string{"target": salkku.ErrMoneyRange}, "pv"},
		{"ErrUnitTooLong", func(b *salkku.Benefit) { b.Unit = "yksikkö, joka on aivan liian pitkä yksiköksi tässä" }, map[string]string{"unit": "error.too_long"}, ""},
		{"ErrProject", func(b *salkku.Benefit) { b.ProjectID = 0 }, map[string]string{"project_id": "error.required"}, "pv"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := ok()
			tc.edit(&b)
			checkFields(t, b.Validate(l), tc.fields)
			if tc.unit != "" && b.Unit != tc.unit {
				t.Errorf("unit = %q, want %q", b.Unit, tc.unit)
			}
		})
	}
}

func TestMeasurementValidate(t *testing.T) {
	l := salkku.DefaultLanguages()
	for _, tc := range []struct {
		name   string
		m      salkku.Measurement
		fields map[string]string
	}{
		{"OK", salkku.Measurement{BenefitID: 1, Date: "2022-01-31", Value: 90000, Note: salkku.T("Tammikuun keskiarvo")}, nil},
		{"OK negative", salkku.Measurement{BenefitID: 1, Date: "2022-01-31", Value: -250}, nil},
		{"ErrDateMissing", salkku.Measurement{BenefitID: 1}, map[string]string{"date": "error.required"}},
		{"ErrDate", salkku.Measurement{BenefitID: 1, Date: "31.1.2022"}, map[string]string{"date": "error.date"}},
		{"ErrBenefit", salkku.Measurement{Date: "2022-01-31"}, map[string]string{"benefit_id": "error.required"}},
		{"ErrRange", salkku.Measurement{BenefitID: 1, Date: "2022-01-31", Value: -salkku.MaxDecimal - 1}, map[string]string{"value": salkku.ErrMoneyRange}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkFields(t, tc.m.Validate(l), tc.fields)
		})
	}
}

// TestBenefitProgress: expected is target − baseline, realised the latest
// measurement − baseline, progress their share; a benefit is unverified
// after its target date until a measurement on or after that date.
func TestBenefitProgress(t *testing.T) {
	b := salkku.Benefit{Baseline: dec(140000), Target: dec(50000), TargetDate: "2022-06-30"}
	if got, ok := b.Expected(); !ok || got != -90000 {
		t.Errorf("expected %v %v, want -900", got, ok)
	}
	if _, ok := b.Progress(); ok {
		t.Error("progress without a measurement")
	}
	if !b.Unverified("2022-07-01") || b.Unverified("2022-06-30") {
		t.Error("unverified: past the target date only")
	}
	b.Latest = &salkku.Measurement{Date: "2022-03-31", Value: 80000}
	if got, ok := b.Realised(); !ok || got != -60000 {
		t.Errorf("realised %v %v, want -600", got, ok)
	}
	if got, ok := b.Progress(); !ok || got != 66 {
		t.Errorf("progress %v %v, want 66 (600 of 900, rounded down)", got, ok)
	}
	if !b.Unverified("2022-07-01") {
		t.Error("a measurement before the target date does not verify it")
	}
	b.Latest = &salkku.Measurement{Date: "2022-06-30", Value: 40000}
	if b.Unverified("2023-01-01") {
		t.Error("a measurement on the target date verifies it")
	}
	if got, _ := b.Progress(); got != 111 {
		t.Errorf("progress %d, want 111 (beyond the target)", got)
	}
	none := salkku.Benefit{}
	if _, ok := none.Expected(); ok {
		t.Error("expected without a target")
	}
	if none.Unverified("2030-01-01") {
		t.Error("no target date: nothing to verify")
	}
	money := salkku.Benefit{Kind: salkku.BenefitMoney, Baseline: dec(0), Target: dec(3000000)}
	if money.TargetMoney() != 3000000 || money.TargetMoney().Format("fi", true) != "30\u00a0000\u00a0€" {
		t.Errorf("target money %v", money.TargetMoney())
	}
}

func TestDecimal(t *testing.T) {
	for _, tc := range []struct {
		in       string
		want     salkku.Decimal
		key      string
		fi, en   string
		input    string
		jsonText string
	}{
		{"1 234,5", 123450, "", "1\u00a0234,5", "1,234.5", "1234,5", "1234.5"},
		{"12", 1200, "", "12", "12", "12", "12"},
		{"0,25", 25, "", "0,25", "0.25", "0,25", "0.25"},
		{"-3,1", -310, "", "−3,1", "−3.1", "-3,1", "-3.1"},
		{"1.234,5", 0, salkku.ErrMoneySeparator, "", "", "", ""},
		{"1,234", 0, salkku.ErrMoneyDecimals, "", "", "", ""},
		{"kymmenen", 0, salkku.ErrMoneyFormat, "", "", "", ""},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, key := salkku.ParseDecimal(tc.in)
			if got != tc.want || key != tc.key {
				t.Fatalf("ParseDecimal(%q) = %d %q, want %d %q", tc.in, got, key, tc.want, tc.key)
			}
			if key != "" {
				return
			}
			if f := got.Format("fi"); f != tc.fi {
				t.Errorf("fi %q, want %q", f, tc.fi)
			}
			if f := got.Format("en"); f != tc.en {
				t.Errorf("en %q, want %q", f, tc.en)
			}
			if f := got.Input("fi"); f != tc.input {
				t.Errorf("input %q, want %q", f, tc.input)
			}
			b, _ := json.Marshal(got)
			if string(b) != tc.jsonText {
				t.Errorf("json %s, want %s", b, tc.jsonText)
			}
			var back salkku.Decimal
			if err := json.Unmarshal(b, &back); err != nil || back != got {
				t.Errorf("json back %d %v", back, err)
			}
		})
	}
	for _, bad := range []string{`1.234`, `1e3`, `"12"`, `0.001`} {
		var d salkku.Decimal
		if err := json.Unmarshal([]byte(bad), &d); err == nil {
			t.Errorf("json %s read as %d", bad, d)
		}
	}
}
