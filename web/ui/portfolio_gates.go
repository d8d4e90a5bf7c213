package ui

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/salkku/salkku/web"

	"github.com/salkku/salkku"
)

// portfolioGatesPage is a portfolio's gate views: how many projects are in
// each phase, who waits for which body's decision, the gate calendar and
// the conditions past their due date.
type portfolioGatesPage struct {
	web.Base
	Portfolio *salkku.Portfolio
	// Model is the organisation's current model, whose phases the table
	// lists; nil when the organisation has none published.
	Model  *salkku.Model
	Phases []phaseRow
	// Bodies are the waiting lists, one per decision level, strongest
	// first; Calendar is the same requests by planned date.
	Bodies   []waitingBody
	Calendar []*salkku.GateWaiting
	// More is set when there were more requests than one list shows.
	More    bool
	Overdue []overdueRow
	Today   salkku.Date
}

// phaseRow is a line of the phase table.
type phaseRow struct {
	Key  string
	Name salkku.Text
	// Gates close the phase.
	Gates []salkku.Gate
	// Count is every project in the phase; Closed and Cancelled those of
	// them whose life cycle has ended there.
	Count, Closed, Cancelled int
	// Known is false for a phase of an older version that the current
	// one lacks.
	Known bool
	URL   string
}

// waitingBody is one deciding body's list.
type waitingBody struct {
	Level    string
	Projects []*salkku.GateWaiting
}

// overdueRow is an open condition past its due date, with its project.
type overdueRow struct {
	*salkku.Condition
	Project *salkku.Project
}

// Level names a decision level.
func (p portfolioGatesPage) Level(level string) string { return levelName(p.Base, level) }

// levelKeys name the decision levels; bodyKeys the bodies that decide at
// them.
var (
	levelKeys = map[string]string{salkku.LevelPortfolio: "pfgates.level_portfolio",
		salkku.LevelSteering: "pfgates.level_steering", salkku.LevelProject: "pfgates.level_project"}
	bodyKeys = map[string]string{salkku.LevelSteering: "pfgates.body_steering", salkku.LevelProject: "pfgates.body_project"}
)

// levelName names a decision level, or shows an unknown one as it is.
func levelName(b web.Base, level string) string {
	if k, ok := levelKeys[level]; ok {
		return b.T(k)
	}
	return level
}

// BodyName names the body that decides at a level for this portfolio.
func (p portfolioGatesPage) BodyName(level string) string {
	if level == salkku.LevelPortfolio {
		return p.T("pfgates.body_portfolio", p.Plain(p.Portfolio.Name))
	}
	if k, ok := bodyKeys[level]; ok {
		return p.T(k)
	}
	return level
}

// PhaseName names a project's phase by the current model, or by its key
// where the model lacks it.
func (p portfolioGatesPage) PhaseName(key string) string {
	if p.Model != nil {
		if ph := p.Model.Phase(key); ph != nil {
			return p.Plain(ph.Name)
		}
	}
	return key
}

// DayText formats a stored day the language's way.
func (p portfolioGatesPage) DayText(d salkku.Date) string {
	if !d.Valid() {
		return string(d)
	}
	return p.Date(d.Time())
}

// currentModel picks the newest published version from a list newest
// first.
func currentModel(ms []*salkku.Model) *salkku.Model {
	for _, m := range ms {
		if m.PublishedAt != nil {
			return m
		}
	}
	return nil
}

// handlePortfolioGates shows the portfolio's gate views. It costs the
// same number of queries whatever the portfolio's size: the counts are
// one grouped query, the waiting lists and the calendar one list, the
// overdue conditions one query and their projects another.
func (s *Server) handlePortfolioGates(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	pf, ok := s.loadPortfolio(w, r)
	if !ok {
		return
	}
	page := portfolioGatesPage{Portfolio: pf, Today: salkku.Today(s.Now())}
	models, err := s.Register.FindModels(ctx, pf.OrganisationID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	page.Model = currentModel(models)
	counts, err := s.Register.CountPhases(ctx, pf.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	page.Phases = phaseRows(page.Model, counts, pf.ID)
	waiting, err := s.Register.FindWaiting(ctx, salkku.GateFilter{PortfolioID: pf.ID, Page: salkku.Page{Limit: salkku.MaxPageSize}})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	page.More = len(waiting) == salkku.MaxPageSize
	page.Calendar = waiting
	for _, level := range salkku.Levels {
		body := waitingBody{Level: level}
		for _, wt := range waiting {
			if wt.Request.Level == level {
				body.Projects = append(body.Projects, wt)
			}
		}
		page.Bodies = append(page.Bodies, body)
	}
	overdue, err := s.Register.FindOverdueConditions(ctx, pf.ID, page.Today)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if len(overdue) > 0 {
		var pids []int64
		seen := map[int64]bool{}
		for _, c := range overdue {
			if !seen[c.ProjectID] {
				seen[c.ProjectID] = true
				pids = append(pids, c.ProjectID)
			}
		}
		ps, _, err := s.Register.FindProjects(ctx, salkku.ProjectFilter{IDs: pids, Page: salkku.Page{Limit: salkku.MaxPageSize}})
		if err != nil {
			s.Error(w, r, err)
			return
		}
		byID := map[int64]*salkku.Project{}
		for _, p := range ps {
			byID[p.ID] = p
		}
		for _, c := range overdue {
			if p := byID[c.ProjectID]; p != nil {
				page.Overdue = append(page.Overdue, overdueRow{Condition: c, Project: p})
			}
		}
	}
	b := s.NewBase(r, "")
	b.Title = b.T("pfgates.title", b.Plain(pf.Name))
	b.NavIndex, b.Flash = "portfolios", s.TakeFlash(w, r)
	b.Crumbs = append(portfolioCrumbs(b, pf), web.Crumb{Label: b.T("pfgates.crumb")})
	page.Base = b
	s.Render(w, r, http.StatusOK, "portfolio_gates", page)
}

// phaseRows sums the counts by phase, in the current model's order; a
// phase only older versions have comes after, by its key.
func phaseRows(m *salkku.Model, counts []salkku.PhaseCount, portfolioID int64) []phaseRow {
	var rows []phaseRow
	index := map[string]int{}
	link := func(key string) string {
		return "/portfolios/" + strconv.FormatInt(portfolioID, 10) + "?" + url.Values{"phase": {key}}.Encode()
	}
	if m != nil {
		for _, ph := range m.Phases {
			index[ph.Key] = len(rows)
			rows = append(rows, phaseRow{Key: ph.Key, Name: ph.Name, Gates: ph.Gates, Known: true, URL: link(ph.Key)})
		}
	}
	for _, c := range counts {
		if c.Phase == "" {
			continue
		}
		i, ok := index[c.Phase]
		if !ok {
			i = len(rows)
			index[c.Phase] = i
			rows = append(rows, phaseRow{Key: c.Phase, URL: link(c.Phase)})
		}
		rows[i].Count += c.Count
		switch c.Status {
		case salkku.StatusClosed:
			rows[i].Closed += c.Count
		case salkku.StatusCancelled:
			rows[i].Cancelled += c.Count
		}
	}
	return rows
}
