package web

import (
	"net/http"

	"github.com/salkku/salkku"
)

// workPackageBody is the JSON a client sends for a work package: the
// record as read, its read-only fields ignored.
type workPackageBody struct {
	salkku.WorkPackage
	readOnlyMeta
	ResponsibleNames ignored `json:"responsible_names"`
}

// apiWorkPackageList lists one project's work packages depth first, each
// parent before its children and siblings by position, as the project page
// shows the tree. They are few, so the list is not paged.
func (s *Server) apiWorkPackageList(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r, "project_id")
	projectID := q.requiredID("project_id")
	if err := q.err(); err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.canViewProjectIn(r, projectID); err != nil {
		s.Error(w, r, err)
		return
	}
	items, err := s.Register.FindWorkPackages(r.Context(), projectID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	tree := salkku.FlattenTree(salkku.BuildTree(items))
	writeList(w, tree, len(tree))
}

func (s *Server) apiWorkPackageGet(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err == nil {
		err = s.canViewWorkPackageID(r, id)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	wp, err := s.Register.FindWorkPackageByID(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeRecord(w, http.StatusOK, wp.Version, wp)
}

func (s *Server) apiWorkPackageCreate(w http.ResponseWriter, r *http.Request) {
	var in workPackageBody
	if err := decodeBody(r, &in); err != nil {
		s.Error(w, r, err)
		return
	}
	wp := &in.WorkPackage
	wp.Meta = salkku.Meta{}
	if err := s.canEditProjectIn(r, wp.ProjectID); err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.workPackagePeople(r, nil, wp); err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.Register.CreateWorkPackage(r.Context(), wp); err != nil {
		s.Error(w, r, err)
		return
	}
	writeCreated(w, "workpackages", wp.ID, wp.Version, wp)
}

func (s *Server) apiWorkPackageUpdate(w http.ResponseWriter, r *http.Request) {
	var in workPackageBody
	id, err := pathID(r, "id")
	if err == nil {
		err = decodeBody(r, &in)
	}
	wp := &in.WorkPackage
	if err == nil {
		wp.Meta, err = editMeta(r, id, wp.Version)
	}
	if err == nil {
		err = s.canUpdateWorkPackage(r, id, wp)
	}
	if err == nil {
		err = s.Register.UpdateWorkPackage(r.Context(), wp)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeRecord(w, http.StatusOK, wp.Version, wp)
}

func (s *Server) apiWorkPackageDelete(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err == nil {
		err = s.canEditWorkPackageID(r, id)
	}
	if err == nil {
		err = s.Register.DeleteWorkPackage(r.Context(), id)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
