// Package demo fills an empty register with a demo built from the seed
// documents of Salkku: the IT action plan 2017–2018 of the city of Naantali
// (seed 000, in naantali.go) and the KaRa programme of Kainuun sote (seed
// 002, in kara.go). The data are kept as plain Go literals; this file only
// loads them through salkku.Register.
package demo

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/salkku/salkku"
)

// ErrNotEmpty is returned when the database already holds organisations.
var ErrNotEmpty = errors.New("demo: the database is not empty")

// Load fills an empty register with the demo organisations. It returns
// ErrNotEmpty (and changes nothing) when any organisation exists.
//
// The register has no transaction spanning several calls, so when a call
// fails halfway Load deletes, as well as it can, what it had created, and
// returns the first error. Two Loads running at once on the same empty
// database are not guarded against.
func Load(ctx context.Context, r salkku.Register) error {
	orgs, total, err := r.FindOrganisations(ctx, salkku.Page{Limit: 1})
	if err != nil {
		return fmt.Errorf("demo: list organisations: %w", err)
	}
	if total > 0 || len(orgs) > 0 {
		return ErrNotEmpty
	}
	l := &loader{r: r}
	if err := l.loadNaantali(ctx); err != nil {
		l.rollback(ctx)
		return err
	}
	if err := l.loadKara(ctx); err != nil {
		l.rollback(ctx)
		return err
	}
	return nil
}

// planPortfolio is a portfolio as a seed describes it.
type planPortfolio struct {
	Name        string
	Description string
	FollowUp    string
}

// planCategory is a section of an action plan with its projects.
type planCategory struct {
	// Chapter is the chapter number the plan gives the section.
	Chapter     int
	Name        string
	Description string
	Projects    []planProject
}

// planProject is a numbered line of an action plan.
type planProject struct {
	Code string
	Name string
	// Schedule is the date range as the seed writes it, read with
	// salkku.ParseSchedule: "10/2017 – 04/2018", "8-10/2017", "9/2017–",
	// "- 12/2018", "jatkuva", or "" when the seed gives none.
	Schedule    string
	Vendors     []string
	Mandatory   bool
	Description string
}

// person is someone a seed names, by name and title.
type person struct {
	Name  string
	Title string
}

// programme is a project with a manager and a tree of work packages.
type programme struct {
	Code         string
	Name         string
	Description  string
	Schedule     string
	Manager      string
	WorkPackages []workPackage
}

// workPackage is an osa-alue, työpaketti or sub-package with the names of
// its responsible people (which must be in the organisation's people).
type workPackage struct {
	Code        string
	Name        string
	Description string
	Responsible []string
	Tags        []string
	Children    []workPackage
}

// paragraphs joins the paragraphs of a description.
func paragraphs(ps ...string) string { return strings.Join(ps, "\n\n") }

// lines joins lines that belong to one paragraph, such as a list.
func lines(ls ...string) string { return strings.Join(ls, "\n") }

// loader creates records and remembers how to remove them again.
type loader struct {
	r    salkku.Register
	undo []func(context.Context) error
}

// rollback deletes what was created, newest first, ignoring errors: it runs
// only after a failure, and even when ctx has been cancelled.
func (l *loader) rollback(ctx context.Context) {
	ctx = context.WithoutCancel(ctx)
	for i := len(l.undo) - 1; i >= 0; i-- {
		_ = l.undo[i](ctx)
	}
	l.undo = nil
}

func (l *loader) organisation(ctx context.Context, name string) (*salkku.Organisation, error) {
	o := &salkku.Organisation{Name: salkku.T(name)}
	if err := l.r.CreateOrganisation(ctx, o); err != nil {
		return nil, fmt.Errorf("demo: organisation %q: %w", name, err)
	}
	id := o.ID
	l.undo = append(l.undo, func(ctx context.Context) error { return l.r.DeleteOrganisation(ctx, id) })
	return o, nil
}

func (l *loader) portfolio(ctx context.Context, orgID int64, p planPortfolio) (*salkku.Portfolio, error) {
	pf := &salkku.Portfolio{OrganisationID: orgID, Name: salkku.T(p.Name), Description: salkku.T(p.Description), FollowUp: salkku.T(p.FollowUp)}
	if err := l.r.CreatePortfolio(ctx, pf); err != nil {
		return nil, fmt.Errorf("demo: portfolio %q: %w", p.Name, err)
	}
	id := pf.ID
	l.undo = append(l.undo, func(ctx context.Context) error { return l.r.DeletePortfolio(ctx, id) })
	return pf, nil
}

func (l *loader) project(ctx context.Context, p *salkku.Project, schedule string) error {
	sch, err := salkku.ParseSchedule(schedule)
	if err != nil {
		return fmt.Errorf("demo: project %s: schedule %q: %w", p.Code, schedule, err)
	}
	p.Schedule = sch
	// Each project is placed in the phase the seed implies when it is
	// brought in; the seeds date no gate decision, so none is invented
	// and the history shows the placement as such.
	p.Phase = phaseOf(p.Code)
	if err := l.r.CreateProject(ctx, p); err != nil {
		return fmt.Errorf("demo: project %s: %w", p.Code, err)
	}
	id := p.ID
	l.undo = append(l.undo, func(ctx context.Context) error { return l.r.DeleteProject(ctx, id) })
	return nil
}

// loadNaantali loads seed 000: the city, its action plan as a portfolio,
// the plan's sections as categories and its numbered lines as projects.
func (l *loader) loadNaantali(ctx context.Context) error {
	org, err := l.organisation(ctx, naantaliOrganisation)
	if err != nil {
		return err
	}
	pf, err := l.portfolio(ctx, org.ID, naantaliPortfolio)
	if err != nil {
		return err
	}
	for i, c := range naantaliCategories {
		cat := &salkku.Category{PortfolioID: pf.ID, Name: salkku.T(c.Name), Description: salkku.T(c.Description), Position: i + 1, Chapter: c.Chapter}
		if err := l.r.CreateCategory(ctx, cat); err != nil {
			return fmt.Errorf("demo: category %q: %w", c.Name, err)
		}
		catID := cat.ID
		l.undo = append(l.undo, func(ctx context.Context) error { return l.r.DeleteCategory(ctx, catID) })
		for _, p := range c.Projects {
			proj := &salkku.Project{
				PortfolioID: pf.ID,
				CategoryID:  &catID,
				Code:        p.Code,
				Name:        salkku.T(p.Name),
				Description: salkku.T(p.Description),
				Vendors:     append([]string{}, p.Vendors...),
				Mandatory:   p.Mandatory,
				Tags:        []string{},
			}
			if err := l.project(ctx, proj, p.Schedule); err != nil {
				return err
			}
		}
	}
	return nil
}

// loadKara loads seed 002: the joint authority, its people, the portfolio
// of sote-reform projects and the KaRa programme with its work packages.
func (l *loader) loadKara(ctx context.Context) error {
	org, err := l.organisation(ctx, karaOrganisation)
	if err != nil {
		return err
	}
	orgID := org.ID
	people := make(map[string]int64, len(karaPeople))
	for _, p := range karaPeople {
		ps := &salkku.Person{OrganisationID: &orgID, Name: p.Name, Title: p.Title}
		if err := l.r.CreatePerson(ctx, ps); err != nil {
			return fmt.Errorf("demo: person %q: %w", p.Name, err)
		}
		id := ps.ID
		people[p.Name] = id
		l.undo = append(l.undo, func(ctx context.Context) error { return l.r.DeletePerson(ctx, id) })
	}
	personID := func(name string) (int64, error) {
		id, ok := people[name]
		if !ok {
			return 0, fmt.Errorf("demo: %q is not among the people of %s", name, karaOrganisation)
		}
		return id, nil
	}

	pf, err := l.portfolio(ctx, orgID, karaPortfolio)
	if err != nil {
		return err
	}
	managerID, err := personID(karaProgramme.Manager)
	if err != nil {
		return err
	}
	proj := &salkku.Project{
		PortfolioID: pf.ID,
		Code:        karaProgramme.Code,
		Name:        salkku.T(karaProgramme.Name),
		Description: salkku.T(karaProgramme.Description),
		ManagerID:   &managerID,
		Vendors:     []string{},
		Tags:        []string{},
	}
	if err := l.project(ctx, proj, karaProgramme.Schedule); err != nil {
		return err
	}

	// The work packages go with the project if anything fails, so they need
	// no undo of their own.
	wpIDs := map[string]int64{}
	var create func(parentID *int64, wps []workPackage) error
	create = func(parentID *int64, wps []workPackage) error {
		for i, w := range wps {
			ids := make([]int64, 0, len(w.Responsible))
			for _, name := range w.Responsible {
				id, err := personID(name)
				if err != nil {
					return err
				}
				ids = append(ids, id)
			}
			wp := &salkku.WorkPackage{
				ProjectID:      proj.ID,
				ParentID:       parentID,
				Code:           w.Code,
				Name:           salkku.T(w.Name),
				Description:    salkku.T(w.Description),
				ResponsibleIDs: ids,
				Tags:           append([]string{}, w.Tags...),
				Position:       i + 1,
			}
			if err := l.r.CreateWorkPackage(ctx, wp); err != nil {
				return fmt.Errorf("demo: work package %s: %w", w.Code, err)
			}
			id := wp.ID
			wpIDs[w.Code] = id
			if err := create(&id, w.Children); err != nil {
				return err
			}
		}
		return nil
	}
	if err := create(nil, karaProgramme.WorkPackages); err != nil {
		return err
	}
	if err := l.loadKaraReports(ctx, pf, proj, wpIDs, people); err != nil {
		return err
	}
	return l.loadKaraFinance(ctx, proj)
}
