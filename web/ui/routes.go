package ui

import (
	"net/http"

	"github.com/salkku/salkku/web"
)

// Routes is the pages' part of the route table: the HTML pages and forms.
// Forms post to the page's own URL; deletes go through a confirmation page.
func Routes(ws *web.Server) []web.Route {
	s := &Server{ws}
	return []web.Route{
		{Pattern: "GET /{$}", Handler: s.handleHome},
		{Pattern: "GET /login", Handler: s.handleLogin},
		{Pattern: "POST /login", Handler: s.handleLogin},
		{Pattern: "POST /logout", Handler: s.handleLogout},
		{Pattern: "GET /login/sso", Handler: s.handleSSOStart},
		{Pattern: "GET /login/callback", Handler: s.handleSSOCallback},
		{Pattern: "GET /accessibility", Handler: s.handleStatement},
		{Pattern: "GET /accessibility/feedback", Handler: s.handleFeedback},
		{Pattern: "POST /accessibility/feedback", Handler: s.handleFeedback},
		{Pattern: "GET /accessibility/feedback/thanks", Handler: s.handleFeedbackThanks},
		{Pattern: "GET /admin/feedback", Handler: s.handleAdminFeedback},
		{Pattern: "POST /admin/feedback/{id}", Handler: s.handleAdminFeedbackHandled},
		{Pattern: "GET /account", Handler: s.handleAccount},
		{Pattern: "POST /account", Handler: s.handleAccount},
		{Pattern: "GET /admin/users", Handler: s.handleAdminUsers},
		{Pattern: "GET /admin/users/new", Handler: s.handleAdminUser},
		{Pattern: "POST /admin/users/new", Handler: s.handleAdminUser},
		{Pattern: "GET /admin/users/{id}", Handler: s.handleAdminUser},
		{Pattern: "POST /admin/users/{id}", Handler: s.handleAdminUser},
		{Pattern: "GET /admin/settings", Handler: s.handleAdminSettings},
		{Pattern: "POST /admin/settings", Handler: s.handleAdminSettings},
		{Pattern: "GET /admin/audit", Handler: s.handleAudit},
		{Pattern: "GET /projects/{id}/history", Handler: s.handleAudit},
		{Pattern: "GET /portfolios/new", Handler: s.handlePortfolioNew},
		{Pattern: "POST /portfolios/new", Handler: s.handlePortfolioNew},
		{Pattern: "GET /portfolios/suggest", Handler: s.suggestHandler(portfolioKind)},
		{Pattern: "GET /portfolios/{id}", Handler: s.handlePortfolioView},
		{Pattern: "GET /portfolios/{id}/edit", Handler: s.handlePortfolioEdit},
		{Pattern: "POST /portfolios/{id}/edit", Handler: s.handlePortfolioEdit},
		{Pattern: "GET /portfolios/{id}/delete", Handler: s.handlePortfolioDelete},
		{Pattern: "POST /portfolios/{id}/delete", Handler: s.handlePortfolioDelete},
		{Pattern: "GET /portfolios/{id}/categories", Handler: s.handleCategoryList},
		{Pattern: "GET /portfolios/{id}/categories/new", Handler: s.handleCategoryNew},
		{Pattern: "POST /portfolios/{id}/categories/new", Handler: s.handleCategoryNew},
		{Pattern: "GET /categories/{id}/edit", Handler: s.handleCategoryEdit},
		{Pattern: "POST /categories/{id}/edit", Handler: s.handleCategoryEdit},
		{Pattern: "GET /categories/{id}/delete", Handler: s.handleCategoryDelete},
		{Pattern: "POST /categories/{id}/delete", Handler: s.handleCategoryDelete},
		{Pattern: "GET /portfolios/{id}/projects/new", Handler: s.handleProjectNew},
		{Pattern: "POST /portfolios/{id}/projects/new", Handler: s.handleProjectNew},
		{Pattern: "GET /projects/suggest", Handler: s.suggestHandler(projectKind)},
		{Pattern: "GET /projects/{id}", Handler: s.handleProjectView},
		{Pattern: "GET /projects/{id}/edit", Handler: s.handleProjectEdit},
		{Pattern: "POST /projects/{id}/edit", Handler: s.handleProjectEdit},
		{Pattern: "GET /projects/{id}/delete", Handler: s.handleProjectDelete},
		{Pattern: "POST /projects/{id}/delete", Handler: s.handleProjectDelete},
		{Pattern: "GET /projects/{id}/workpackages/new", Handler: s.handleWorkPackageNew},
		{Pattern: "POST /projects/{id}/workpackages/new", Handler: s.handleWorkPackageNew},
		{Pattern: "GET /workpackages/{id}/edit", Handler: s.handleWorkPackageEdit},
		{Pattern: "POST /workpackages/{id}/edit", Handler: s.handleWorkPackageEdit},
		{Pattern: "GET /workpackages/{id}/delete", Handler: s.handleWorkPackageDelete},
		{Pattern: "POST /workpackages/{id}/delete", Handler: s.handleWorkPackageDelete},
		{Pattern: "GET /people", Handler: s.handlePersonList},
		{Pattern: "GET /people/suggest", Handler: s.suggestHandler(personKind)},
		{Pattern: "GET /people/new", Handler: s.handlePersonNew},
		{Pattern: "POST /people/new", Handler: s.handlePersonNew},
		{Pattern: "GET /people/{id}/edit", Handler: s.handlePersonEdit},
		{Pattern: "POST /people/{id}/edit", Handler: s.handlePersonEdit},
		{Pattern: "GET /people/{id}/delete", Handler: s.handlePersonDelete},
		{Pattern: "POST /people/{id}/delete", Handler: s.handlePersonDelete},
		{Pattern: "GET /organisations", Handler: s.handleOrganisationList},
		{Pattern: "GET /organisations/suggest", Handler: s.suggestHandler(organisationKind)},
		{Pattern: "GET /organisations/new", Handler: s.handleOrganisationNew},
		{Pattern: "POST /organisations/new", Handler: s.handleOrganisationNew},
		{Pattern: "GET /organisations/{id}/edit", Handler: s.handleOrganisationEdit},
		{Pattern: "POST /organisations/{id}/edit", Handler: s.handleOrganisationEdit},
		{Pattern: "GET /organisations/{id}/delete", Handler: s.handleOrganisationDelete},
		{Pattern: "POST /organisations/{id}/delete", Handler: s.handleOrganisationDelete},

		// Anything else is a 404 page in the user's language.
		{Pattern: "/", Handler: func(w http.ResponseWriter, r *http.Request) { s.Error(w, r, errNotFound) }},
	}
}
