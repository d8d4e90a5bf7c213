package sqldb_test

import (
	"errors"
	"strconv"
	"testing"

	"github.com/salkku/salkku"
)

func TestCategory(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		t.Run("CreateFind", func(t *testing.T) {
			w := mustWorld(t, engine)
			c := &salkku.Category{PortfolioID: w.pf.ID, Name: salkku.T(" Perusinfrastruktuurihankkeet "),
				Description: salkku.T("Perinteistä tietotekniikkapalveluiden hyödyntämistä korostavat hankkeet.")}
			if err := w.db.CreateCategory(salkku.System(t.Context()), c); err != nil {
				t.Fatal(err)
			}
			if c.ID == 0 || c.Version != 1 || c.Position != 1 || c.Chapter != 1 || c.Name.FI != "Perusinfrastruktuurihankkeet" {
				t.Fatalf("created %+v, want an id, version 1, position 1, chapter 1 and the name trimmed", c)
			}
			got, err := w.db.FindCategoryByID(salkku.System(t.Context()), c.ID)
			if err != nil {
				t.Fatal(err)
			}
			wantEqual(t, got, c)
		})

		t.Run("PositionAppends", func(t *testing.T) {
			w := mustWorld(t, engine)
			other := mustCreatePortfolio(t, w.db, w.org, nil, "Toinen salkku")
			mustCreateCategory(t, w.db, other, "Toisen salkun kategoria")
			explicit := &salkku.Category{PortfolioID: w.pf.ID, Name: salkku.T("Sivistyspalvelut"), Position: 7}
			if err := w.db.CreateCategory(salkku.System(t.Context()), explicit); err != nil {
				t.Fatal(err)
			}
			next := mustCreateCategory(t, w.db, w.pf, "Tekniset palvelut")
			if got, want := [2]int{explicit.Position, next.Position}, [2]int{7, 8}; got != want {
				t.Errorf("positions = %v, want %v", got, want)
			}
		})

		t.Run("Chapters", func(t *testing.T) {
			// Seed 000 numbers its chapters 2–7; a category without a
			// number takes the one after the last, whatever the order.
			w := mustWorld(t, engine)
			other := mustCreatePortfolio(t, w.db, w.org, nil, "Toinen salkku")
			elsewhere := &salkku.Category{PortfolioID: other.ID, Name: salkku.T("Muualla"), Chapter: 9}
			if err := w.db.CreateCategory(salkku.System(t.Context()), elsewhere); err != nil {
				t.Fatal(err)
			}
			infra := &salkku.Category{PortfolioID: w.pf.ID, Name: salkku.T("Perusinfrastruktuurihankkeet"), Chapter: 2}
			if err := w.db.CreateCategory(salkku.System(t.Context()), infra); err != nil {
				t.Fatal(err)
			}
			next := mustCreateCategory(t, w.db, w.pf, "Tietohallinnon johtamisen työkalut – kehitys")
			if got, want := [2]int{infra.Chapter, next.Chapter}, [2]int{2, 3}; got != want {
				t.Errorf("chapters = %v, want %v", got, want)
			}
			got, err := w.db.FindCategoryByID(salkku.System(t.Context()), infra.ID)
			if err != nil {
				t.Fatal(err)
			}
			wantEqual(t, got, infra)

			// Renumbered, and kept when the update leaves it 0.
			infra.Chapter = 7
			if err := w.db.UpdateCategory(salkku.System(t.Context()), infra); err != nil {
				t.Fatal(err)
			}
			infra.Chapter = 0
			infra.Name = salkku.T("Perusinfra")
			if err := w.db.UpdateCategory(salkku.System(t.Context()), infra); err != nil {
				t.Fatal(err)
			}
			got, _ = w.db.FindCategoryByID(salkku.System(t.Context()), infra.ID)
			if got.Chapter != 7 {
				t.Errorf("chapter = %d after an update without one, want 7", got.Chapter)
			}
			// 2 is free again; 9 is another portfolio's.
			for _, n := range []int{2, 9} {
				c := &salkku.Category{PortfolioID: w.pf.ID, Name: salkku.T("Luku " + strconv.Itoa(n)), Chapter: n}
				if err := w.db.CreateCategory(salkku.System(t.Context()), c); err != nil {
					t.Fatalf("chapter %d: %v", n, err)
				}
			}
		})

		t.Run("ErrChapterTaken", func(t *testing.T) {
			w := mustWorld(t, engine)
			infra := &salkku.Category{PortfolioID: w.pf.ID, Name: salkku.T("Perusinfrastruktuurihankkeet"), Chapter: 2}
			if err := w.db.CreateCategory(salkku.System(t.Context()), infra); err != nil {
				t.Fatal(err)
			}
			dup := &salkku.Category{PortfolioID: w.pf.ID, Name: salkku.T("Johtaminen"), Chapter: 2}
			err := w.db.CreateCategory(salkku.System(t.Context()), dup)
			wantErr(t, err, salkku.ECONFLICT, "chapter")
			if got := fieldsOf(err)["chapter"]; got != "error.duplicate_chapter_field" {
				t.Errorf("chapter: %q, want error.duplicate_chapter_field", got)
			}
			// With the name also taken, one answer names both.
			both := &salkku.Category{PortfolioID: w.pf.ID, Name: salkku.T("Perusinfrastruktuurihankkeet"), Chapter: 2}
			err = w.db.CreateCategory(salkku.System(t.Context()), both)
			wantErr(t, err, salkku.EINVALID, "chapter")
			if f := fieldsOf(err); f["name.fi"] == "" {
				t.Errorf("fields %v, want name.fi too", f)
			}

			johto := mustCreateCategory(t, w.db, w.pf, "Johtaminen")
			before := *johto
			johto.Chapter = 2
			wantErr(t, w.db.UpdateCategory(salkku.System(t.Context()), johto), salkku.ECONFLICT, "chapter")
			got, _ := w.db.FindCategoryByID(salkku.System(t.Context()), johto.ID)
			wantEqual(t, got, &before)
			if cs, _ := w.db.FindCategories(salkku.System(t.Context()), w.pf.ID); len(cs) != 2 {
				t.Errorf("%d categories after refused writes, want 2", len(cs))
			}
		})

		t.Run("ErrChapterNotPositive", func(t *testing.T) {
			w := mustWorld(t, engine)
			c := &salkku.Category{PortfolioID: w.pf.ID, Name: salkku.T("Perusinfrastruktuurihankkeet"), Chapter: -2}
			wantErr(t, w.db.CreateCategory(salkku.System(t.Context()), c), salkku.EINVALID, "chapter")
		})

		t.Run("Update", func(t *testing.T) {
			w := mustWorld(t, engine)
			c := mustCreateCategory(t, w.db, w.pf, "Perusinfra")
			mustCreateProject(t, w.db, w.pf, &salkku.Project{CategoryID: ptr(c.ID)})
			created := *c
			c.Name, c.Description, c.Position = salkku.T("Perusinfrastruktuurihankkeet"), salkku.T("Kuvaus"), 3
			if err := w.db.UpdateCategory(salkku.System(t.Context()), c); err != nil {
				t.Fatal(err)
			}
			if c.Version != 2 || !c.CreatedAt.Equal(created.CreatedAt) || !c.UpdatedAt.After(created.UpdatedAt) || c.ProjectCount != 1 {
				t.Fatalf("updated %+v, created %+v", c, created)
			}
			got, err := w.db.FindCategoryByID(salkku.System(t.Context()), c.ID)
			if err != nil {
				t.Fatal(err)
			}
			wantEqual(t, got, c)

			c.Position = 0 // keeps the position
			if err := w.db.UpdateCategory(salkku.System(t.Context()), c); err != nil {
				t.Fatal(err)
			}
			got, _ = w.db.FindCategoryByID(salkku.System(t.Context()), c.ID)
			if got.Position != 3 {
				t.Errorf("position = %d, want 3", got.Position)
			}
			wantEqual(t, got, c)
		})

		t.Run("ErrMoveToOtherPortfolio", func(t *testing.T) {
			w := mustWorld(t, engine)
			other := mustCreatePortfolio(t, w.db, w.org, nil, "Toinen salkku")
			c := mustCreateCategory(t, w.db, w.pf, "Perusinfra")
			before := *c
			c.PortfolioID = other.ID
			wantErr(t, w.db.UpdateCategory(salkku.System(t.Context()), c), salkku.EINVALID, "portfolio_id")
			got, _ := w.db.FindCategoryByID(salkku.System(t.Context()), c.ID)
			wantEqual(t, got, &before)
		})

		t.Run("ErrStale", func(t *testing.T) {
			w := mustWorld(t, engine)
			c := mustCreateCategory(t, w.db, w.pf, "Perusinfra")
			stale := *c
			c.Name = salkku.T("Perusinfrastruktuurihankkeet")
			if err := w.db.UpdateCategory(salkku.System(t.Context()), c); err != nil {
				t.Fatal(err)
			}
			stale.Name = salkku.T("Muu")
			wantErr(t, w.db.UpdateCategory(salkku.System(t.Context()), &stale), salkku.ECONFLICT, "")
			got, _ := w.db.FindCategoryByID(salkku.System(t.Context()), c.ID)
			wantEqual(t, got, c)
		})

		t.Run("ErrNotFound", func(t *testing.T) {
			w := mustWorld(t, engine)
			_, err := w.db.FindCategoryByID(salkku.System(t.Context()), 999)
			wantErr(t, err, salkku.ENOTFOUND, "")
			missing := &salkku.Category{Meta: salkku.Meta{ID: 999, Version: 1}, PortfolioID: w.pf.ID, Name: salkku.T("X")}
			wantErr(t, w.db.UpdateCategory(salkku.System(t.Context()), missing), salkku.ENOTFOUND, "")
			wantErr(t, w.db.DeleteCategory(salkku.System(t.Context()), 999), salkku.ENOTFOUND, "")
		})

		t.Run("ErrPortfolioMissing", func(t *testing.T) {
			db := mustOpen(t, engine)
			c := &salkku.Category{PortfolioID: 999, Name: salkku.T("Perusinfra")}
			wantErr(t, db.CreateCategory(salkku.System(t.Context()), c), salkku.EINVALID, "portfolio_id")
		})

		t.Run("Delete", func(t *testing.T) {
			w := mustWorld(t, engine)
			c := mustCreateCategory(t, w.db, w.pf, "Perusinfra")
			if err := w.db.DeleteCategory(salkku.System(t.Context()), c.ID); err != nil {
				t.Fatal(err)
			}
			_, err := w.db.FindCategoryByID(salkku.System(t.Context()), c.ID)
			wantErr(t, err, salkku.ENOTFOUND, "")
		})

		t.Run("ErrDeleteWithProjects", func(t *testing.T) {
			w := mustWorld(t, engine)
			c := mustCreateCategory(t, w.db, w.pf, "Perusinfra")
			mustCreateProject(t, w.db, w.pf, &salkku.Project{CategoryID: ptr(c.ID)})
			wantErr(t, w.db.DeleteCategory(salkku.System(t.Context()), c.ID), salkku.ECONFLICT, "")
			got, err := w.db.FindCategoryByID(salkku.System(t.Context()), c.ID)
			if err != nil {
				t.Fatalf("category gone after refused delete: %v", err)
			}
			if got.ProjectCount != 1 {
				t.Errorf("project count = %d, want 1", got.ProjectCount)
			}
		})

		t.Run("FindCategories", func(t *testing.T) {
			w := mustWorld(t, engine)
			other := mustCreatePortfolio(t, w.db, w.org, nil, "Toinen salkku")
			mustCreateCategory(t, w.db, other, "Toisen salkun kategoria")
			create := func(name string, position int) *salkku.Category {
				c := &salkku.Category{PortfolioID: w.pf.ID, Name: salkku.T(name), Position: position}
				if err := w.db.CreateCategory(salkku.System(t.Context()), c); err != nil {
					t.Fatal(err)
				}
				return c
			}
			kaupunki := create("Koko kaupunkia koskevat kehityshankkeet", 3)
			perusinfra := create("Perusinfrastruktuurihankkeet", 1)
			johtaminen := create("Tietohallintojohtamisen työkalut", 2)
			mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "2.1", CategoryID: ptr(perusinfra.ID)})
			mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "2.2", CategoryID: ptr(perusinfra.ID)})
			perusinfra.ProjectCount = 2

			got, err := w.db.FindCategories(salkku.System(t.Context()), w.pf.ID)
			if err != nil {
				t.Fatal(err)
			}
			wantEqual(t, got, []*salkku.Category{perusinfra, johtaminen, kaupunki})

			got, err = w.db.FindCategories(salkku.System(t.Context()), 999)
			if err != nil || got == nil || len(got) != 0 {
				t.Errorf("categories of a missing portfolio: got %v, %v; want [] and no error", got, err)
			}
		})
	})
}

// fieldsOf is the field errors of err, nil when it has none.
func fieldsOf(err error) map[string]string {
	var e *salkku.Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}
