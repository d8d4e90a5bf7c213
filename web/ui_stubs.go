package web

import "net/http"

// Placeholders until the pages are written (being written now).
func (s *Server) notYet(w http.ResponseWriter, r *http.Request) { s.Error(w, r, errNotFound) }

func (s *Server) handleCategoryList(w http.ResponseWriter, r *http.Request)       { s.notYet(w, r) }
func (s *Server) handleCategoryNew(w http.ResponseWriter, r *http.Request)        { s.notYet(w, r) }
func (s *Server) handleCategoryEdit(w http.ResponseWriter, r *http.Request)       { s.notYet(w, r) }
func (s *Server) handleCategoryDelete(w http.ResponseWriter, r *http.Request)     { s.notYet(w, r) }
func (s *Server) handleWorkPackageNew(w http.ResponseWriter, r *http.Request)     { s.notYet(w, r) }
func (s *Server) handleWorkPackageEdit(w http.ResponseWriter, r *http.Request)    { s.notYet(w, r) }
func (s *Server) handleWorkPackageDelete(w http.ResponseWriter, r *http.Request)  { s.notYet(w, r) }
func (s *Server) handlePersonList(w http.ResponseWriter, r *http.Request)         { s.notYet(w, r) }
func (s *Server) handlePersonNew(w http.ResponseWriter, r *http.Request)          { s.notYet(w, r) }
func (s *Server) handlePersonEdit(w http.ResponseWriter, r *http.Request)         { s.notYet(w, r) }
func (s *Server) handlePersonDelete(w http.ResponseWriter, r *http.Request)       { s.notYet(w, r) }
func (s *Server) handleOrganisationList(w http.ResponseWriter, r *http.Request)   { s.notYet(w, r) }
func (s *Server) handleOrganisationNew(w http.ResponseWriter, r *http.Request)    { s.notYet(w, r) }
func (s *Server) handleOrganisationEdit(w http.ResponseWriter, r *http.Request)   { s.notYet(w, r) }
func (s *Server) handleOrganisationDelete(w http.ResponseWriter, r *http.Request) { s.notYet(w, r) }
