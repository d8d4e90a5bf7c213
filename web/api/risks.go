package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/salkku/salkku/web"

	"github.com/salkku/salkku"
)

// Risks, the heat map, the decision logs and the communications logs
// (issue 9). The store checks access and the rules in each call, as for
// the register's records.

// riskRoutes adds the risk and log endpoints to the API's table.
func riskRoutes(s *Server, route func(string, http.HandlerFunc)) {
	route("GET /projects/{id}/risks", s.apiProjectRisks)
	route("POST /projects/{id}/risks", projectCreateHandler(s, "risks", (*riskBody).record,
		func(r *salkku.Risk, id int64) { r.ProjectID = id }, s.Register.CreateRisk))
	route("GET /risks/{id}", getHandler(s, s.Register.FindRiskByID))
	route("PUT /risks/{id}", updateHandler(s, (*riskBody).record, s.Register.UpdateRisk))
	route("DELETE /risks/{id}", deleteHandler(s, s.Register.DeleteRisk))
	route("GET /portfolios/{id}/risks", s.apiPortfolioRisks)
	route("GET /portfolios/{id}/risks/heatmap", s.apiHeatMap)

	route("GET /projects/{id}/decisions", s.apiDecisionLog(func(f *salkku.LogFilter, id int64) { f.ProjectID = &id }, pathID))
	route("POST /projects/{id}/decisions", projectCreateHandler(s, "decisions", (*logDecisionBody).record,
		func(e *salkku.DecisionEntry, id int64) { e.ProjectID, e.PortfolioID = &id, nil }, s.Register.CreateDecisionEntry))
	route("GET /portfolios/{id}/decisions", s.apiDecisionLog(func(f *salkku.LogFilter, id int64) { f.PortfolioID = &id }, s.viewPortfolio))
	route("POST /portfolios/{id}/decisions", projectCreateHandler(s, "decisions", (*logDecisionBody).record,
		func(e *salkku.DecisionEntry, id int64) { e.ProjectID, e.PortfolioID = nil, &id }, s.Register.CreateDecisionEntry))
	route("GET /decisions/{id}", getHandler(s, s.Register.FindDecisionEntryByID))
	route("PUT /decisions/{id}", updateHandler(s, (*logDecisionBody).record, s.Register.UpdateDecisionEntry))
	route("DELETE /decisions/{id}", deleteHandler(s, s.Register.DeleteDecisionEntry))

	route("GET /projects/{id}/communications", s.apiCommsLog)
	route("POST /projects/{id}/communications", projectCreateHandler(s, "communications", (*commsBody).record,
		func(c *salkku.CommsEntry, id int64) { c.ProjectID = id }, s.Register.CreateCommsEntry))
	route("GET /communications/{id}", getHandler(s, s.Register.FindCommsEntryByID))
	route("PUT /communications/{id}", updateHandler(s, (*commsBody).record, s.Register.UpdateCommsEntry))
	route("DELETE /communications/{id}", deleteHandler(s, s.Register.DeleteCommsEntry))
}

// riskBody is the JSON a client sends for a risk: the record as read,
// its read-only fields ignored. The project is the path's on create and
// stays the risk's on replace.
type riskBody struct {
	salkku.Risk
	readOnlyMeta
	ProjectID       ignored `json:"project_id"`
	Score           ignored `json:"score"`
	OwnerName       ignored `json:"owner_name"`
	WorkPackageCode ignored `json:"work_package_code"`
	WorkPackageName ignored `json:"work_package_name"`
	ProjectCode     ignored `json:"project_code"`
	ProjectName     ignored `json:"project_name"`
}

func (b *riskBody) record() *salkku.Risk { return &b.Risk }

// logDecisionBody is the JSON of a written decision; where it is kept comes
// from the path.
type logDecisionBody struct {
	salkku.DecisionEntry
	readOnlyMeta
	ProjectID      ignored `json:"project_id"`
	PortfolioID    ignored `json:"portfolio_id"`
	Kind           ignored `json:"kind"`
	WhoName        ignored `json:"who_name"`
	GateDecisionID ignored `json:"gate_decision_id"`
	Gate           ignored `json:"gate"`
	GateDecision   ignored `json:"gate_decision"`
	Level          ignored `json:"level"`
	ProjectLabel   ignored `json:"project_label"`
}

func (b *logDecisionBody) record() *salkku.DecisionEntry { return &b.DecisionEntry }

// commsBody is the JSON of a line of a communications log.
type commsBody struct {
	salkku.CommsEntry
	readOnlyMeta
	ProjectID       ignored `json:"project_id"`
	WorkPackageCode ignored `json:"work_package_code"`
	WorkPackageName ignored `json:"work_package_name"`
}

func (b *commsBody) record() *salkku.CommsEntry { return &b.CommsEntry }

// projectCreateHandler answers POST /things/{id}/collection: body B holds
// the record, which rec returns, and owner puts it under the path's
// project or portfolio. The new record is at /collection/{id}.
func projectCreateHandler[B any, T record](s *Server, collection string, rec func(*B) T, owner func(T, int64), create func(context.Context, T) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := web.PathID(r, "id")
		var in B
		if err == nil {
			err = decodeBody(r, &in)
		}
		if err != nil {
			s.Error(w, r, err)
			return
		}
		v := rec(&in)
		*v.Record() = salkku.Meta{}
		owner(v, id)
		if err := create(r.Context(), v); err != nil {
			s.Error(w, r, err)
			return
		}
		writeCreated(w, collection, v.Record().ID, v.Record().Version, v)
	}
}

// apiProjectRisks lists a project's risks by score, highest first.
func (s *Server) apiProjectRisks(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	q := newQuery(r, "limit", "offset")
	f := salkku.RiskFilter{ProjectID: &id, Page: q.page()}
	if err == nil {
		err = q.err()
	}
	s.writeRisks(w, r, f, err)
}

// apiPortfolioRisks lists the risks of a portfolio and its
// sub-portfolios: all of them, one cell of the heat map (p and i) or those
// past their review date on a day (overdue).
func (s *Server) apiPortfolioRisks(w http.ResponseWriter, r *http.Request) {
	id, err := s.viewPortfolio(r)
	q := newQuery(r, "p", "i", "overdue", "limit", "offset")
	f := salkku.RiskFilter{PortfolioID: &id, Probability: q.scale("p"), Impact: q.scale("i"), Page: q.page()}
	if v := q.get("overdue"); v != "" {
		d, ok := salkku.ParseDate(v)
		if !ok {
			q.fe.Add("overdue", "error.date")
		}
		f.Overdue = d
	}
	if f.Probability == 0 && q.get("i") != "" || f.Impact == 0 && q.get("p") != "" {
		q.fe.Add("p", "error.query_required")
	}
	if err == nil {
		err = q.err()
	}
	s.writeRisks(w, r, f, err)
}

func (s *Server) writeRisks(w http.ResponseWriter, r *http.Request, f salkku.RiskFilter, err error) {
	var items []*salkku.Risk
	total := 0
	if err == nil {
		items, total, err = s.Register.FindRisks(r.Context(), f)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeList(w, items, total)
}

// scale reads a probability or impact, 1–5.
func (q *queryParams) scale(name string) int {
	v := q.get(name)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < salkku.RiskScaleMin || n > salkku.RiskScaleMax {
		q.fe.Add(name, "error.out_of_range")
		return 0
	}
	return n
}

// apiHeatMap counts a portfolio's open risks by probability and impact.
func (s *Server) apiHeatMap(w http.ResponseWriter, r *http.Request) {
	id, err := s.viewPortfolio(r)
	if err == nil {
		err = newQuery(r).err()
	}
	var h *salkku.HeatMap
	if err == nil {
		h, err = s.Register.RiskHeatMap(r.Context(), id)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, h)
}

// apiDecisionLog lists a project's or a portfolio's decisions, newest
// first, gate decisions among them.
func (s *Server) apiDecisionLog(scope func(*salkku.LogFilter, int64), owner func(*http.Request) (int64, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := owner(r)
		q := newQuery(r, "limit", "offset")
		f := salkku.LogFilter{Page: q.page()}
		scope(&f, id)
		if err == nil {
			err = q.err()
		}
		var items []*salkku.DecisionEntry
		total := 0
		if err == nil {
			items, total, err = s.Register.FindDecisionLog(r.Context(), f)
		}
		if err != nil {
			s.Error(w, r, err)
			return
		}
		writeList(w, items, total)
	}
}

// pathID is the path's {id}.
func pathID(r *http.Request) (int64, error) { return web.PathID(r, "id") }

// apiCommsLog lists a project's communications in time order.
func (s *Server) apiCommsLog(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	q := newQuery(r, "limit", "offset")
	f := salkku.LogFilter{ProjectID: &id, Page: q.page()}
	if err == nil {
		err = q.err()
	}
	var items []*salkku.CommsEntry
	total := 0
	if err == nil {
		items, total, err = s.Register.FindCommsLog(r.Context(), f)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeList(w, items, total)
}
