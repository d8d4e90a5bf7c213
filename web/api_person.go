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
	f.Visible = accessOf(r).PeopleVisibility()
	items, total, err := s.Register.FindPeople(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeList(w, items, total)
}

func (s *Server) apiPersonGet(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	p, err := s.Register.FindPersonByID(r.Context(), id)
	if err == nil {
		err = check(accessOf(r).CanViewPerson(p.OrganisationID))
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeRecord(w, http.StatusOK, p.Version, p)
}

func (s *Server) apiPersonCreate(w http.ResponseWriter, r *http.Request) {
	var in personBody
	if err := decodeBody(r, &in); err != nil {
		s.Error(w, r, err)
		return
	}
	p := &in.Person
	p.Meta = salkku.Meta{}
	if err := check(accessOf(r).CanManagePerson(p.OrganisationID)); err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.Register.CreatePerson(r.Context(), p); err != nil {
		s.Error(w, r, err)
		return
	}
	writeCreated(w, "people", p.ID, p.Version, p)
}

func (s *Server) apiPersonUpdate(w http.ResponseWriter, r *http.Request) {
	var in personBody
	id, err := pathID(r, "id")
	if err == nil {
		err = decodeBody(r, &in)
	}
	p := &in.Person
	if err == nil {
		p.Meta, err = editMeta(r, id, p.Version)
	}
	if err == nil {
		err = s.canManagePersonID(r, id, p.OrganisationID)
	}
	if err == nil {
		err = s.Register.UpdatePerson(r.Context(), p)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeRecord(w, http.StatusOK, p.Version, p)
}

func (s *Server) apiPersonDelete(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err == nil {
		err = s.canManagePersonID(r, id, nil)
	}
	if err == nil {
		err = s.Register.DeletePerson(r.Context(), id)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
