package web

import (
	"net/http"

	"github.com/salkku/salkku"
)

var errNotFound = salkku.Errorf(salkku.ENOTFOUND, "error.not_found")

// confirmPage asks before deleting something.
type confirmPage struct {
	Base
	Question string
	Cancel   string
}

// confirmDelete shows the confirmation on GET and deletes on POST. A
// refused delete (still in use) shows the page again with the reason, and
// nothing changes.
func (s *Server) confirmDelete(w http.ResponseWriter, r *http.Request, b Base, question, cancel string, del func() error, done string) {
	page := confirmPage{Base: b, Question: question, Cancel: cancel}
	if r.Method == http.MethodPost {
		err := del()
		if err == nil {
			redirect(w, r, done, "flash.deleted")
			return
		}
		if code := salkku.ErrorCode(err); code != salkku.ECONFLICT && code != salkku.EINVALID {
			s.Error(w, r, err)
			return
		}
		page.Error = salkku.ErrorMessage(err)
		if e, ok := err.(*salkku.Error); ok && len(e.Args) > 0 {
			page.Question = b.T(e.Message, e.Args...)
			page.Error = ""
		}
		s.render(w, r, ErrorStatus(err), "confirm", page)
		return
	}
	s.render(w, r, http.StatusOK, "confirm", page)
}

// peopleAll loads the people offered in selects.
func (s *Server) peopleAll(r *http.Request) ([]*salkku.Person, error) {
	people, _, err := s.Register.FindPeople(r.Context(), salkku.PersonFilter{Page: salkku.Page{Limit: salkku.MaxPageSize}})
	return people, err
}
