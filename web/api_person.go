package web

import (
	"net/http"

	"github.com/salkku/salkku"
)

// personBody is the JSON a client sends for a person: the record as read,
// its read-only fields ignored.
type personBody struct {
	salkku.Person
	readOnlyMeta
	UserID ignored `json:"user_id"`
}

func (s *Server) apiPersonList(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r, "organisation_id", "q", "limit", "offset")
	f := salkku.PersonFilter{OrganisationID: q.id("organisation_id"), Query: q.text("q"), Page: q.page()}
	if err := q.err(); err != nil {
		s.Error(w, r, err)
		return
	}
	items, total, err := s.Register.FindPeople(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeList(w, items, total)
}

func (b *personBody) record() *salkku.Person { return &b.Person }
