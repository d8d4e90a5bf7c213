package ui

import (
	"context"
	"net/http"

	"github.com/salkku/salkku"
)

// The kinds of thing a picker picks. Each reads its suggestions from a
// store method that filters by the caller's access in SQL.
var (
	personKind = &pickKind{path: "/people/suggest", scoped: true,
		suggest: func(s *Server, ctx context.Context, q string, scope int64) ([]pickItem, error) {
			var org *int64
			if scope > 0 {
				org = &scope
			}
			people, err := s.Register.SuggestPeople(ctx, q, org, salkku.MaxSuggestions)
			return itemsOf(people, personItem), err
		},
		one: func(s *Server, ctx context.Context, id int64) (pickItem, error) {
			p, err := s.Register.FindPersonByID(ctx, id)
			return itemOf(p, err, personItem)
		},
		// The store answers only the people the user may see.
		many: func(s *Server, r *http.Request, ids []int64) (map[int64]pickItem, error) {
			people, _, err := s.Register.FindPeople(r.Context(), salkku.PersonFilter{IDs: ids, Page: salkku.Page{Limit: salkku.MaxPageSize}})
			out := map[int64]pickItem{}
			for _, p := range people {
				out[p.ID] = personItem(p)
			}
			return out, err
		},
		ambiguous: "error.person_ambiguous", unknown: "error.person_unknown", hint: "picker.hint", choose: "picker.choose"}

	organisationKind = storeKind("/organisations/suggest", salkku.Register.SuggestOrganisations, salkku.Register.FindOrganisationByID, organisationItem,
		pickKeys{"error.organisation_ambiguous", "error.organisation_unknown", "picker.hint_organisation", "picker.choose_organisation"})
	portfolioKind = storeKind("/portfolios/suggest", salkku.Register.SuggestPortfolios, salkku.Register.FindPortfolioByID, portfolioItem,
		pickKeys{"error.portfolio_ambiguous", "error.portfolio_unknown", "picker.hint_portfolio", "picker.choose_portfolio"})
	projectKind = storeKind("/projects/suggest", salkku.Register.SuggestProjects, salkku.Register.FindProjectByID, projectItem,
		pickKeys{"error.project_ambiguous", "error.project_unknown", "picker.hint_project", "picker.choose_project"})
)

// pickKeys are a kind's catalogue keys, written out so that the catalogue
// test finds them: a name matching several, matching none, the field's
// hint and the label of the list to choose from.
type pickKeys struct{ ambiguous, unknown, hint, choose string }

// storeKind makes an unscoped kind of a store's suggest and find methods.
func storeKind[T any](path string, suggest func(salkku.Register, context.Context, string, int) ([]T, error),
	find func(salkku.Register, context.Context, int64) (T, error), item func(T) pickItem, keys pickKeys) *pickKind {
	return &pickKind{path: path,
		suggest: func(s *Server, ctx context.Context, q string, _ int64) ([]pickItem, error) {
			vs, err := suggest(s.Register, ctx, q, salkku.MaxSuggestions)
			return itemsOf(vs, item), err
		},
		one: func(s *Server, ctx context.Context, id int64) (pickItem, error) {
			v, err := find(s.Register, ctx, id)
			return itemOf(v, err, item)
		},
		ambiguous: keys.ambiguous, unknown: keys.unknown, hint: keys.hint, choose: keys.choose}
}

// personLabel is how a person is shown in a picker's list.
func personLabel(p *salkku.Person) string {
	label := p.Name
	if p.Title != "" {
		label += " (" + p.Title + ")"
	}
	if p.Email != "" {
		label += " <" + p.Email + ">"
	}
	return label
}

func personItem(p *salkku.Person) pickItem {
	return pickItem{ID: p.ID, Name: p.Name, Keys: []string{p.Email}, Label: personLabel(p)}
}

func organisationItem(o *salkku.Organisation) pickItem {
	label := o.Name
	if o.BusinessID != "" {
		label += " (" + o.BusinessID + ")"
	}
	return pickItem{ID: o.ID, Name: o.Name, Keys: []string{o.BusinessID}, Label: label}
}

// portfolioLabel names a portfolio with its organisation, as the parent
// select does.
func portfolioLabel(p *salkku.Portfolio) string { return p.OrganisationName + " / " + p.Name }

func portfolioItem(p *salkku.Portfolio) pickItem {
	return pickItem{ID: p.ID, Name: p.Name, Label: portfolioLabel(p)}
}

func projectItem(p *salkku.Project) pickItem {
	return pickItem{ID: p.ID, Name: p.Name, Keys: []string{p.Code}, Label: p.PortfolioName + " / " + p.Code + " " + p.Name}
}

func itemsOf[T any](vs []T, item func(T) pickItem) []pickItem {
	out := make([]pickItem, len(vs))
	for i, v := range vs {
		out[i] = item(v)
	}
	return out
}

func itemOf[T any](v T, err error, item func(T) pickItem) (pickItem, error) {
	if err != nil {
		return pickItem{}, err
	}
	return item(v), nil
}
