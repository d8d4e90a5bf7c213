package api

import (
	"net/http"

	"github.com/salkku/salkku/web"

	"github.com/salkku/salkku"
)

// Benefits, their measurements and life-cycle profitability (issue 10).
// The store checks access and the rules in each call.

// benefitRoutes adds the benefit and profitability endpoints to the
// API's table.
func benefitRoutes(s *Server, route func(string, http.HandlerFunc)) {
	route("GET /projects/{id}/benefits", s.apiProjectBenefits)
	route("POST /projects/{id}/benefits", projectCreateHandler(s, "benefits", (*benefitBody).record,
		func(b *salkku.Benefit, id int64) { b.ProjectID = id }, s.Register.CreateBenefit))
	route("GET /benefits/{id}", getHandler(s, s.Register.FindBenefitByID))
	route("PUT /benefits/{id}", updateHandler(s, (*benefitBody).record, s.Register.UpdateBenefit))
	route("DELETE /benefits/{id}", deleteHandler(s, s.Register.DeleteBenefit))
	route("GET /portfolios/{id}/benefits", s.apiPortfolioBenefits)

	route("GET /benefits/{id}/measurements", s.apiMeasurements)
	route("POST /benefits/{id}/measurements", projectCreateHandler(s, "measurements", (*measurementBody).record,
		func(m *salkku.Measurement, id int64) { m.BenefitID = id }, s.Register.CreateMeasurement))
	route("GET /measurements/{id}", getHandler(s, s.Register.FindMeasurementByID))
	route("PUT /measurements/{id}", updateHandler(s, (*measurementBody).record, s.Register.UpdateMeasurement))
	route("DELETE /measurements/{id}", deleteHandler(s, s.Register.DeleteMeasurement))

	route("GET /projects/{id}/profitability", s.apiProfitability)
	route("PUT /projects/{id}/profitability", s.apiSetProfitability)
}

// benefitBody is the JSON a client sends for a benefit: the record as
// read, its read-only fields ignored. The project is the path's on
// create and stays the benefit's on replace.
type benefitBody struct {
	salkku.Benefit
	readOnlyMeta
	ProjectID       ignored `json:"project_id"`
	OwnerName       ignored `json:"owner_name"`
	WorkPackageCode ignored `json:"work_package_code"`
	WorkPackageName ignored `json:"work_package_name"`
	ProjectCode     ignored `json:"project_code"`
	ProjectName     ignored `json:"project_name"`
	Latest          ignored `json:"latest"`
	Measurements    ignored `json:"measurements"`
}

func (b *benefitBody) record() *salkku.Benefit { return &b.Benefit }

// measurementBody is the JSON of a measurement; its benefit comes from
// the path on create and stays on replace.
type measurementBody struct {
	salkku.Measurement
	readOnlyMeta
	BenefitID ignored `json:"benefit_id"`
	ProjectID ignored `json:"project_id"`
}

func (b *measurementBody) record() *salkku.Measurement { return &b.Measurement }

// apiProjectBenefits lists a project's benefits by target date.
func (s *Server) apiProjectBenefits(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	q := newQuery(r, "limit", "offset")
	f := salkku.BenefitFilter{ProjectID: &id, Page: q.page()}
	if err == nil {
		err = q.err()
	}
	s.writeBenefits(w, r, f, err)
}

// apiPortfolioBenefits lists the benefits of a portfolio and its
// sub-portfolios: all of them, or those not verified on a day
// (unverified: past their target date with no measurement since).
func (s *Server) apiPortfolioBenefits(w http.ResponseWriter, r *http.Request) {
	id, err := s.viewPortfolio(r)
	q := newQuery(r, "unverified", "limit", "offset")
	f := salkku.BenefitFilter{PortfolioID: &id, Page: q.page()}
	if v := q.get("unverified"); v != "" {
		d, ok := salkku.ParseDate(v)
		if !ok {
			q.fe.Add("unverified", "error.date")
		}
		f.Unverified = d
	}
	if err == nil {
		err = q.err()
	}
	s.writeBenefits(w, r, f, err)
}

func (s *Server) writeBenefits(w http.ResponseWriter, r *http.Request, f salkku.BenefitFilter, err error) {
	var items []*salkku.Benefit
	total := 0
	if err == nil {
		items, total, err = s.Register.FindBenefits(r.Context(), f)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeList(w, items, total)
}

// apiMeasurements lists a benefit's measurements by date.
func (s *Server) apiMeasurements(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err == nil {
		err = newQuery(r).err()
	}
	var items []*salkku.Measurement
	if err == nil {
		items, err = s.Register.FindMeasurements(r.Context(), id)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeList(w, items, len(items))
}

// profitabilityDoc is a project's profitability inputs with what they
// give.
type profitabilityDoc struct {
	*salkku.Profitability
	Result *salkku.ProfitResult `json:"result"`
}

// profitabilityBody is the inputs as a client sends them; the result and
// the project are ignored.
type profitabilityBody struct {
	salkku.Profitability
	readOnlyMeta
	ProjectID ignored `json:"project_id"`
	Result    ignored `json:"result"`
}

func writeProfitability(w http.ResponseWriter, p *salkku.Profitability) {
	writeRecord(w, http.StatusOK, p.Version, profitabilityDoc{Profitability: p, Result: p.Compute()})
}

// apiProfitability answers a project's profitability inputs and result;
// 404 when it has none yet.
func (s *Server) apiProfitability(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err == nil {
		err = newQuery(r).err()
	}
	var p *salkku.Profitability
	if err == nil {
		p, err = s.Register.FindProfitability(r.Context(), id)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeProfitability(w, p)
}

// apiSetProfitability writes a project's profitability inputs: without a
// version (body or If-Match) the first ones, with one a replacement.
func (s *Server) apiSetProfitability(w http.ResponseWriter, r *http.Request) {
	var in profitabilityBody
	id, err := web.PathID(r, "id")
	if err == nil {
		err = decodeBody(r, &in)
	}
	p := in.Profitability
	p.Meta = salkku.Meta{Version: p.Version}
	p.ProjectID = id
	if err == nil && (r.Header.Get("If-Match") != "" || p.Version != 0) {
		p.Version, err = editedVersion(r, p.Version)
	}
	if err == nil {
		err = s.Register.SaveProfitability(r.Context(), &p)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeProfitability(w, &p)
}
