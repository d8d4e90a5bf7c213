package api

import (
	"net/http"

	"github.com/salkku/salkku"
)

// organisationBody is the JSON a client sends for an organisation: the
// record as read, its read-only fields ignored.
type organisationBody struct {
	salkku.Organisation
	readOnlyMeta
}

func (s *Server) apiOrganisationList(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r, "limit", "offset")
	page := q.page()
	if err := q.err(); err != nil {
		s.Error(w, r, err)
		return
	}
	items, total, err := s.Register.FindOrganisations(r.Context(), page)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeList(w, items, total)
}

func (b *organisationBody) record() *salkku.Organisation { return &b.Organisation }
