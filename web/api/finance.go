package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/salkku/salkku/importer"
	"github.com/salkku/salkku/web"

	"github.com/salkku/salkku"
)

// Finance (issue 10): an organisation's cost categories, a project's
// budget revisions, finance settings, actuals and funding with payment
// applications, a portfolio's roll-up, and the import of actuals as a
// preview and an apply. Amounts are integer cents, as salkku.Money
// marshals itself. The store checks access and the rules in each call.

// financeRoutes adds the finance endpoints to the API's table.
func financeRoutes(s *Server, route func(string, http.HandlerFunc)) {
	route("GET /organisations/{id}/cost-categories", s.apiCostCategories)
	route("POST /organisations/{id}/cost-categories", projectCreateHandler(s, "cost-categories", (*costCategoryBody).record,
		func(c *salkku.CostCategory, id int64) { c.OrganisationID = id }, s.createCostCategory))
	route("PUT /cost-categories/{id}", updateHandler(s, (*costCategoryBody).record, s.Register.UpdateCostCategory))
	route("DELETE /cost-categories/{id}", deleteHandler(s, s.Register.DeleteCostCategory))

	route("GET /projects/{id}/finance", s.apiProjectFinance)
	route("POST /projects/{id}/budget", s.apiReviseBudget)
	route("GET /projects/{id}/budget/revisions/{n}", s.apiBudgetRevision)
	route("PUT /projects/{id}/finance-settings", s.apiFinanceSettings)

	route("GET /projects/{id}/actuals", s.apiActuals)
	route("POST /projects/{id}/actuals", projectCreateHandler(s, "actuals", (*actualBody).record,
		func(a *salkku.Actual, id int64) { a.ProjectID = id }, pathOwner("project_id", s.Register.CreateActual)))
	route("GET /actuals/{id}", getHandler(s, s.Register.FindActualByID))
	route("PUT /actuals/{id}", updateHandler(s, (*actualBody).record, s.Register.UpdateActual))
	route("DELETE /actuals/{id}", deleteHandler(s, s.Register.DeleteActual))

	route("POST /projects/{id}/funding", projectCreateHandler(s, "funding", (*fundingBody).record,
		func(f *salkku.Funding, id int64) { f.ProjectID = id }, pathOwner("project_id", withApplications(s.Register.CreateFunding))))
	route("GET /funding/{id}", getHandler(s, s.findFunding))
	route("PUT /funding/{id}", updateHandler(s, (*fundingBody).record, withApplications(s.Register.UpdateFunding)))
	route("DELETE /funding/{id}", deleteHandler(s, s.Register.DeleteFunding))
	route("POST /funding/{id}/applications", projectCreateHandler(s, "payment-applications", (*applicationBody).record,
		func(a *salkku.PaymentApplication, id int64) { a.FundingID = id }, pathOwner("funding_id", s.Register.CreatePaymentApplication)))
	route("GET /payment-applications/{id}", getHandler(s, s.Register.FindPaymentApplicationByID))
	route("PUT /payment-applications/{id}", updateHandler(s, (*applicationBody).record, s.Register.UpdatePaymentApplication))
	route("DELETE /payment-applications/{id}", deleteHandler(s, s.Register.DeletePaymentApplication))

	route("GET /portfolios/{id}/finance", s.apiPortfolioFinance)

	route("GET /organisations/{id}/actual-imports", s.apiActualImports)
	route("POST /organisations/{id}/actual-imports", s.apiImportActuals)
	route("POST /portfolios/{id}/projects/import", s.apiImportProjects)
}

// pathOwner answers 404 rather than 400 when the record the path names
// (field) does not exist: the store reports it as a field of the body,
// but here the path names it.
func pathOwner[T any](field string, create func(context.Context, T) error) func(context.Context, T) error {
	return func(ctx context.Context, v T) error {
		err := create(ctx, v)
		var e *salkku.Error
		if errors.As(err, &e) && e.Code == salkku.EINVALID && e.Fields[field] == "error.not_found_ref" {
			return salkku.Errorf(salkku.ENOTFOUND, "error.not_found")
		}
		return err
	}
}

// viewOrganisation checks that the path's organisation exists and that
// the caller may see it: an unknown one is 404 for admins too, whose
// lists the store does not limit.
func (s *Server) viewOrganisation(ctx context.Context, id int64) error {
	_, err := s.Register.FindOrganisationByID(ctx, id)
	return err
}

// --- Cost categories ---

// costCategoryBody is a cost category as a client sends it: its
// organisation comes from the path and stays.
type costCategoryBody struct {
	salkku.CostCategory
	readOnlyMeta
	OrganisationID ignored `json:"organisation_id"`
}

func (b *costCategoryBody) record() *salkku.CostCategory {
	orEmpty(&b.Accounts)
	return &b.CostCategory
}

func (s *Server) createCostCategory(ctx context.Context, c *salkku.CostCategory) error {
	if err := s.viewOrganisation(ctx, c.OrganisationID); err != nil {
		return err
	}
	return s.Register.CreateCostCategory(ctx, c)
}

// apiCostCategories lists an organisation's cost categories in order.
func (s *Server) apiCostCategories(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err == nil {
		err = newQuery(r).err()
	}
	if err == nil {
		err = s.viewOrganisation(r.Context(), id)
	}
	var items []*salkku.CostCategory
	if err == nil {
		items, err = s.Register.FindCostCategories(r.Context(), id)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	for _, c := range items {
		orEmpty(&c.Accounts)
	}
	writeList(w, items, len(items))
}

// --- Budget, settings and the project's finance ---

// financeOut gives a project's finance lists as [] rather than null.
func financeOut(pf *salkku.ProjectFinance) *salkku.ProjectFinance {
	orEmpty(&pf.Categories)
	orEmpty(&pf.Revisions)
	orEmpty(&pf.Funding)
	orEmpty(&pf.Settings.Forecast)
	orEmpty(&pf.FollowUp.Lines)
	for _, rev := range []*salkku.BudgetRevision{pf.Current, pf.Original} {
		if rev != nil {
			orEmpty(&rev.Lines)
		}
	}
	for _, rev := range pf.Revisions {
		orEmpty(&rev.Lines)
	}
	for _, f := range pf.Funding {
		orEmpty(&f.Applications)
	}
	for _, c := range pf.Categories {
		orEmpty(&c.Accounts)
	}
	return pf
}

// apiProjectFinance answers with everything a project's finance page
// shows: categories, current and original budget, revisions, settings,
// funding and the follow-up.
func (s *Server) apiProjectFinance(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err == nil {
		err = newQuery(r).err()
	}
	var pf *salkku.ProjectFinance
	if err == nil {
		pf, err = s.Register.FindProjectFinance(r.Context(), id)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, financeOut(pf))
}

// budgetBody is a new budget revision as a client sends it: its number
// (the current revision's plus one), date, reason and every line.
type budgetBody struct {
	salkku.BudgetRevision
	ID            ignored `json:"id"`
	ProjectID     ignored `json:"project_id"`
	CreatedAt     ignored `json:"created_at"`
	CreatedBy     ignored `json:"created_by"`
	CreatedByName ignored `json:"created_by_name"`
	Total         ignored `json:"total"`
}

func budgetURL(projectID int64, number int) string {
	return fmt.Sprintf("%s/projects/%d/budget/revisions/%d", APIPrefix, projectID, number)
}

// apiReviseBudget stores a new revision of the project's budget: 201 with
// the revision as stored. A number other than the current one's plus one
// is 409: someone revised the budget meanwhile.
func (s *Server) apiReviseBudget(w http.ResponseWriter, r *http.Request) {
	var in budgetBody
	id, err := web.PathID(r, "id")
	if err == nil {
		err = decodeBody(r, &in)
	}
	rev := in.BudgetRevision
	rev.ID, rev.ProjectID, rev.CreatedBy, rev.CreatedByName, rev.Total = 0, id, 0, "", 0
	if err == nil && rev.Number <= 0 {
		err = salkku.FieldErrors{"number": "error.required"}.Err()
	}
	if rev.Date == "" {
		rev.Date = salkku.Today(s.Now())
	}
	if err == nil {
		err = s.Register.ReviseBudget(r.Context(), &rev)
	}
	var out *salkku.BudgetRevision
	if err == nil {
		out, err = s.Register.FindBudgetRevision(r.Context(), id, rev.Number)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	orEmpty(&out.Lines)
	w.Header().Set("Location", budgetURL(id, out.Number))
	web.WriteJSON(w, http.StatusCreated, out)
}

// apiBudgetRevision answers with one revision of the budget and its lines.
func (s *Server) apiBudgetRevision(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	var n int64
	if err == nil {
		n, err = web.PathID(r, "n")
	}
	if err == nil && n > math.MaxInt32 {
		err = salkku.Errorf(salkku.ENOTFOUND, "error.not_found")
	}
	if err == nil {
		err = newQuery(r).err()
	}
	var rev *salkku.BudgetRevision
	if err == nil {
		rev, err = s.Register.FindBudgetRevision(r.Context(), id, int(n))
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	orEmpty(&rev.Lines)
	web.WriteJSON(w, http.StatusOK, rev)
}

// settingsBody is a project's finance settings as a client sends them.
type settingsBody struct {
	salkku.FinanceSettings
	ProjectID ignored `json:"project_id"`
}

// apiFinanceSettings sets the day the actuals run to and the forecast.
// The version is the settings' (If-Match or the body's); a project that
// has none yet takes none, or 0, so that settings made in the meantime
// are never overwritten unseen: the store answers 409.
func (s *Server) apiFinanceSettings(w http.ResponseWriter, r *http.Request) {
	var in settingsBody
	id, err := web.PathID(r, "id")
	if err == nil {
		err = decodeBody(r, &in)
	}
	st := in.FinanceSettings
	st.ProjectID = id
	if err == nil && (r.Header.Get("If-Match") != "" || st.Version != 0) {
		st.Version, err = editedVersion(r, st.Version)
	}
	if err == nil {
		err = s.Register.UpdateFinanceSettings(r.Context(), &st)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	orEmpty(&st.Forecast)
	writeRecord(w, http.StatusOK, st.Version, st)
}

// --- Actuals ---

// actualBody is an actual as a client sends it: its project comes from
// the path and stays; where an imported one came from is the server's.
type actualBody struct {
	salkku.Actual
	readOnlyMeta
	ProjectID       ignored `json:"project_id"`
	ImportID        ignored `json:"import_id"`
	SourceKey       ignored `json:"source_key"`
	CategoryName    ignored `json:"category_name"`
	WorkPackageCode ignored `json:"work_package_code"`
}

func (b *actualBody) record() *salkku.Actual { return &b.Actual }

// month reads an optional month parameter (2021-05 or 5/2021).
func (q *queryParams) month(name string) salkku.Month {
	m, err := salkku.ParseMonth(q.get(name))
	if err != nil {
		q.fe.Add(name, salkku.ErrorMessage(err))
		return 0
	}
	return m
}

// actualCursor writes the keyset cursor after an actual: its month and id.
func actualCursor(a *salkku.Actual) string {
	return a.Month.ISO() + ":" + strconv.FormatInt(a.ID, 10)
}

// parseActualCursor reads what actualCursor writes.
func parseActualCursor(s string) (salkku.Month, int64, bool) {
	ms, ids, ok := strings.Cut(s, ":")
	if !ok {
		return 0, 0, false
	}
	m, err := salkku.ParseMonth(ms)
	id, err2 := strconv.ParseInt(ids, 10, 64)
	if err != nil || err2 != nil || m.IsZero() || id <= 0 {
		return 0, 0, false
	}
	return m, id, true
}

// cursorList is one page of a list paged by a keyset cursor: next is the
// cursor of the next page and next_url that page with the same filters,
// both null on the last page.
type cursorList[T any] struct {
	Items   []T     `json:"items"`
	Next    *string `json:"next"`
	NextURL *string `json:"next_url"`
}

// nextURL is the request's URL with the cursor parameter set to next.
func nextURL(r *http.Request, param, next string) *string {
	q := url.Values{}
	for k, v := range r.URL.Query() {
		q[k] = v
	}
	q.Set(param, next)
	u := r.URL.Path + "?" + q.Encode()
	return &u
}

// apiActuals lists a project's actuals newest first (by month, then as
// entered), one page after the cursor.
func (s *Server) apiActuals(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	q := newQuery(r, "category_id", "from", "to", "after", "limit")
	f := salkku.ActualFilter{ProjectID: id, CategoryID: q.id("category_id"), From: q.month("from"), To: q.month("to"), Limit: q.limit()}
	if after := q.get("after"); after != "" {
		m, aid, ok := parseActualCursor(after)
		if !ok {
			q.fe.Add("after", "error.query_cursor")
		}
		f.AfterMonth, f.AfterID = m, aid
	}
	if err := q.err(); err != nil {
		s.Error(w, r, err)
		return
	}
	items, err := s.Register.FindActuals(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	out := cursorList[*salkku.Actual]{Items: items}
	orEmpty(&out.Items)
	if len(items) == f.Limit {
		// A full page: one more row after it says whether there is a next.
		last := items[len(items)-1]
		f.AfterMonth, f.AfterID, f.Limit = last.Month, last.ID, 1
		more, err := s.Register.FindActuals(r.Context(), f)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		if len(more) > 0 {
			c := actualCursor(last)
			out.Next, out.NextURL = &c, nextURL(r, "after", c)
		}
	}
	web.WriteJSON(w, http.StatusOK, out)
}

// --- Funding ---

// fundingBody is a funding source as a client sends it: its project comes
// from the path and stays; its applications are kept at their own URLs.
type fundingBody struct {
	salkku.Funding
	readOnlyMeta
	ProjectID    ignored `json:"project_id"`
	Applications ignored `json:"applications"`
}

func (b *fundingBody) record() *salkku.Funding { return &b.Funding }

// withApplications gives a funding source's applications as [] rather
// than null once stored.
func withApplications(write func(context.Context, *salkku.Funding) error) func(context.Context, *salkku.Funding) error {
	return func(ctx context.Context, f *salkku.Funding) error {
		err := write(ctx, f)
		orEmpty(&f.Applications)
		return err
	}
}

func (s *Server) findFunding(ctx context.Context, id int64) (*salkku.Funding, error) {
	f, err := s.Register.FindFundingByID(ctx, id)
	if f != nil {
		orEmpty(&f.Applications)
	}
	return f, err
}

// applicationBody is a payment application as a client sends it: its
// grant comes from the path and stays.
type applicationBody struct {
	salkku.PaymentApplication
	readOnlyMeta
	FundingID ignored `json:"funding_id"`
}

func (b *applicationBody) record() *salkku.PaymentApplication { return &b.PaymentApplication }

// --- Portfolio roll-up ---

// portfolioFinanceBody is a portfolio's roll-up with one page of its
// projects; next_url is the next page, null on the last.
type portfolioFinanceBody struct {
	*salkku.PortfolioFinance
	Next    *string `json:"next"`
	NextURL *string `json:"next_url"`
}

// apiPortfolioFinance rolls up a portfolio with its sub-portfolios from
// the totals every write keeps, and lists its sub-portfolios and one page
// of its own projects by code (after: the id of the last project shown).
func (s *Server) apiPortfolioFinance(w http.ResponseWriter, r *http.Request) {
	// The store checks that the caller may see the portfolio.
	id, err := web.PathID(r, "id")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	q := newQuery(r, "after", "limit")
	after, limit := q.id("after"), q.limit()
	if err := q.err(); err != nil {
		s.Error(w, r, err)
		return
	}
	cursor := ""
	if after != nil {
		cursor = strconv.FormatInt(*after, 10)
	}
	pf, err := s.Register.FindPortfolioFinance(r.Context(), id, cursor, limit)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	orEmpty(&pf.Children)
	orEmpty(&pf.Projects)
	orEmpty(&pf.FollowUp.Lines)
	b := portfolioFinanceBody{PortfolioFinance: pf}
	if pf.Next != "" {
		next := pf.Next
		b.Next, b.NextURL = &next, nextURL(r, "after", next)
	}
	web.WriteJSON(w, http.StatusOK, b)
}

// --- Importing actuals ---

// maxImportRows bounds the rows of one import.
const maxImportRows = 100000

// importColumns names, for each field of a row, the JSON key a problem
// is reported at.
var importColumns = map[string]string{
	"project": "project_code", "work_package": "work_package_code", "account": "account", "category": "category",
	"month": "month", "amount": "amount", "description": "description", "source_id": "source_id",
}

// importBody is an import as a client sends it: the rows of one file,
// already read, and whether to apply them.
type importBody struct {
	FileName string      `json:"file_name"`
	Rows     []importRow `json:"rows"`
	Apply    bool        `json:"apply"`
}

// importRow is one row of an import. Its cells are read one by one, so
// that a bad one is a problem named by its row and column, as a bad cell
// of a file is, rather than a refusal of the whole body: the month as
// "2021-05" (or "5/2021"), the amount as integer cents or as a text in
// euros written the Finnish way ("1 234,50"), the texts as strings (an
// account or source id may be a number).
type importRow struct {
	salkku.ActualRow
}

// UnmarshalJSON reads a row's cells; only an unknown key or a row that is
// not an object refuses the body.
func (r *importRow) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return &salkku.Error{Code: salkku.EINVALID, Message: "error.json_type", Args: []any{"rows"},
			Fields: map[string]string{"rows": "error.json_type_field"}}
	}
	row := salkku.ActualRow{}
	problem := func(column, key string) {
		row.Problems = append(row.Problems, salkku.ImportProblem{Column: column, Key: key})
	}
	present := map[string]bool{}
	for k, v := range raw {
		if bytes.Equal(bytes.TrimSpace(v), []byte("null")) {
			continue
		}
		present[k] = true
		switch k {
		case "row":
			if err := json.Unmarshal(v, &row.Row); err != nil || row.Row < 1 {
				problem(k, "error.invalid_number")
			}
		case "project_code", "work_package_code", "account", "category", "description", "source_id":
			t, ok := cellText(v)
			if !ok {
				problem(k, "error.json_type_field")
			}
			switch k {
			case "project_code":
				row.ProjectCode = t
			case "work_package_code":
				row.WorkPackageCode = t
			case "account":
				row.Account = t
			case "category":
				row.Category = t
			case "description":
				row.Description = t
			case "source_id":
				row.SourceID = t
			}
		case "month":
			var s string
			if err := json.Unmarshal(v, &s); err != nil {
				problem(k, "error.month_format")
				continue
			}
			m, err := salkku.ParseMonth(s)
			if err != nil {
				problem(k, salkku.ErrorMessage(err))
			}
			row.Month = m
		case "amount":
			m, key := cellMoney(v)
			if key != "" {
				problem(k, key)
			}
			row.Amount = m
		default:
			return &salkku.Error{Code: salkku.EINVALID, Message: "error.json_unknown_field", Args: []any{k},
				Fields: map[string]string{"rows": "error.json_unknown_field_field"}}
		}
	}
	for _, k := range []string{"project_code", "month", "amount"} {
		if !present[k] || k == "project_code" && strings.TrimSpace(row.ProjectCode) == "" {
			problem(k, "error.required")
		}
	}
	r.ActualRow = row
	return nil
}

// cellText reads a text cell: a string, or a number as written.
func cellText(v json.RawMessage) (string, bool) {
	var s string
	if err := json.Unmarshal(v, &s); err == nil {
		return strings.TrimSpace(s), true
	}
	var n json.Number
	if err := json.Unmarshal(v, &n); err == nil {
		return n.String(), true
	}
	return "", false
}

// cellMoney reads an amount: integer cents, or euros as text the Finnish
// way; the key says what is wrong.
func cellMoney(v json.RawMessage) (salkku.Money, string) {
	var s string
	if err := json.Unmarshal(v, &s); err == nil {
		return salkku.ParseMoney(s)
	}
	var n json.Number
	if err := json.Unmarshal(v, &n); err != nil {
		return 0, salkku.ErrMoneyFormat
	}
	c, err := strconv.ParseInt(n.String(), 10, 64)
	switch {
	case err != nil && strings.ContainsAny(n.String(), ".eE"):
		return 0, "error.money_cents"
	case err != nil || c > int64(salkku.MaxMoney) || c < -int64(salkku.MaxMoney):
		return 0, salkku.ErrMoneyRange
	}
	return salkku.Money(c), ""
}

// importProblemBody is one problem of an import with its message in the
// caller's language.
type importProblemBody struct {
	Row     int    `json:"row"`
	Column  string `json:"column,omitempty"`
	Key     string `json:"key"`
	Message string `json:"message"`
}

// importErrorBody is the error of an import refused for its problems.
type importErrorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// importResultBody is what an import answers: what each row does (or
// did), the counts and every problem; error is set when an apply was
// refused for them.
type importResultBody struct {
	*salkku.ImportResult
	Problems []importProblemBody `json:"problems"`
	// Mapping is the column of each field, for a file.
	Mapping importer.Mapping `json:"mapping,omitempty"`
	Error   *importErrorBody `json:"error,omitempty"`
}

// uploadTypes are the Content-Types of a file sent as the body itself: a
// workbook or a CSV file (which Read tells apart by its bytes).
var uploadTypes = map[string]bool{
	"text/csv": true, "application/csv": true, "application/vnd.ms-excel": true, "application/octet-stream": true, xlsxType: true,
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// apiImportActuals checks the rows of a finance system's file and, with
// apply (the query's or the body's), applies them all in one transaction.
// The rows come as JSON (importBody), or as the file itself: the body (a
// CSV or XLSX Content-Type) or a multipart form's "file", its columns
// mapped by map_FIELD parameters, else by the organisation's remembered
// mapping when it fits the header, else by their header texts; an
// applied file's mapping is remembered. A preview answers 200 with every
// row's action and every problem; an apply with any problem applies
// nothing and answers 422 with the same body and an error.
func (s *Server) apiImportActuals(w http.ResponseWriter, r *http.Request) {
	web.LargeBody(r, web.MaxImportBytes)
	id, err := web.PathID(r, "id")
	if err == nil {
		err = s.viewOrganisation(r.Context(), id)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var req salkku.ImportRequest
	var mapping importer.Mapping
	switch mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); {
	case mt == "multipart/form-data":
		req, mapping, err = s.importUpload(r, id)
	case uploadTypes[mt]:
		req, mapping, err = s.importFile(r.Context(), id, r.URL.Query(), "", mt == xlsxType, r.Body)
	default:
		req, err = importJSON(r, id)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	res, err := s.Register.ImportActuals(r.Context(), req)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if res.Applied && mapping != nil {
		if err := s.Register.SaveImportMapping(r.Context(), id, salkku.ImportKindActuals, mapping); err != nil {
			s.Logger.Warn("import mapping not saved", "organisation", id, "err", err)
		}
	}
	orEmpty(&res.Preview)
	b := importResultBody{ImportResult: res, Mapping: mapping}
	status := s.importOutcome(r, &res.ImportSummary, req.Apply, &b.Problems, &b.Error)
	web.WriteJSON(w, status, b)
}

// importOutcome writes an import's problems with their messages in the
// caller's language and, when an apply was refused for them, its error;
// it returns the status to answer.
func (s *Server) importOutcome(r *http.Request, sum *salkku.ImportSummary, apply bool, problems *[]importProblemBody, refused **importErrorBody) int {
	lang := web.Lang(r)
	*problems = make([]importProblemBody, 0, len(sum.Problems))
	for _, p := range sum.Problems {
		*problems = append(*problems, importProblemBody{Row: p.Row, Column: p.Column, Key: p.Key,
			Message: s.Catalog.T(lang, p.Key, web.LocalArgs(lang, p.Args)...)})
	}
	if apply && !sum.Applied {
		*refused = &importErrorBody{Code: salkku.EINVALID, Message: s.Catalog.T(lang, "error.import_rejected", len(sum.Problems))}
		return http.StatusUnprocessableEntity
	}
	return http.StatusOK
}

// importJSON reads an import's rows sent as JSON.
func importJSON(r *http.Request, org int64) (salkku.ImportRequest, error) {
	q := newQuery(r, "apply")
	apply := q.bool("apply")
	if err := q.err(); err != nil {
		return salkku.ImportRequest{}, err
	}
	var in importBody
	if err := decodeBody(r, &in); err != nil {
		return salkku.ImportRequest{}, err
	}
	in.FileName = strings.TrimSpace(in.FileName)
	fe := salkku.FieldErrors{}
	switch {
	case len(in.Rows) == 0:
		fe.Add("rows", "error.required")
	case len(in.Rows) > maxImportRows:
		fe.Add("rows", "error.too_many")
	}
	if utf8.RuneCountInString(in.FileName) > salkku.MaxNameLen {
		fe.Add("file_name", "error.too_long")
	}
	if err := fe.Err(); err != nil {
		return salkku.ImportRequest{}, err
	}
	req := salkku.ImportRequest{OrganisationID: org, FileName: in.FileName, Apply: apply || in.Apply, Columns: importColumns,
		Rows: make([]salkku.ActualRow, len(in.Rows))}
	for i, row := range in.Rows {
		if row.Row == 0 {
			row.Row = i + 1
		}
		for j := range row.Problems {
			row.Problems[j].Row = row.Row
		}
		req.Rows[i] = row.ActualRow
	}
	return req, nil
}

// importUpload reads a multipart form: the file in its "file" part, and
// the parameters of importFile as form fields or in the query.
func (s *Server) importUpload(r *http.Request, org int64) (salkku.ImportRequest, importer.Mapping, error) {
	name, content, values, err := readUpload(r)
	if err != nil {
		return salkku.ImportRequest{}, nil, err
	}
	return s.importFile(r.Context(), org, values, name, false, bytes.NewReader(content))
}

// readUpload reads a multipart form: the file in its "file" part, and
// every other field added to the query's values.
func readUpload(r *http.Request) (string, []byte, url.Values, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return "", nil, nil, salkku.Errorf(salkku.EINVALID, "error.form")
	}
	values := r.URL.Query()
	var content []byte
	name, got := "", false
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &mbe):
			return "", nil, nil, salkku.Errorf(salkku.ETOOLARGE, "error.too_large")
		case err != nil:
			return "", nil, nil, salkku.Errorf(salkku.EINVALID, "error.form")
		}
		if part.FormName() == "file" && !got {
			name, got = part.FileName(), true
			if content, err = io.ReadAll(part); err != nil {
				return "", nil, nil, err
			}
			continue
		}
		v, err := io.ReadAll(io.LimitReader(part, maxQueryText*4))
		if err != nil {
			return "", nil, nil, err
		}
		values.Add(part.FormName(), string(v))
	}
	if !got {
		return "", nil, nil, salkku.FieldErrors{"file": "error.required"}.Err()
	}
	return name, content, values, nil
}

// importFile reads an uploaded file into the rows of an import. values
// are its parameters: apply, file_name, and map_FIELD (map_amount=Summa)
// naming the column of each field (see readImportFile).
func (s *Server) importFile(ctx context.Context, org int64, values url.Values, name string, workbook bool, content io.Reader) (salkku.ImportRequest, importer.Mapping, error) {
	q := &queryParams{values: values, known: map[string]bool{"lang": true, "apply": true, "file_name": true}, fe: salkku.FieldErrors{}}
	bind := func(m importer.Mapping, header []string) (*importer.Binding, error) {
		return importer.Bind(m, header, importer.ActualFields)
	}
	apply := false
	f, err := s.readImportFile(ctx, org, salkku.ImportKindActuals, importer.ActualFields, bind, q, name, workbook, content, func() { apply = q.bool("apply") })
	if err != nil {
		return salkku.ImportRequest{}, nil, err
	}
	return salkku.ImportRequest{OrganisationID: org, FileName: f.name, Rows: importer.ActualRows(f.table, f.binding), Apply: apply,
		Columns: f.binding.Columns()}, f.mapping, nil
}

// importedFile is a file sent to an import, read and its columns bound.
type importedFile struct {
	name    string
	table   *importer.Table
	binding *importer.Binding
	mapping importer.Mapping
}

// readImportFile reads a file sent to an import of the kind: its
// parameters q (file_name, map_FIELD naming the column of each field, and
// the import's own, read by params), then the sheet, mapped by the
// map_FIELD parameters, else by the organisation's remembered mapping
// when it fits the header, else by the columns whose header texts name
// the fields.
func (s *Server) readImportFile(ctx context.Context, org int64, kind string, fields []importer.Field,
	bind func(importer.Mapping, []string) (*importer.Binding, error), q *queryParams, name string, workbook bool, content io.Reader, params ...func()) (*importedFile, error) {
	given := importer.Mapping{}
	for _, f := range fields {
		q.known["map_"+f.Key] = true
		if v := q.text("map_" + f.Key); v != "" {
			given[f.Key] = v
		}
	}
	for _, p := range params {
		p()
	}
	if n := q.text("file_name"); n != "" {
		name = n
	}
	if err := q.err(); err != nil {
		return nil, err
	}
	// The name tells Read a workbook that is no zip from a CSV file.
	hint := name
	if workbook && !strings.HasSuffix(strings.ToLower(hint), ".xlsx") {
		hint += ".xlsx"
	}
	t, err := importer.Read(hint, content, web.MaxImportBytes)
	if err != nil {
		return nil, err
	}
	mapping := given
	if len(mapping) == 0 {
		saved, err := s.Register.FindImportMapping(ctx, org, kind)
		if err != nil {
			return nil, err
		}
		mapping = importer.Choose(saved, t.Header, fields)
	}
	b, err := bind(mapping, t.Header)
	var e *salkku.Error
	if errors.As(err, &e) {
		// Name the parameters that map the fields at fault.
		fe := salkku.FieldErrors{}
		for f, k := range e.Fields {
			fe.Add("map_"+f, k)
		}
		return nil, &salkku.Error{Code: salkku.EINVALID, Message: "error.import_mapping",
			Args: []any{strings.Join(t.Header, "; ")}, Fields: fe}
	} else if err != nil {
		return nil, err
	}
	return &importedFile{name: name, table: t, binding: b, mapping: mapping}, nil
}

// apiActualImports lists an organisation's latest imports, newest first.
func (s *Server) apiActualImports(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	q := newQuery(r, "limit")
	limit := q.limit()
	if err := q.err(); err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.viewOrganisation(r.Context(), id); err != nil {
		s.Error(w, r, err)
		return
	}
	items, err := s.Register.FindActualImports(r.Context(), id, limit)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeList(w, items, len(items))
}
