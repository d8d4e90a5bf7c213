package gen

import (
	"fmt"
	"time"

	"github.com/salkku/salkku"
)

// gates gives every organisation the built-in life-cycle model and every
// project a place in it that fits its status, with the decisions that
// brought it there: each gate before its position approved, at dates
// spread over the months before its start (or before Today), and for a
// cancelled project a rejection or a stop at the gate it reached.
func (g *generator) gates() {
	orgOf := map[int64]int64{}
	for _, pf := range g.ds.Portfolios {
		orgOf[pf.ID] = pf.OrganisationID
	}
	var model *salkku.Model
	for _, o := range g.ds.Organisations {
		m := salkku.DefaultModel()
		m.Meta, m.OrganisationID = g.meta(o.ID), o.ID
		published := m.CreatedAt
		m.PublishedAt = &published
		g.ds.Models = append(g.ds.Models, m)
		model = m
	}
	if model == nil {
		return
	}
	gates := model.Gates()
	// The index of the gate ahead, by status; -1 is past the last.
	ahead := func(status string) int {
		byPhase := func(statuses ...string) []int {
			var out []int
			for i, gr := range gates {
				for _, s := range statuses {
					if gr.Phase.Status == s {
						out = append(out, i)
					}
				}
			}
			return out
		}
		switch status {
		case salkku.StatusProposed:
			c := byPhase(salkku.StatusProposed)
			return c[g.r.IntN(len(c))]
		case salkku.StatusActive:
			c := byPhase(salkku.StatusActive)
			// Most active projects are in implementation.
			if g.r.IntN(100) < 60 {
				return c[0]
			}
			return c[g.r.IntN(len(c))]
		case salkku.StatusCancelled:
			return g.r.IntN(len(gates))
		}
		return -1
	}
	id := int64(len(g.ds.GateDecisions))
	for _, p := range g.ds.Projects {
		p.ModelID = orgOf[p.PortfolioID] // one model per organisation, numbered as they are
		k := ahead(p.Status)
		passed := k
		if k < 0 {
			passed = len(gates)
		}
		base := Today - 18
		if !p.Start.IsZero() {
			base = p.Start - salkku.Month(passed)
		}
		from := salkku.Position{Phase: gates[0].Phase.Key, Gate: gates[0].Code}
		for i := 0; i < passed; i++ {
			to := salkku.Position{Phase: gates[len(gates)-1].Phase.Key}
			if i+1 < len(gates) {
				to = salkku.Position{Phase: gates[i+1].Phase.Key, Gate: gates[i+1].Code}
			}
			from = g.decision(&id, p, gates[i], salkku.DecisionApproved, min(base+salkku.Month(i), Today), from, to)
		}
		switch {
		case p.Status == salkku.StatusCancelled:
			kind := salkku.DecisionRejected
			if gates[k].Phase.Status == salkku.StatusActive {
				kind = salkku.DecisionStopped
			}
			from = g.decision(&id, p, gates[k], kind, min(base+salkku.Month(k), Today), from, salkku.Position{Phase: gates[k].Phase.Key})
		}
		p.Phase, p.NextGate = from.Phase, from.Gate
	}
}

// decision adds a decision on gate gr for p and returns the position it
// leads to.
func (g *generator) decision(id *int64, p *salkku.Project, gr salkku.GateRef, kind string, on salkku.Month, from, to salkku.Position) salkku.Position {
	*id++
	day := salkku.Date(fmt.Sprintf("%04d-%02d-%02d", on.Year(), on.Number(), 1+g.r.IntN(28)))
	g.ds.GateDecisions = append(g.ds.GateDecisions, &salkku.GateDecision{
		ID: *id, ProjectID: p.ID, ModelID: p.ModelID, Gate: gr.Code, DecidedOn: day, Level: gr.Level, Decision: kind,
		From: from, To: to, RecordedAt: day.Time().Add(10 * time.Hour),
	})
	return to
}
