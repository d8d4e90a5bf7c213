package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/web"
)

// projectBody is the JSON a client sends for a project: the record as
// read, its read-only fields ignored.
type projectBody struct {
	salkku.Project
	readOnlyMeta
	PortfolioName    ignored `json:"portfolio_name"`
	CategoryName     ignored `json:"category_name"`
	OwnerName        ignored `json:"owner_name"`
	ManagerName      ignored `json:"manager_name"`
	ServiceOwnerName ignored `json:"service_owner_name"`
}

// apiProjectList lists projects, filtered, sorted and paged in the store.
// sort is one of salkku.ProjectSorts, with a leading "-" for descending
// order ("-name").
func (s *Server) apiProjectList(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r, "portfolio_id", "category_id", "status", "phase", "tag", "q", "sort", "limit", "offset", "after")
	f := salkku.ProjectFilter{PortfolioID: q.id("portfolio_id"), CategoryID: q.id("category_id"), Status: q.get("status"),
		Phase: q.get("phase"), Tag: q.text("tag"), Query: q.text("q"), After: q.get("after"), Page: q.page()}
	if sort := q.get("sort"); sort != "" {
		f.Sort, f.Desc = strings.TrimPrefix(sort, "-"), strings.HasPrefix(sort, "-")
		if f.Sort == "" {
			q.fe.Add("sort", "error.sort")
		}
	}
	q.check(f.Validate())
	if err := q.err(); err != nil {
		s.Error(w, r, err)
		return
	}
	page, err := s.Register.FindProjectItems(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	tail := ProjectListTail{Total: page.Total}
	if c := page.Next; c != "" {
		tail.Next, tail.NextURL = &c, nextURL(r, "after", c)
	}
	WriteProjectList(w, page.Items, tail)
}

// ProjectListTail is what a page of projects says after its items: the
// number that match in all, and in the orders an index serves (by
// category, by code) the cursor of the next page, null on the last; other
// orders page by offset.
type ProjectListTail struct {
	Total   int     `json:"total"`
	Next    *string `json:"next"`
	NextURL *string `json:"next_url"`
}

// WriteProjectList writes the body of a page of projects, {"items":
// [...], "total": …, "next": …, "next_url": …}, from each project's JSON as
// the store keeps it: written as it is, not decoded and encoded again nor
// copied into one buffer first. The benchmark's bare handler writes the
// same.
func WriteProjectList(w http.ResponseWriter, items []json.RawMessage, tail ProjectListTail) {
	var t bytes.Buffer
	enc := json.NewEncoder(&t)
	enc.SetEscapeHTML(false)
	enc.Encode(tail) // {"total":…}\n, of which "total":…}\n follows the items
	end := t.Bytes()[1:]
	n := len(listHead) + len(listSep) + len(end)
	for i, it := range items {
		n += len(it)
		if i > 0 {
			n++
		}
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(n))
	w.WriteHeader(http.StatusOK)
	w.Write(listHead)
	for i, it := range items {
		if i > 0 {
			w.Write(comma)
		}
		w.Write(it)
	}
	w.Write(listSep)
	w.Write(end)
}

var (
	listHead = []byte(`{"items":[`)
	listSep  = []byte(`],`)
	comma    = []byte{','}
)

// apiProjectGet answers GET /projects/{id} with the project's kept JSON.
func (s *Server) apiProjectGet(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	var item json.RawMessage
	var version int
	if err == nil {
		item, version, err = s.Register.FindProjectItem(r.Context(), id)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("ETag", web.ETag(version))
	web.WriteRawJSON(w, http.StatusOK, item)
}

func (b *projectBody) record() *salkku.Project { return &b.Project }
