package api

import (
	"net/http"

	"github.com/salkku/salkku"
)

// portfolioBody is the JSON a client sends for a portfolio: the record as
// read, its read-only fields ignored.
type portfolioBody struct {
	salkku.Portfolio
	readOnlyMeta
	OrganisationName ignored `json:"organisation_name"`
	OwnerName        ignored `json:"owner_name"`
	ParentName       ignored `json:"parent_name"`
	ProjectCount     ignored `json:"project_count"`
}

func (s *Server) apiPortfolioList(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r, "organisation_id", "parent_id", "limit", "offset")
	f := salkku.PortfolioFilter{OrganisationID: q.id("organisation_id"), ParentID: q.id("parent_id"), Page: q.page()}
	if err := q.err(); err != nil {
		s.Error(w, r, err)
		return
	}
	items, total, err := s.Register.FindPortfolios(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeList(w, items, total)
}

func (b *portfolioBody) record() *salkku.Portfolio { return &b.Portfolio }
