package web

import "net/http"

// routesUI registers the HTML pages and forms. Forms post to the page's own
// URL; deletes go through a confirmation page.
func (s *Server) routesUI() {
	m := s.mux
	m.HandleFunc("GET /{$}", s.handleHome)

	m.HandleFunc("GET /login", s.handleLogin)
	m.HandleFunc("POST /login", s.handleLogin)
	m.HandleFunc("POST /logout", s.handleLogout)
	m.HandleFunc("GET /login/sso", s.handleSSOStart)
	m.HandleFunc("GET /login/callback", s.handleSSOCallback)
	m.HandleFunc("GET /account", s.handleAccount)
	m.HandleFunc("POST /account", s.handleAccount)

	m.HandleFunc("GET /admin/users", s.handleAdminUsers)
	m.HandleFunc("GET /admin/users/new", s.handleAdminUser)
	m.HandleFunc("POST /admin/users/new", s.handleAdminUser)
	m.HandleFunc("GET /admin/users/{id}", s.handleAdminUser)
	m.HandleFunc("POST /admin/users/{id}", s.handleAdminUser)
	m.HandleFunc("GET /admin/settings", s.handleAdminSettings)
	m.HandleFunc("POST /admin/settings", s.handleAdminSettings)
	m.HandleFunc("GET /admin/audit", s.handleAudit)
	m.HandleFunc("GET /projects/{id}/history", s.handleAudit)

	m.HandleFunc("GET /portfolios/new", s.handlePortfolioNew)
	m.HandleFunc("POST /portfolios/new", s.handlePortfolioNew)
	m.HandleFunc("GET /portfolios/{id}", s.handlePortfolioView)
	m.HandleFunc("GET /portfolios/{id}/edit", s.handlePortfolioEdit)
	m.HandleFunc("POST /portfolios/{id}/edit", s.handlePortfolioEdit)
	m.HandleFunc("GET /portfolios/{id}/delete", s.handlePortfolioDelete)
	m.HandleFunc("POST /portfolios/{id}/delete", s.handlePortfolioDelete)

	m.HandleFunc("GET /portfolios/{id}/categories", s.handleCategoryList)
	m.HandleFunc("GET /portfolios/{id}/categories/new", s.handleCategoryNew)
	m.HandleFunc("POST /portfolios/{id}/categories/new", s.handleCategoryNew)
	m.HandleFunc("GET /categories/{id}/edit", s.handleCategoryEdit)
	m.HandleFunc("POST /categories/{id}/edit", s.handleCategoryEdit)
	m.HandleFunc("GET /categories/{id}/delete", s.handleCategoryDelete)
	m.HandleFunc("POST /categories/{id}/delete", s.handleCategoryDelete)

	m.HandleFunc("GET /portfolios/{id}/projects/new", s.handleProjectNew)
	m.HandleFunc("POST /portfolios/{id}/projects/new", s.handleProjectNew)
	m.HandleFunc("GET /projects/{id}", s.handleProjectView)
	m.HandleFunc("GET /projects/{id}/edit", s.handleProjectEdit)
	m.HandleFunc("POST /projects/{id}/edit", s.handleProjectEdit)
	m.HandleFunc("GET /projects/{id}/delete", s.handleProjectDelete)
	m.HandleFunc("POST /projects/{id}/delete", s.handleProjectDelete)

	m.HandleFunc("GET /projects/{id}/workpackages/new", s.handleWorkPackageNew)
	m.HandleFunc("POST /projects/{id}/workpackages/new", s.handleWorkPackageNew)
	m.HandleFunc("GET /workpackages/{id}/edit", s.handleWorkPackageEdit)
	m.HandleFunc("POST /workpackages/{id}/edit", s.handleWorkPackageEdit)
	m.HandleFunc("GET /workpackages/{id}/delete", s.handleWorkPackageDelete)
	m.HandleFunc("POST /workpackages/{id}/delete", s.handleWorkPackageDelete)

	m.HandleFunc("GET /people", s.handlePersonList)
	m.HandleFunc("GET /people/suggest", s.handlePeopleSuggest)
	m.HandleFunc("GET /people/new", s.handlePersonNew)
	m.HandleFunc("POST /people/new", s.handlePersonNew)
	m.HandleFunc("GET /people/{id}/edit", s.handlePersonEdit)
	m.HandleFunc("POST /people/{id}/edit", s.handlePersonEdit)
	m.HandleFunc("GET /people/{id}/delete", s.handlePersonDelete)
	m.HandleFunc("POST /people/{id}/delete", s.handlePersonDelete)

	m.HandleFunc("GET /organisations", s.handleOrganisationList)
	m.HandleFunc("GET /organisations/new", s.handleOrganisationNew)
	m.HandleFunc("POST /organisations/new", s.handleOrganisationNew)
	m.HandleFunc("GET /organisations/{id}/edit", s.handleOrganisationEdit)
	m.HandleFunc("POST /organisations/{id}/edit", s.handleOrganisationEdit)
	m.HandleFunc("GET /organisations/{id}/delete", s.handleOrganisationDelete)
	m.HandleFunc("POST /organisations/{id}/delete", s.handleOrganisationDelete)

	// Anything else is a 404 page in the user's language.
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.Error(w, r, errNotFound)
	})
}
