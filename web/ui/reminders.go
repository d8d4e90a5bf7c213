package ui

import (
	"net/http"
	"strconv"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/web"
)

type reminderLogPage struct {
	web.Base
	Items    []*salkku.Reminder
	Status   string
	Statuses []string
	// Next continues the list after its last line; 0 on the last page.
	// Paged says whether this is a later page, which links to the first.
	Next  int64
	Paged bool
}

// NextURL is the next page, with the filter kept.
func (p reminderLogPage) NextURL() string {
	u := "/admin/reminders?before=" + strconv.FormatInt(p.Next, 10)
	if p.Status != "" {
		u += "&status=" + p.Status
	}
	return u
}

// handleReminderLog lists the reminders sent, newest first (admins, and
// owners and project offices for their portfolios' projects).
func (s *Server) handleReminderLog(w http.ResponseWriter, r *http.Request) {
	if !s.Allowed(w, r, web.AccessOf(r).CanViewReminderLog()) {
		return
	}
	if s.Reminders == nil {
		s.Error(w, r, errNotFound)
		return
	}
	q := r.URL.Query()
	f := salkku.ReminderFilter{Status: q.Get("status")}
	if v := q.Get("before"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			s.Error(w, r, salkku.FieldErrors{"before": "error.invalid"}.Err())
			return
		}
		f.BeforeID = n
	}
	items, next, err := s.Reminders.FindReminderLog(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	b := s.NewBase(r, s.Catalog.T(web.Lang(r), "reminders.title"))
	b.NavIndex = "admin"
	b.Crumbs = []web.Crumb{{Label: b.Title}}
	s.Render(w, r, http.StatusOK, "reminders", reminderLogPage{Base: b, Items: items, Status: f.Status,
		Statuses: salkku.ReminderStatuses, Next: next, Paged: f.BeforeID != 0})
}
