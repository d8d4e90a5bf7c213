package salkku_test

import (
	"testing"

	"github.com/salkku/salkku"
)

func TestReminderKind(t *testing.T) {
	const due = salkku.Date("2026-12-10")
	for _, tc := range []struct {
		asOf salkku.Date
		days int
		want string
	}{
		{"2026-12-06", 3, ""},
		{"2026-12-07", 3, salkku.ReminderBefore},
		{"2026-12-10", 3, salkku.ReminderBefore},
		{"2026-12-11", 3, salkku.ReminderOverdue},
		{"2026-12-17", 3, salkku.ReminderOverdue},
		{"2026-12-18", 3, ""},
		{"2026-12-10", 0, salkku.ReminderBefore},
		{"2026-12-09", 0, ""},
		{"2026-12-10", -1, ""},
		{"2026-12-11", -1, salkku.ReminderOverdue},
		{"2026-13-01", 3, ""},
	} {
		if got := salkku.ReminderKind(due, tc.asOf, tc.days); got != tc.want {
			t.Errorf("due %s, on %s, %d days before: %q, want %q", due, tc.asOf, tc.days, got, tc.want)
		}
	}
	from, to := salkku.ReminderWindow("2026-12-10", 3)
	if from != "2026-12-03" || to != "2026-12-13" {
		t.Errorf("window %s…%s", from, to)
	}
}

func TestReminderLanguage(t *testing.T) {
	for _, tc := range []struct{ user, org, want string }{
		{"sv", "fi", "sv"},
		{"", "sv", "sv"},
		{"", "", "fi"},
		{"de", "en", "en"},
	} {
		if got := salkku.ReminderLanguage(tc.user, tc.org); got != tc.want {
			t.Errorf("user %q, organisation %q: %q, want %q", tc.user, tc.org, got, tc.want)
		}
	}
}

func TestReminderLogAccess(t *testing.T) {
	office := &salkku.Access{UserID: 1, Portfolios: map[int64]string{1: salkku.RoleProjectOffice, 2: salkku.RoleViewer}}
	viewer := &salkku.Access{UserID: 2, Portfolios: map[int64]string{1: salkku.RoleViewer}}
	if !office.CanViewReminderLog() || viewer.CanViewReminderLog() || (*salkku.Access)(nil).CanViewReminderLog() {
		t.Error("CanViewReminderLog")
	}
	if got := office.ReminderLogPortfolios(); len(got) != 1 || got[0] != 1 {
		t.Errorf("office portfolios %v", got)
	}
	if (&salkku.Access{Admin: true}).ReminderLogPortfolios() != nil {
		t.Error("admins are limited")
	}
	if (&salkku.Access{Admin: true}).CanSendReminders() || !(&salkku.Access{Admin: true, System: true}).CanSendReminders() {
		t.Error("CanSendReminders")
	}
}
