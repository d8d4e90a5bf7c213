package web

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

func (s *Server) apiOrganisationGet(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	o, err := s.Register.FindOrganisationByID(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeRecord(w, http.StatusOK, o.Version, o)
}

func (s *Server) apiOrganisationCreate(w http.ResponseWriter, r *http.Request) {
	var in organisationBody
	if err := decodeBody(r, &in); err != nil {
		s.Error(w, r, err)
		return
	}
	o := &in.Organisation
	o.Meta = salkku.Meta{}
	if err := check(accessOf(r).CanAdminister()); err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.Register.CreateOrganisation(r.Context(), o); err != nil {
		s.Error(w, r, err)
		return
	}
	writeCreated(w, "organisations", o.ID, o.Version, o)
}

func (s *Server) apiOrganisationUpdate(w http.ResponseWriter, r *http.Request) {
	var in organisationBody
	id, err := pathID(r, "id")
	if err == nil {
		err = decodeBody(r, &in)
	}
	o := &in.Organisation
	if err == nil {
		o.Meta, err = editMeta(r, id, o.Version)
	}
	if err == nil {
		err = check(accessOf(r).CanAdminister())
	}
	if err == nil {
		err = s.Register.UpdateOrganisation(r.Context(), o)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeRecord(w, http.StatusOK, o.Version, o)
}

func (s *Server) apiOrganisationDelete(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err == nil {
		err = check(accessOf(r).CanAdminister())
	}
	if err == nil {
		err = s.Register.DeleteOrganisation(r.Context(), id)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
