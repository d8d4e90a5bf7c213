package api

import (
	_ "embed"
	"errors"
	"math"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/salkku/salkku/web"

	"github.com/salkku/salkku"
)

// APIPrefix is where the JSON API lives; its version is part of the path.
const APIPrefix = "/api/v1"

//go:embed openapi.json
var openAPISpec []byte

// Routes is the JSON API's part of the route table, under /api/v1. Each resource has a list
// and a create on its collection and a read, replace and delete on each
// record; web/openapi.json describes them all.
func Routes(ws *web.Server) []web.Route {
	s := &Server{ws}
	var t []web.Route
	route := func(pattern string, h http.HandlerFunc) {
		method, path, _ := strings.Cut(pattern, " ")
		t = append(t, web.Route{Pattern: method + " " + APIPrefix + path, Handler: h})
	}
	route("GET /openapi.json", s.handleOpenAPI)

	route("GET /organisations", s.apiOrganisationList)
	route("POST /organisations", createHandler(s, "organisations", (*organisationBody).record, s.Register.CreateOrganisation))
	route("GET /organisations/{id}", getHandler(s, s.Register.FindOrganisationByID))
	route("PUT /organisations/{id}", updateHandler(s, (*organisationBody).record, s.Register.UpdateOrganisation))
	route("DELETE /organisations/{id}", deleteHandler(s, s.Register.DeleteOrganisation))

	route("GET /people", s.apiPersonList)
	route("POST /people", createHandler(s, "people", (*personBody).record, s.Register.CreatePerson))
	route("GET /people/{id}", getHandler(s, s.Register.FindPersonByID))
	route("PUT /people/{id}", updateHandler(s, (*personBody).record, s.Register.UpdatePerson))
	route("DELETE /people/{id}", deleteHandler(s, s.Register.DeletePerson))

	route("GET /portfolios", s.apiPortfolioList)
	route("POST /portfolios", createHandler(s, "portfolios", (*portfolioBody).record, s.Register.CreatePortfolio))
	route("GET /portfolios/{id}", getHandler(s, s.Register.FindPortfolioByID))
	route("PUT /portfolios/{id}", updateHandler(s, (*portfolioBody).record, s.Register.UpdatePortfolio))
	route("DELETE /portfolios/{id}", deleteHandler(s, s.Register.DeletePortfolio))

	route("GET /categories", s.apiCategoryList)
	route("POST /categories", createHandler(s, "categories", (*categoryBody).record, s.Register.CreateCategory))
	route("GET /categories/{id}", getHandler(s, s.Register.FindCategoryByID))
	route("PUT /categories/{id}", updateHandler(s, (*categoryBody).record, s.Register.UpdateCategory))
	route("DELETE /categories/{id}", deleteHandler(s, s.Register.DeleteCategory))

	route("GET /projects", s.apiProjectList)
	route("POST /projects", createHandler(s, "projects", (*projectBody).record, s.Register.CreateProject))
	route("GET /projects/{id}", s.apiProjectGet)
	route("PUT /projects/{id}", updateHandler(s, (*projectBody).record, s.Register.UpdateProject))
	route("DELETE /projects/{id}", deleteHandler(s, s.Register.DeleteProject))

	route("GET /workpackages", s.apiWorkPackageList)
	route("POST /workpackages", createHandler(s, "workpackages", (*workPackageBody).record, s.Register.CreateWorkPackage))
	route("GET /workpackages/{id}", getHandler(s, s.Register.FindWorkPackageByID))
	route("PUT /workpackages/{id}", updateHandler(s, (*workPackageBody).record, s.Register.UpdateWorkPackage))
	route("DELETE /workpackages/{id}", deleteHandler(s, s.Register.DeleteWorkPackage))

	gateRoutes(s, route)
	riskRoutes(s, route)
	benefitRoutes(s, route)
	reportRoutes(s, route)
	financeRoutes(s, route)
	jobRoutes(s, route)

	route("GET /me", s.apiMe)
	route("GET /audit", s.apiAudit)
	route("GET /projects/{id}/audit", s.apiAudit)
	route("GET /reminders", s.apiReminderLog)

	return append(t, s.methodNotAllowed(t)...)
}

// methodNotAllowed answers a method that an API path does not serve with
// a JSON 405 and an Allow header; without it the pages' catch-all would
// answer 404.
func (s *Server) methodNotAllowed(routes []web.Route) []web.Route {
	allow := map[string][]string{}
	var paths []string
	for _, rt := range routes {
		method, path, _ := strings.Cut(rt.Pattern, " ")
		if allow[path] == nil {
			paths = append(paths, path)
		}
		allow[path] = append(allow[path], method)
		if method == http.MethodGet {
			allow[path] = append(allow[path], http.MethodHead)
		}
	}
	var out []web.Route
	for _, path := range paths {
		methods := strings.Join(allow[path], ", ")
		out = append(out, web.Route{Pattern: path, Handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", methods)
			s.Error(w, r, salkku.Errorf(web.CodeMethodNotAllowed, "error.method_not_allowed", methods))
		}})
	}
	return out
}

func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(openAPISpec)
}

// listBody is the JSON of a list: one page of items and the number of
// items that match in all.
type listBody[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
}

// writeList writes a list, with [] rather than null when it is empty.
func writeList[T any](w http.ResponseWriter, items []T, total int) {
	if items == nil {
		items = []T{}
	}
	web.WriteJSON(w, http.StatusOK, listBody[T]{Items: items, Total: total})
}

// writeRecord writes one record with its version as the entity tag.
func writeRecord(w http.ResponseWriter, status int, version int, v any) {
	w.Header().Set("ETag", web.ETag(version))
	web.WriteJSON(w, status, v)
}

// writeCreated answers a POST: 201, the new record's URL and the record.
func writeCreated(w http.ResponseWriter, collection string, id int64, version int, v any) {
	w.Header().Set("Location", APIPrefix+"/"+collection+"/"+strconv.FormatInt(id, 10))
	writeRecord(w, http.StatusCreated, version, v)
}

// decodeBody reads a POST or PUT body into v. The body must be JSON: a
// declared Content-Type other than application/json (or a +json type) is
// refused, which also keeps plain HTML forms of other sites from posting
// here.
func decodeBody(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || mt != "application/json" && !strings.HasSuffix(mt, "+json") {
			return salkku.Errorf(web.CodeUnsupportedMediaType, "error.content_type")
		}
	}
	return web.DecodeJSON(r.Body, v)
}

// editedVersion returns the version a PUT replaces: the If-Match header's
// when there is one, else the body's "version". One of them is required,
// and when both are given they must agree.
func editedVersion(r *http.Request, body int) (int, error) {
	header, err := web.IfMatchVersion(r)
	if err != nil {
		return 0, &salkku.Error{Code: salkku.EINVALID, Message: "error.if_match",
			Fields: map[string]string{"If-Match": "error.if_match"}}
	}
	v := body
	switch {
	case header != 0 && body != 0 && header != body:
		return 0, &salkku.Error{Code: salkku.EINVALID, Message: "error.version_mismatch",
			Fields: map[string]string{"version": "error.version_mismatch_field"}}
	case header != 0:
		v = header
	case body < 0:
		return 0, &salkku.Error{Code: salkku.EINVALID, Message: "error.invalid",
			Fields: map[string]string{"version": "error.version_invalid"}}
	case body == 0:
		return 0, &salkku.Error{Code: salkku.EINVALID, Message: "error.version_required",
			Fields: map[string]string{"version": "error.version_required_field"}}
	}
	if v > math.MaxInt32 {
		// Versions are stored as 32-bit integers: no record can be at this
		// one, so it is bad input, named as the forms name it.
		return 0, &salkku.Error{Code: salkku.EINVALID, Message: "error.invalid",
			Fields: map[string]string{"version": "error.version_invalid"}}
	}
	return v, nil
}

// editMeta returns the Meta of a record to replace: the id from the path,
// whatever the body says, and the version being replaced.
func editMeta(r *http.Request, id int64, bodyVersion int) (salkku.Meta, error) {
	v, err := editedVersion(r, bodyVersion)
	if err != nil {
		return salkku.Meta{}, err
	}
	return salkku.Meta{ID: id, Version: v}, nil
}

// ignored accepts any JSON value and keeps nothing of it. Input bodies use
// it for the read-only fields of a record (id, created_at, names filled in
// for display…), so that a client can send back the document it read.
type ignored struct{}

// UnmarshalJSON discards the value.
func (*ignored) UnmarshalJSON([]byte) error { return nil }

// readOnlyMeta shadows the server-set fields of salkku.Meta in an input
// body; Version stays, since a PUT names the version it replaces.
type readOnlyMeta struct {
	ID        ignored `json:"id"`
	CreatedAt ignored `json:"created_at"`
	UpdatedAt ignored `json:"updated_at"`
}

// queryParams reads the query of a list strictly: a parameter the list
// does not know, one given twice, or a malformed value is an EINVALID error
// that names the parameter. An empty value counts as not given.
type queryParams struct {
	values url.Values
	known  map[string]bool
	fe     salkku.FieldErrors
}

// maxQueryText bounds free-text query parameters.
const maxQueryText = salkku.MaxNameLen

// newQuery starts reading r's query; names lists the parameters the list
// accepts. "lang", which picks the language of messages, is always allowed.
func newQuery(r *http.Request, names ...string) *queryParams {
	q := &queryParams{values: r.URL.Query(), known: map[string]bool{"lang": true}, fe: salkku.FieldErrors{}}
	for _, n := range names {
		q.known[n] = true
	}
	return q
}

// get returns the parameter's value, or "" when it is not given.
func (q *queryParams) get(name string) string {
	vs := q.values[name]
	if len(vs) > 1 {
		q.fe.Add(name, "error.query_repeated")
	}
	if len(vs) == 0 {
		return ""
	}
	if !salkku.ValidText(vs[0]) {
		// checkInput refuses such a query already; a list never passes
		// one on to the store.
		q.fe.Add(name, "error.invalid_text")
		return ""
	}
	return strings.TrimSpace(vs[0])
}

// text reads a free-text parameter.
func (q *queryParams) text(name string) string {
	v := q.get(name)
	if utf8.RuneCountInString(v) > maxQueryText {
		q.fe.Add(name, "error.too_long")
	}
	return v
}

// id reads an optional id parameter.
func (q *queryParams) id(name string) *int64 {
	v := q.get(name)
	if v == "" {
		return nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		q.fe.Add(name, "error.query_id")
		return nil
	}
	return &id
}

// requiredID reads an id parameter the list cannot do without.
func (q *queryParams) requiredID(name string) int64 {
	if q.get(name) == "" {
		q.fe.Add(name, "error.query_required")
		return 0
	}
	if id := q.id(name); id != nil {
		return *id
	}
	return 0
}

// page reads limit (1–MaxPageSize, by default DefaultPageSize) and offset
// (0 or more).
func (q *queryParams) page() salkku.Page {
	p := salkku.Page{Limit: salkku.DefaultPageSize}
	if v := q.get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > salkku.MaxPageSize {
			q.fe.Add("limit", "error.query_limit")
		} else {
			p.Limit = n
		}
	}
	if v := q.get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			q.fe.Add("offset", "error.query_offset")
		} else {
			p.Offset = n
		}
	}
	return p
}

// check adds the field errors of a domain filter's Validate, which are
// named after the query parameters.
func (q *queryParams) check(err error) {
	var e *salkku.Error
	if errors.As(err, &e) {
		for f, k := range e.Fields {
			q.fe.Add(f, k)
		}
	}
}

// err returns nil when the query is good, else one EINVALID error whose
// message lists the bad parameters and whose fields say what is wrong with
// each.
func (q *queryParams) err() error {
	for name := range q.values {
		if !q.known[name] {
			q.fe.Add(name, "error.query_unknown")
		}
	}
	if len(q.fe) == 0 {
		return nil
	}
	names := make([]string, 0, len(q.fe))
	for n := range q.fe {
		names = append(names, n)
	}
	sort.Strings(names)
	return &salkku.Error{Code: salkku.EINVALID, Message: "error.query", Args: []any{strings.Join(names, ", ")}, Fields: q.fe}
}
