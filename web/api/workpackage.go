package api

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
	items, err := s.Register.FindWorkPackages(r.Context(), projectID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	tree := salkku.FlattenTree(salkku.BuildTree(items))
	writeList(w, tree, len(tree))
}

func (b *workPackageBody) record() *salkku.WorkPackage { return &b.WorkPackage }
