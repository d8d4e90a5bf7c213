package sqldb_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/sqldb"
)

// TestMigrateFolds opens an SQLite file of the schema before 0003 whose
// rows already clash in case, as the races of PostgreSQL left them: the
// migration folds the Finnish names as Go does (SQLite's lower() would
// leave "ÄÄNEKOSKI" apart from "äänekoski"), keeps both clashing rows
// readable, and refuses the clash anew.
func TestMigrateFolds(t *testing.T) {
	ctx := salkku.System(t.Context())
	path := filepath.Join(t.TempDir(), "salkku.db")
	raw, err := sql.Open("sqlite", path)
	must(t, err)
	for _, name := range []string{"0001_register.sql", "0002_access.sql"} {
		body, err := os.ReadFile(filepath.Join("migrations", "sqlite", name))
		must(t, err)
		_, err = raw.Exec(string(body))
		must(t, err)
	}
	const now = "2025-03-01 08:00:00+00:00"
	for _, q := range []string{
		`CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`,
		`INSERT INTO schema_migrations VALUES ('0001_register.sql', '` + now + `'), ('0002_access.sql', '` + now + `')`,
		`INSERT INTO organisations (id, created_at, updated_at, name) VALUES (1, '` + now + `', '` + now + `', 'Äänekosken kaupunki'), (2, '` + now + `', '` + now + `', 'ÄÄNEKOSKEN KAUPUNKI')`,
		`INSERT INTO portfolios (id, created_at, updated_at, organisation_id, name) VALUES (1, '` + now + `', '` + now + `', 1, 'Tietohallinto')`,
		`INSERT INTO categories (id, created_at, updated_at, portfolio_id, name, position) VALUES (1, '` + now + `', '` + now + `', 1, 'Perusinfrä', 1)`,
		`INSERT INTO projects (id, created_at, updated_at, portfolio_id, code, code_sort, name, status) VALUES
			(1, '` + now + `', '` + now + `', 1, 'dup-case-ä', 'a', 'Yksi', 'proposed'),
			(2, '` + now + `', '` + now + `', 1, 'DUP-CASE-Ä', 'b', 'Kaksi', 'proposed')`,
		`INSERT INTO work_packages (id, created_at, updated_at, project_id, code, name, position) VALUES
			(1, '` + now + `', '` + now + `', 1, '', 'Ilman koodia', 1),
			(2, '` + now + `', '` + now + `', 1, '', 'Toinen ilman koodia', 2),
			(3, '` + now + `', '` + now + `', 1, 'öa1', 'Osa-alue', 3)`,
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

	t.Run("ClashesStayReadable", func(t *testing.T) {
		_, n, err := db.FindProjects(ctx, salkku.ProjectFilter{PortfolioID: ptr(1)})
		must(t, err)
		if n != 2 {
			t.Fatalf("got %d projects, want both of the clash", n)
		}
	})
	t.Run("FinnishFolded", func(t *testing.T) {
		err := db.CreateCategory(ctx, &salkku.Category{PortfolioID: 1, Name: salkku.T("PERUSINFRÄ")})
		wantErr(t, err, salkku.ECONFLICT, "name.fi")
		err = db.CreateWorkPackage(ctx, &salkku.WorkPackage{ProjectID: 1, Code: "ÖA1", Name: salkku.T("Kaksoiskappale")})
		wantErr(t, err, salkku.ECONFLICT, "code")
		err = db.CreateOrganisation(ctx, &salkku.Organisation{Name: salkku.T("äänekosken kaupunki")})
		wantErr(t, err, salkku.ECONFLICT, "name.fi")
	})
	t.Run("ClashRefusedOnSave", func(t *testing.T) {
		p, err := db.FindProjectByID(ctx, 2)
		must(t, err)
		p.Name = salkku.T("Kaksi, muokattu")
		wantErr(t, db.UpdateProject(ctx, p), salkku.ECONFLICT, "code")
		p.Code = "DUP-CASE-Ä-2"
		must(t, db.UpdateProject(ctx, p))
	})
	t.Run("NoCodeIsNoClash", func(t *testing.T) {
		must(t, db.CreateWorkPackage(ctx, &salkku.WorkPackage{ProjectID: 1, Name: salkku.T("Kolmas ilman koodia")}))
	})
}
