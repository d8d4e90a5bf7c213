package api

import (
	"net/http"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/web"
)

// reminderList is a page of the reminder log; Next, when not 0, is the
// before= of the next page.
type reminderList struct {
	Items []*salkku.Reminder `json:"items"`
	Next  int64              `json:"next"`
}

// apiReminderLog lists the reminder log newest first, keyset paged
// (admins, and owners and project offices for their portfolios' projects).
func (s *Server) apiReminderLog(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r, "project_id", "status", "before", "limit")
	f := salkku.ReminderFilter{Status: q.get("status"), Limit: q.page().Limit}
	if id := q.id("project_id"); id != nil {
		f.ProjectID = *id
	}
	if id := q.id("before"); id != nil {
		f.BeforeID = *id
	}
	q.check(f.Validate())
	if err := q.err(); err != nil {
		s.Error(w, r, err)
		return
	}
	if s.Reminders == nil {
		s.Error(w, r, salkku.Errorf(salkku.ENOTFOUND, "error.not_found"))
		return
	}
	items, next, err := s.Reminders.FindReminderLog(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if items == nil {
		items = []*salkku.Reminder{}
	}
	web.WriteJSON(w, http.StatusOK, reminderList{Items: items, Next: next})
}
