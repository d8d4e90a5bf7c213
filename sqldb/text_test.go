package sqldb_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/sqldb"
)

// bilingual makes an organisation that writes in Finnish and Swedish and
// requires both, with a portfolio.
func bilingual(t *testing.T, db *sqldb.DB) (*salkku.Organisation, *salkku.Portfolio) {
	t.Helper()
	ctx := salkku.System(t.Context())
	o := &salkku.Organisation{Name: salkku.Text{FI: "Raaseporin kaupunki", SV: "Raseborgs stad"},
		Languages: salkku.Languages{Used: []string{"sv", "fi"}, Required: []string{"sv", "fi"}}}
	must(t, db.CreateOrganisation(ctx, o))
	pf := &salkku.Portfolio{OrganisationID: o.ID, Name: salkku.Text{FI: "Digitalisaatio", SV: "Digitalisering"}}
	must(t, db.CreatePortfolio(ctx, pf))
	return o, pf
}

func TestTexts(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustWorld(t, engine)
		ctx := salkku.System(t.Context())
		org, pf := bilingual(t, w.db)

		t.Run("BothLanguagesKept", func(t *testing.T) {
			p := &salkku.Project{PortfolioID: pf.ID, Code: "1", Name: salkku.Text{FI: "Palomuuri", SV: "Brandvägg"},
				Description: salkku.Text{SV: "Brandväggar köps som tjänst."}}
			must(t, w.db.CreateProject(ctx, p))
			got, err := w.db.FindProjectByID(ctx, p.ID)
			must(t, err)
			if got.Name.FI != "Palomuuri" || got.Name.SV != "Brandvägg" || got.Description.SV != "Brandväggar köps som tjänst." || got.Description.FI != "" {
				t.Errorf("stored %+v / %+v", got.Name, got.Description)
			}
			// The organisation's primary language, for the reader whose
			// own is missing: Swedish here.
			if got.Name.Primary != "sv" || got.PortfolioName.SV != "Digitalisering" || got.PortfolioName.Primary != "sv" {
				t.Errorf("primary %q, portfolio %+v", got.Name.Primary, got.PortfolioName)
			}
			if s, l := got.Description.In("fi"); s != "Brandväggar köps som tjänst." || l != "sv" {
				t.Errorf("a Finnish reader gets %q in %s", s, l)
			}
		})
		t.Run("RequiredLanguage", func(t *testing.T) {
			before := countTexts(t, w.db)
			err := w.db.CreateProject(ctx, &salkku.Project{PortfolioID: pf.ID, Code: "2", Name: salkku.T("Vain suomeksi")})
			wantErr(t, err, salkku.EINVALID, "name.sv")
			if after := countTexts(t, w.db); after != before {
				t.Errorf("texts %d → %d after a refused write", before, after)
			}
		})
		t.Run("FinnishOnlyOrganisation", func(t *testing.T) {
			p := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "3", Name: salkku.T("Vain suomeksi")})
			if p.Name.FI != "Vain suomeksi" {
				t.Errorf("stored %+v", p.Name)
			}
			err := w.db.CreateProject(ctx, &salkku.Project{PortfolioID: w.pf.ID, Code: "4", Name: salkku.Text{FI: "Palomuuri", SV: "Brandvägg"}})
			wantErr(t, err, salkku.EINVALID, "name.sv")
			if e := err.(*salkku.Error); e.Fields["name.sv"] != "error.lang_unused" {
				t.Errorf("fields %v", e.Fields)
			}
		})
		t.Run("SearchEitherLanguage", func(t *testing.T) {
			for _, q := range []string{"brandvägg", "PALOMUURI"} {
				ps, n, err := w.db.FindProjects(ctx, salkku.ProjectFilter{PortfolioID: &pf.ID, Query: q})
				must(t, err)
				if n != 1 || ps[0].Code != "1" {
					t.Errorf("%q finds %d", q, n)
				}
			}
			pfs, err := w.db.SuggestPortfolios(ctx, "digitaliser", 10)
			must(t, err)
			if len(pfs) != 1 || pfs[0].ID != pf.ID {
				t.Errorf("portfolio by its Swedish name: %v", pfs)
			}
			orgs, err := w.db.SuggestOrganisations(ctx, "raseborg", 10)
			must(t, err)
			if len(orgs) != 1 || orgs[0].ID != org.ID || orgs[0].Name.SV != "Raseborgs stad" {
				t.Errorf("organisation by its Swedish name: %v", orgs)
			}
		})
		t.Run("SortInReadersLanguage", func(t *testing.T) {
			// Finnish: Aalto < Öljy; Swedish: Ask < Zebra < Åker.
			for _, p := range []salkku.Project{
				{Code: "s1", Name: salkku.Text{FI: "Öljy", SV: "Ask"}},
				{Code: "s2", Name: salkku.Text{FI: "Aalto", SV: "Åker"}},
				{Code: "s3", Name: salkku.Text{FI: "Kivi", SV: "Zebra"}},
			} {
				p.PortfolioID = pf.ID
				must(t, w.db.CreateProject(ctx, &p))
			}
			codes := func(lang string) []string {
				ps, _, err := w.db.FindProjects(salkku.WithLang(ctx, lang), salkku.ProjectFilter{PortfolioID: &pf.ID, Query: "s", Sort: "name"})
				must(t, err)
				var out []string
				for _, p := range ps {
					if p.Code[0] == 's' {
						out = append(out, p.Code)
					}
				}
				return out
			}
			if got, want := codes("fi"), []string{"s2", "s3", "s1"}; !slices.Equal(got, want) {
				t.Errorf("Finnish order %v, want %v", got, want)
			}
			if got, want := codes("sv"), []string{"s1", "s3", "s2"}; !slices.Equal(got, want) {
				t.Errorf("Swedish order %v, want %v", got, want)
			}
		})
		t.Run("CategoryNamesUniquePerLanguage", func(t *testing.T) {
			must(t, w.db.CreateCategory(ctx, &salkku.Category{PortfolioID: pf.ID, Name: salkku.Text{FI: "Perusinfra", SV: "Grundinfra"}}))
			err := w.db.CreateCategory(ctx, &salkku.Category{PortfolioID: pf.ID, Name: salkku.Text{FI: "Muu", SV: "GRUNDINFRA"}})
			wantErr(t, err, salkku.ECONFLICT, "name.sv")
			// Another portfolio may use it.
			other := &salkku.Portfolio{OrganisationID: org.ID, Name: salkku.Text{FI: "Toinen", SV: "Annan"}}
			must(t, w.db.CreatePortfolio(ctx, other))
			must(t, w.db.CreateCategory(ctx, &salkku.Category{PortfolioID: other.ID, Name: salkku.Text{FI: "Perusinfra", SV: "Grundinfra"}}))
		})
		t.Run("OrganisationsSortedInReadersLanguage", func(t *testing.T) {
			// Raseborgs stad / Raaseporin kaupunki and Naantalin kaupunki.
			names := func(lang string) []string {
				os, _, err := w.db.FindOrganisations(salkku.WithLang(ctx, lang), salkku.Page{})
				must(t, err)
				var out []string
				for _, o := range os {
					s, _ := o.Name.In(lang)
					out = append(out, s)
				}
				return out
			}
			if got, want := names("fi"), []string{"Naantalin kaupunki", "Raaseporin kaupunki"}; !slices.Equal(got, want) {
				t.Errorf("fi %v, want %v", got, want)
			}
			if got, want := names("sv"), []string{"Naantalin kaupunki", "Raseborgs stad"}; !slices.Equal(got, want) {
				t.Errorf("sv %v, want %v", got, want)
			}
		})
		t.Run("DeleteRemovesTexts", func(t *testing.T) {
			p := &salkku.Project{PortfolioID: pf.ID, Code: "del", Name: salkku.Text{FI: "Poistettava", SV: "Borttagen"}}
			must(t, w.db.CreateProject(ctx, p))
			wp := &salkku.WorkPackage{ProjectID: p.ID, Name: salkku.Text{FI: "Osa", SV: "Del"}}
			must(t, w.db.CreateWorkPackage(ctx, wp))
			before := countTexts(t, w.db)
			must(t, w.db.DeleteProject(ctx, p.ID))
			if after := countTexts(t, w.db); after != before-4 {
				t.Errorf("texts %d → %d, want the project's and its package's 4 gone", before, after)
			}
		})
	})
}

// countTexts counts the rows of the texts table, through the store's own
// connection string.
func countTexts(t *testing.T, db *sqldb.DB) int {
	t.Helper()
	n, err := db.CountRows(salkku.System(t.Context()), "texts")
	must(t, err)
	return n
}

// TestMigrateTexts opens an SQLite file of the schema before 0005 with
// names and descriptions in their own columns: the migration moves them
// into texts, in Finnish, and they read as before.
func TestMigrateTexts(t *testing.T) {
	ctx := salkku.System(t.Context())
	path := filepath.Join(t.TempDir(), "salkku.db")
	raw, err := sql.Open("sqlite", path)
	must(t, err)
	names := []string{"0001_register.sql", "0002_access.sql", "0003_unique_fold.sql", "0004_user_person.sql"}
	for _, name := range names {
		body, err := os.ReadFile(filepath.Join("migrations", "sqlite", name))
		must(t, err)
		_, err = raw.Exec(string(body))
		must(t, err)
	}
	const now = "2025-03-01 08:00:00+00:00"
	for _, q := range []string{
		`CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`,
		`INSERT INTO schema_migrations VALUES ('0001_register.sql', '` + now + `'), ('0002_access.sql', '` + now + `'),
			('0003_unique_fold.sql', '` + now + `'), ('0004_user_person.sql', '` + now + `')`,
		`INSERT INTO organisations (id, created_at, updated_at, name, name_fold) VALUES (1, '` + now + `', '` + now + `', 'Äänekosken kaupunki', 'äänekosken kaupunki')`,
		`INSERT INTO portfolios (id, created_at, updated_at, organisation_id, name, description) VALUES (1, '` + now + `', '` + now + `', 1, 'Tietohallinto', 'Kuvaus')`,
		`INSERT INTO categories (id, created_at, updated_at, portfolio_id, name, name_fold, description, position) VALUES (1, '` + now + `', '` + now + `', 1, 'Perusinfrä', 'perusinfrä', '', 1)`,
		`INSERT INTO projects (id, created_at, updated_at, portfolio_id, code, code_fold, code_sort, name, description, status) VALUES
			(1, '` + now + `', '` + now + `', 1, '2.1', '2.1', 'a', 'Palomuuri', 'Palomuurit ostetaan palveluina.', 'proposed')`,
		`INSERT INTO work_packages (id, created_at, updated_at, project_id, code, name, description, position) VALUES
			(1, '` + now + `', '` + now + `', 1, '', 'Osa-alue', 'Osan kuvaus', 1)`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	must(t, raw.Close())

	db, err := sqldb.Open(ctx, sqldb.Config{Path: path})
	if err != nil {
		t.Fatalf("migrate: %v", err)
	}
	defer db.Close()
	p, err := db.FindProjectByID(ctx, 1)
	must(t, err)
	if p.Name.FI != "Palomuuri" || p.Description.FI != "Palomuurit ostetaan palveluina." || p.PortfolioName.FI != "Tietohallinto" ||
		p.CategoryName.FI != "" || p.Name.Primary != "fi" {
		t.Errorf("project after migration: %+v / %+v / %+v", p.Name, p.Description, p.PortfolioName)
	}
	pf, err := db.FindPortfolioByID(ctx, 1)
	must(t, err)
	if pf.Description.FI != "Kuvaus" || pf.OrganisationName.FI != "Äänekosken kaupunki" {
		t.Errorf("portfolio after migration: %+v %+v", pf.Description, pf.OrganisationName)
	}
	wps, err := db.FindWorkPackages(ctx, 1)
	must(t, err)
	if len(wps) != 1 || wps[0].Description.FI != "Osan kuvaus" {
		t.Errorf("work packages after migration: %v", wps)
	}
	// The moved category name is unique in its language as before.
	err = db.CreateCategory(ctx, &salkku.Category{PortfolioID: 1, Name: salkku.T("PERUSINFRÄ")})
	wantErr(t, err, salkku.ECONFLICT, "name.fi")
}

// TestPrimaryLanguageChange: when an organisation's primary language
// changes, its records' names in their own tables (what the audit log and
// suggestions order by) follow, where the new language has a text.
func TestPrimaryLanguageChange(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustWorld(t, engine)
		ctx := salkku.System(t.Context())
		org, pf := bilingual(t, w.db) // Swedish primary
		p := &salkku.Project{PortfolioID: pf.ID, Code: "1", Name: salkku.Text{FI: "Palomuuri", SV: "Brandvägg"}}
		must(t, w.db.CreateProject(ctx, p))
		org, err := w.db.FindOrganisationByID(ctx, org.ID)
		must(t, err)
		org.Languages.Used = []string{"fi", "sv"}
		must(t, w.db.UpdateOrganisation(ctx, org))
		var name string
		must(t, sqldb.SQLDB(w.db).QueryRowContext(t.Context(), rebindTest(w.db, `SELECT name FROM projects WHERE id = ?`), p.ID).Scan(&name))
		if name != "Palomuuri" {
			t.Errorf("project's name column %q after the primary became Finnish", name)
		}
		got, err := w.db.FindProjectByID(ctx, p.ID)
		must(t, err)
		if got.Name.Primary != "fi" {
			t.Errorf("primary %q", got.Name.Primary)
		}
	})
}

func rebindTest(db *sqldb.DB, q string) string {
	if db.Dialect() == "postgres" {
		return strings.Replace(q, "?", "$1", 1)
	}
	return q
}
