package salkku_test

import (
	"testing"

	"github.com/salkku/salkku"
)

func TestRiskValidate(t *testing.T) {
	l := salkku.DefaultLanguages()
	ok := func() salkku.Risk {
		return salkku.Risk{ProjectID: 1, Description: salkku.T("Toimittaja myöhästyy"), Probability: 3, Impact: 4}
	}
	for _, tc := range []struct {
		name   string
		edit   func(r *salkku.Risk)
		fields map[string]string
		score  int
		status string
	}{
		{"OK", func(*salkku.Risk) {}, nil, 12, salkku.RiskOpen},
		{"OK corners", func(r *salkku.Risk) { r.Probability, r.Impact, r.Status = 5, 1, salkku.RiskRealised }, nil, 5, salkku.RiskRealised},
		{"OK not assessed", func(r *salkku.Risk) { r.Probability, r.Impact = 0, 0 }, nil, 0, salkku.RiskOpen},
		{"ErrProbability7", func(r *salkku.Risk) { r.Probability = 7 }, map[string]string{"probability": "error.out_of_range"}, 0, salkku.RiskOpen},
		{"ErrImpactNegative", func(r *salkku.Risk) { r.Impact = -1 }, map[string]string{"impact": "error.out_of_range"}, 0, salkku.RiskOpen},
		{"ErrProbabilityMissing", func(r *salkku.Risk) { r.Probability = 0 }, map[string]string{"probability": "error.required"}, 0, salkku.RiskOpen},
		{"ErrDescriptionRequired", func(r *salkku.Risk) { r.Description = salkku.Text{} }, map[string]string{"description.fi": "error.required"}, 12, salkku.RiskOpen},
		{"ErrStatus", func(r *salkku.Risk) { r.Status = "forgotten" }, map[string]string{"status": "error.invalid_choice"}, 12, "forgotten"},
		{"ErrReviewDate", func(r *salkku.Risk) { r.ReviewDate = "2021-02-30" }, map[string]string{"review_date": "error.date"}, 12, salkku.RiskOpen},
		{"ErrProject", func(r *salkku.Risk) { r.ProjectID = 0 }, map[string]string{"project_id": "error.required"}, 12, salkku.RiskOpen},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := ok()
			r.Score = 99 // derived, whatever the input says
			tc.edit(&r)
			err := r.Validate(l)
			checkFields(t, err, tc.fields)
			if r.Score != tc.score {
				t.Errorf("score = %d, want %d", r.Score, tc.score)
			}
			if r.Status != tc.status {
				t.Errorf("status = %q, want %q", r.Status, tc.status)
			}
		})
	}
}

// checkFields compares a validation error's fields with want (nil: no
// error).
func checkFields(t *testing.T, err error, want map[string]string) {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Fatalf("got %v, want no error", err)
		}
		return
	}
	e, ok := err.(*salkku.Error)
	if !ok || e.Code != salkku.EINVALID {
		t.Fatalf("got %v, want EINVALID", err)
	}
	for f, k := range want {
		if e.Fields[f] != k {
			t.Errorf("field %s: got %q, want %q (all: %v)", f, e.Fields[f], k, e.Fields)
		}
	}
	if len(e.Fields) != len(want) {
		t.Errorf("fields %v, want only %v", e.Fields, want)
	}
}

func TestRiskLevelAndOverdue(t *testing.T) {
	for score, want := range map[int]string{0: salkku.RiskUnassessed, 1: salkku.RiskLow, 4: salkku.RiskLow, 5: salkku.RiskMedium, 9: salkku.RiskMedium,
		10: salkku.RiskHigh, 12: salkku.RiskHigh, 15: salkku.RiskCritical, 25: salkku.RiskCritical} {
		if got := salkku.RiskLevel(score); got != want {
			t.Errorf("RiskLevel(%d) = %q, want %q", score, got, want)
		}
	}
	for _, tc := range []struct {
		status string
		review salkku.Date
		want   bool
	}{
		{salkku.RiskOpen, "2021-11-21", true},
		{salkku.RiskMitigated, "2021-11-21", true},
		{salkku.RiskOpen, "2021-11-22", false}, // due today is not past
		{salkku.RiskClosed, "2021-01-01", false},
		{salkku.RiskOpen, "", false},
	} {
		r := salkku.Risk{Status: tc.status, ReviewDate: tc.review}
		if got := r.Overdue("2021-11-22"); got != tc.want {
			t.Errorf("%s reviewed %q: overdue %v, want %v", tc.status, tc.review, got, tc.want)
		}
	}
}

func TestNewHeatMap(t *testing.T) {
	h := salkku.NewHeatMap(3, []salkku.RiskCell{{Probability: 3, Impact: 4, Count: 2}, {Probability: 5, Impact: 5, Count: 1},
		{Probability: 1, Impact: 1, Count: 4}, {Probability: 7, Impact: 1, Count: 9}, {Probability: 0, Impact: 0, Count: 3}})
	if len(h.Cells) != 25 || h.Total != 7 || h.Unassessed != 3 {
		t.Fatalf("%d cells, total %d; want 25, 7", len(h.Cells), h.Total)
	}
	if got := h.Cells[0]; got.Probability != 1 || got.Impact != 5 {
		t.Errorf("first cell %+v, want probability 1, impact 5", got)
	}
	for _, c := range []struct{ p, i, want int }{{3, 4, 2}, {5, 5, 1}, {1, 1, 4}, {2, 2, 0}} {
		if got := h.Count(c.p, c.i); got != c.want {
			t.Errorf("Count(%d, %d) = %d, want %d", c.p, c.i, got, c.want)
		}
	}
}

func TestRiskFilterValidate(t *testing.T) {
	one := int64(1)
	for _, tc := range []struct {
		name   string
		f      salkku.RiskFilter
		fields map[string]string
	}{
		{"OK project", salkku.RiskFilter{ProjectID: &one}, nil},
		{"OK cell", salkku.RiskFilter{PortfolioID: &one, Probability: 3, Impact: 4}, nil},
		{"ErrNeither", salkku.RiskFilter{}, map[string]string{"project_id": "error.required"}},
		{"ErrCell", salkku.RiskFilter{PortfolioID: &one, Probability: 7, Impact: 4}, map[string]string{"p": "error.out_of_range"}},
		{"ErrHalfCell", salkku.RiskFilter{PortfolioID: &one, Impact: 4}, map[string]string{"p": "error.required"}},
	} {
		t.Run(tc.name, func(t *testing.T) { checkFields(t, tc.f.Validate(), tc.fields) })
	}
}
