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
			return itemsOf(salkku.LangFrom(ctx), people, personItem), err
		},
		one: func(s *Server, ctx context.Context, id int64) (pickItem, error) {
			p, err := s.Register.FindPersonByID(ctx, id)
			return itemOf(salkku.LangFrom(ctx), p, err, personItem)
		},
		// The store answers only the people the user may see.
		many: func(s *Server, r *http.Request, ids []int64) (map[int64]pickItem, error) {
			people, _, err := s.Register.FindPeople(r.Context(), salkku.PersonFilter{IDs: ids, Page: salkku.Page{Limit: salkku.MaxPageSize}})
			out := map[int64]pickItem{}
			for _, p := range people {
				out[p.ID] = personItem("", p)
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
	find func(salkku.Register, context.Context, int64) (T, error), item func(string, T) pickItem, keys pickKeys) *pickKind {
	return &pickKind{path: path,
		suggest: func(s *Server, ctx context.Context, q string, _ int64) ([]pickItem, error) {
			vs, err := suggest(s.Register, ctx, q, salkku.MaxSuggestions)
			return itemsOf(salkku.LangFrom(ctx), vs, item), err
		},
		one: func(s *Server, ctx context.Context, id int64) (pickItem, error) {
			v, err := find(s.Register, ctx, id)
			return itemOf(salkku.LangFrom(ctx), v, err, item)
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

func personItem(_ string, p *salkku.Person) pickItem {
	return pickItem{ID: p.ID, Name: p.Name, Keys: []string{p.Email}, Label: personLabel(p)}
}

// Items named by texts are named in the reader's language (lang); the
// other languages' names choose them too.

func organisationItem(lang string, o *salkku.Organisation) pickItem {
	name, _ := o.Name.In(lang)
	label := name
	if o.BusinessID != "" {
		label += " (" + o.BusinessID + ")"
	}
	return pickItem{ID: o.ID, Name: name, Keys: append([]string{o.BusinessID}, otherNames(o.Name, name)...), Label: label}
}

// portfolioLabel names a portfolio with its organisation, as the parent
// select does.
func portfolioLabel(lang string, p *salkku.Portfolio) string {
	org, _ := p.OrganisationName.In(lang)
	name, _ := p.Name.In(lang)
	return org + " / " + name
}

func portfolioItem(lang string, p *salkku.Portfolio) pickItem {
	name, _ := p.Name.In(lang)
	return pickItem{ID: p.ID, Name: name, Keys: otherNames(p.Name, name), Label: portfolioLabel(lang, p)}
}

func projectItem(lang string, p *salkku.Project) pickItem {
	name, _ := p.Name.In(lang)
	pf, _ := p.PortfolioName.In(lang)
	return pickItem{ID: p.ID, Name: name, Keys: append([]string{p.Code}, otherNames(p.Name, name)...), Label: pf + " / " + p.Code + " " + name}
}

// otherNames are a text's languages other than the one shown.
func otherNames(t salkku.Text, shown string) []string {
	var out []string
	for _, l := range t.Langs() {
		if v := t.Get(l); v != shown {
			out = append(out, v)
		}
	}
	return out
}

func itemsOf[T any](lang string, vs []T, item func(string, T) pickItem) []pickItem {
	out := make([]pickItem, len(vs))
	for i, v := range vs {
		out[i] = item(lang, v)
	}
	return out
}

func itemOf[T any](lang string, v T, err error, item func(string, T) pickItem) (pickItem, error) {
	if err != nil {
		return pickItem{}, err
	}
	return item(lang, v), nil
}
