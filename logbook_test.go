package salkku_test

import (
	"testing"

	"github.com/salkku/salkku"
)

func TestDecisionEntryValidate(t *testing.T) {
	l := salkku.DefaultLanguages()
	pf := int64(2)
	ok := func() salkku.DecisionEntry {
		return salkku.DecisionEntry{PortfolioID: &pf, DecidedOn: "2021-11-22", DecidedBy: salkku.T("Ohjausryhmä"),
			Decision: salkku.T("Hyväksyttiin tilannekatsaus."), MinutesURL: "https://example.org/pk/2021-11"}
	}
	for _, tc := range []struct {
		name   string
		edit   func(e *salkku.DecisionEntry)
		fields map[string]string
	}{
		{"OK", func(*salkku.DecisionEntry) {}, nil},
		{"OK site path", func(e *salkku.DecisionEntry) { e.MinutesURL = "/projects/1/gates" }, nil},
		{"ErrBoth", func(e *salkku.DecisionEntry) { e.ProjectID = &pf }, map[string]string{"project_id": "error.required"}},
		{"ErrDate", func(e *salkku.DecisionEntry) { e.DecidedOn = "22.11.2021" }, map[string]string{"decided_on": "error.date"}},
		{"ErrFuture", func(e *salkku.DecisionEntry) { e.DecidedOn = "2031-01-01" }, map[string]string{"decided_on": "error.date_future"}},
		{"ErrNoDecision", func(e *salkku.DecisionEntry) { e.Decision = salkku.Text{} }, map[string]string{"decision.fi": "error.required"}},
		{"ErrLink", func(e *salkku.DecisionEntry) { e.MinutesURL = "javascript:alert(1)" }, map[string]string{"minutes_url": "error.link"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := ok()
			tc.edit(&e)
			checkFields(t, e.Validate(l, "2026-12-01"), tc.fields)
		})
	}
}

func TestCommsEntryValidate(t *testing.T) {
	l := salkku.DefaultLanguages()
	ok := func() salkku.CommsEntry {
		return salkku.CommsEntry{ProjectID: 1, Date: "2021-11-22", Channel: salkku.ChannelIntranet, Scope: salkku.ScopeInternal,
			Audience: salkku.T("Henkilöstö"), Subject: salkku.T("KaRa-hanke etenee")}
	}
	for _, tc := range []struct {
		name   string
		edit   func(c *salkku.CommsEntry)
		fields map[string]string
	}{
		{"OK", func(*salkku.CommsEntry) {}, nil},
		{"OK period", func(c *salkku.CommsEntry) {
			c.Date, c.Start, c.End = "", salkku.NewMonth(2021, 1), salkku.NewMonth(2021, 3)
		}, nil},
		{"OK undated", func(c *salkku.CommsEntry) { c.Date = "" }, nil},
		{"ErrEndOnly", func(c *salkku.CommsEntry) { c.Date, c.End = "", salkku.NewMonth(2021, 3) }, map[string]string{"when": "error.comms_when"}},
		{"ErrBoth", func(c *salkku.CommsEntry) { c.Start = salkku.NewMonth(2021, 1) }, map[string]string{"when": "error.comms_date_or_period"}},
		{"ErrBackwards", func(c *salkku.CommsEntry) {
			c.Date, c.Start, c.End = "", salkku.NewMonth(2021, 3), salkku.NewMonth(2021, 1)
		}, map[string]string{"when": "error.end_before_start"}},
		{"ErrChannel", func(c *salkku.CommsEntry) { c.Channel = "fax" }, map[string]string{"channel": "error.invalid_choice"}},
		{"ErrScope", func(c *salkku.CommsEntry) { c.Scope = "" }, map[string]string{"scope": "error.invalid_choice"}},
		{"ErrSubject", func(c *salkku.CommsEntry) { c.Subject = salkku.Text{} }, map[string]string{"subject.fi": "error.required"}},
		{"ErrLink", func(c *salkku.CommsEntry) { c.Link = "ftp://x" }, map[string]string{"link": "error.link"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := ok()
			tc.edit(&c)
			checkFields(t, c.Validate(l), tc.fields)
		})
	}
}

func TestParseWhen(t *testing.T) {
	for _, tc := range []struct {
		in         string
		date       salkku.Date
		start, end salkku.Month
		err        bool
		when       string
	}{
		{"22.11.2021", "2021-11-22", 0, 0, false, "22.11.2021"},
		{"2021-11-22", "2021-11-22", 0, 0, false, "22.11.2021"},
		{"1/2021", "", salkku.NewMonth(2021, 1), 0, false, "1/2021"},
		{"1/2021 – 3/2021", "", salkku.NewMonth(2021, 1), salkku.NewMonth(2021, 3), false, "1/2021 – 3/2021"},
		{"8-10/2021", "", salkku.NewMonth(2021, 8), salkku.NewMonth(2021, 10), false, "8/2021 – 10/2021"},
		{"jatkuva", "", 0, 0, true, ""},
		{"huomenna", "", 0, 0, true, ""},
	} {
		d, s, e, err := salkku.ParseWhen(tc.in)
		if (err != nil) != tc.err || d != tc.date || s != tc.start || e != tc.end {
			t.Errorf("ParseWhen(%q) = %q, %v, %v, %v", tc.in, d, s, e, err)
			continue
		}
		if !tc.err {
			c := salkku.CommsEntry{Date: d, Start: s, End: e}
			if got := c.When(); got != tc.when {
				t.Errorf("When of %q = %q, want %q", tc.in, got, tc.when)
			}
		}
	}
	c := salkku.CommsEntry{Start: salkku.NewMonth(2021, 1)}
	if got := c.SortDay(); got != "2021-01-01" {
		t.Errorf("SortDay = %q", got)
	}
}
