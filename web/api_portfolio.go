package web

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
	ProjectCount     ignored `json:"project_count"`
}

func (s *Server) apiPortfolioList(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r, "organisation_id", "parent_id", "limit", "offset")
	f := salkku.PortfolioFilter{OrganisationID: q.id("organisation_id"), ParentID: q.id("parent_id"), Page: q.page()}
	if err := q.err(); err != nil {
		s.Error(w, r, err)
		return
	}
	f.Visible = accessOf(r).Visibility()
	items, total, err := s.Register.FindPortfolios(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeList(w, items, total)
}

func (s *Server) apiPortfolioGet(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err == nil {
		err = s.canViewPortfolioID(r, id)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	p, err := s.Register.FindPortfolioByID(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeRecord(w, http.StatusOK, p.Version, p)
}

func (s *Server) apiPortfolioCreate(w http.ResponseWriter, r *http.Request) {
	var in portfolioBody
	if err := decodeBody(r, &in); err != nil {
		s.Error(w, r, err)
		return
	}
	p := &in.Portfolio
	p.Meta = salkku.Meta{}
	if err := check(accessOf(r).CanCreatePortfolio(p.ParentID)); err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.portfolioPeople(r, nil, p); err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.Register.CreatePortfolio(r.Context(), p); err != nil {
		s.Error(w, r, err)
		return
	}
	writeCreated(w, "portfolios", p.ID, p.Version, p)
}

func (s *Server) apiPortfolioUpdate(w http.ResponseWriter, r *http.Request) {
	var in portfolioBody
	id, err := pathID(r, "id")
	if err == nil {
		err = decodeBody(r, &in)
	}
	p := &in.Portfolio
	if err == nil {
		p.Meta, err = editMeta(r, id, p.Version)
	}
	if err == nil {
		err = s.canUpdatePortfolio(r, id, p)
	}
	if err == nil {
		err = s.Register.UpdatePortfolio(r.Context(), p)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeRecord(w, http.StatusOK, p.Version, p)
}

func (s *Server) apiPortfolioDelete(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err == nil {
		err = s.canDeletePortfolioID(r, id)
	}
	if err == nil {
		err = s.Register.DeletePortfolio(r.Context(), id)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
