package salkku_test

import (
	"strings"
	"testing"
	"time"

	"github.com/salkku/salkku"
)

func TestAccessibilityStatementValidate(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 12, d, 0, 0, 0, 0, time.UTC) }
	ok := func() salkku.AccessibilityStatement { return salkku.DefaultAccessibility() }
	for _, c := range []struct {
		name   string
		change func(a *salkku.AccessibilityStatement)
		want   map[string]string
	}{
		{"OK", func(a *salkku.AccessibilityStatement) {}, nil},
		{"OK Swedish name only", func(a *salkku.AccessibilityStatement) {
			a.AuthorityName = salkku.Text{SV: "Tillstånds- och tillsynsverket"}
		}, nil},
		{"OK no phone", func(a *salkku.AccessibilityStatement) { a.AuthorityPhone = "" }, nil},
		{"ErrDatesRequired", func(a *salkku.AccessibilityStatement) { a.Made, a.Reviewed = time.Time{}, time.Time{} },
			map[string]string{"a11y_made": "error.required", "a11y_reviewed": "error.required"}},
		{"ErrReviewBeforeMade", func(a *salkku.AccessibilityStatement) { a.Made, a.Reviewed = day(2), day(1) },
			map[string]string{"a11y_reviewed": "error.a11y_review_before_made"}},
		{"ErrStatus", func(a *salkku.AccessibilityStatement) { a.Status = "mostly" }, map[string]string{"a11y_status": "error.invalid_choice"}},
		{"ErrNoName", func(a *salkku.AccessibilityStatement) { a.AuthorityName = salkku.Text{FI: "  "} },
			map[string]string{"a11y_authority_name_fi": "error.required"}},
		{"ErrURL", func(a *salkku.AccessibilityStatement) { a.AuthorityURL = "javascript:alert(1)" },
			map[string]string{"a11y_authority_url": "error.url"}},
		{"ErrURLRequired", func(a *salkku.AccessibilityStatement) { a.AuthorityURL = "" },
			map[string]string{"a11y_authority_url": "error.required"}},
		{"ErrEmail", func(a *salkku.AccessibilityStatement) { a.AuthorityEmail = "avi.fi" },
			map[string]string{"a11y_authority_email": "error.email"}},
		{"ErrPhone", func(a *salkku.AccessibilityStatement) { a.AuthorityPhone = "soita" },
			map[string]string{"a11y_authority_phone": "error.phone"}},
		{"ErrIssuesTooLong", func(a *salkku.AccessibilityStatement) {
			a.KnownIssues.SV = strings.Repeat("å", salkku.MaxDescriptionLen+1)
		}, map[string]string{"a11y_issues_sv": "error.too_long"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := ok()
			c.change(&a)
			wantFields(t, a.Validate(), c.want)
		})
	}
}

func TestAccessibilitySettingsRoundTrip(t *testing.T) {
	a := salkku.DefaultAccessibility()
	a.Status, a.Made = salkku.ConformanceFull, time.Date(2027, 1, 2, 0, 0, 0, 0, time.UTC)
	a.KnownIssues.SV = "Kartan saknar textalternativ."
	a.AuthorityName = salkku.T("Lupa- ja valvontavirasto")
	got := salkku.AccessibilityFromSettings(a.Settings())
	if got.Status != a.Status || !got.Made.Equal(a.Made) || got.KnownIssues.SV != a.KnownIssues.SV || got.AuthorityName.FI != "Lupa- ja valvontavirasto" {
		t.Fatalf("got %+v, want %+v", got, a)
	}
	// A language without a text shows the first one given, in its language.
	if text, in := got.AuthorityNameIn("sv"); text != "Lupa- ja valvontavirasto" || in != "fi" {
		t.Errorf("Swedish name %q in %q, want the Finnish one", text, in)
	}
	if text, in := got.IssuesIn("en"); text != a.KnownIssues.SV || in != "sv" {
		t.Errorf("English issues %q in %q, want the Swedish ones", text, in)
	}
	// Nothing stored: the defaults.
	def := salkku.AccessibilityFromSettings(map[string]string{})
	if text, _ := def.IssuesIn("fi"); text != "" || def.AuthorityEmail != "saavutettavuus@avi.fi" || def.Status != salkku.ConformancePartial {
		t.Errorf("defaults %+v", def)
	}
}

func TestFeedbackValidate(t *testing.T) {
	for _, c := range []struct {
		name string
		f    salkku.Feedback
		want map[string]string
	}{
		{"OK", salkku.Feedback{Message: "Fokus ei näy.", Email: "aino@example.fi", PageURL: "https://salkku.example.fi/projects/3"}, nil},
		{"OK site path", salkku.Feedback{Message: "Se www.example.fi", PageURL: "/projects/3?lang=sv"}, nil},
		{"ErrMessageRequired", salkku.Feedback{Message: " \n "}, map[string]string{"feedback_message": "error.required"}},
		{"ErrLinks", salkku.Feedback{Message: "http://a https://b www.c HTTP://d"}, map[string]string{"feedback_message": "error.feedback_links"}},
		{"ErrEmail", salkku.Feedback{Message: "Hei", Email: "aino"}, map[string]string{"sender_email": "error.email"}},
		{"ErrPage", salkku.Feedback{Message: "Hei", PageURL: "//evil.example"}, map[string]string{"page_url": "error.page_url"}},
		{"ErrNameTooLong", salkku.Feedback{Message: "Hei", Name: strings.Repeat("a", salkku.MaxNameLen+1)}, map[string]string{"sender_name": "error.too_long"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := c.f
			wantFields(t, f.Validate(), c.want)
		})
	}
}
