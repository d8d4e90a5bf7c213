package sqldb_test

import (
	"fmt"
	"sync"
	"testing"
	"unicode"

	"github.com/salkku/salkku"
)

// racers is how many requests each race runs at once, as the issue tried.
const racers = 16

// race runs fn(i) for i in 0..n-1 at the same moment and returns the errors.
func race(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	var start, done sync.WaitGroup
	start.Add(1)
	for i := range n {
		done.Add(1)
		go func() {
			defer done.Done()
			start.Wait()
			errs[i] = fn(i)
		}()
	}
	start.Done()
	done.Wait()
	return errs
}

// wantOneWinner checks that exactly one racer succeeded and every other
// got a conflict naming the field.
func wantOneWinner(t *testing.T, errs []error, field string) {
	t.Helper()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
			continue
		}
		wantErr(t, err, salkku.ECONFLICT, field)
	}
	if ok != 1 {
		t.Fatalf("%d of %d racers succeeded, want exactly 1", ok, len(errs))
	}
}

// caseVariant spells s in upper and lower case by the bits of i, so that
// each of 16 racers writes its own spelling of one value ("DUP-case-Ä").
func caseVariant(s string, i int) string {
	r := []rune(s)
	for k := range r {
		if i&(1<<(k%4)) != 0 {
			r[k] = unicode.ToUpper(r[k])
		}
	}
	return string(r)
}

// TestUniqueRace creates case variants of one value at once: on every
// engine exactly one is stored and the others get the field's conflict.
func TestUniqueRace(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustWorld(t, engine)
		ctx := salkku.System(t.Context())
		t.Run("ProjectCode", func(t *testing.T) {
			errs := race(racers, func(i int) error {
				return w.db.CreateProject(ctx, &salkku.Project{PortfolioID: w.pf.ID, Code: caseVariant("dup-case-ä", i), Name: salkku.T("Kaksoiskappale")})
			})
			wantOneWinner(t, errs, "code")
			if n := countProjects(t, w.db, w.pf); n != 1 {
				t.Fatalf("got %d projects, want 1", n)
			}
		})
		t.Run("CategoryName", func(t *testing.T) {
			errs := race(racers, func(i int) error {
				return w.db.CreateCategory(ctx, &salkku.Category{PortfolioID: w.pf.ID, Name: salkku.T(caseVariant("perusinfrä", i))})
			})
			wantOneWinner(t, errs, "name.fi")
			cats, err := w.db.FindCategories(ctx, w.pf.ID)
			must(t, err)
			if len(cats) != 1 {
				t.Fatalf("got %d categories, want 1", len(cats))
			}
		})
		t.Run("OrganisationName", func(t *testing.T) {
			errs := race(racers, func(i int) error {
				return w.db.CreateOrganisation(ctx, &salkku.Organisation{Name: salkku.T(caseVariant("turun ylioppilaskylä", i))})
			})
			wantOneWinner(t, errs, "name.fi")
			_, n, err := w.db.FindOrganisations(ctx, salkku.Page{})
			must(t, err)
			if n != 2 { // the world's own and the winner
				t.Fatalf("got %d organisations, want 2", n)
			}
		})
		t.Run("WorkPackageCode", func(t *testing.T) {
			p := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "WP-RACE"})
			errs := race(racers, func(i int) error {
				return w.db.CreateWorkPackage(ctx, &salkku.WorkPackage{ProjectID: p.ID, Code: caseVariant("oa-ö", i), Name: salkku.T("Osa-alue")})
			})
			wantOneWinner(t, errs, "code")
			wps, err := w.db.FindWorkPackages(ctx, p.ID)
			must(t, err)
			if len(wps) != 1 {
				t.Fatalf("got %d work packages, want 1", len(wps))
			}
		})
	})
}

// TestTreeMoveRace makes two portfolios, and two work packages, each
// other's parent at the same moment, many times over: at most one move of
// each pair succeeds and no cycle is ever stored.
func TestTreeMoveRace(t *testing.T) {
	const rounds = 8
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustWorld(t, engine)
		ctx := salkku.System(t.Context())
		t.Run("Portfolio", func(t *testing.T) {
			for round := range rounds {
				a := mustCreatePortfolio(t, w.db, w.org, nil, fmt.Sprintf("A%d", round))
				b := mustCreatePortfolio(t, w.db, w.org, nil, fmt.Sprintf("B%d", round))
				pair := [2]*salkku.Portfolio{a, b}
				errs := race(2, func(i int) error {
					p := *pair[i]
					p.ParentID = ptr(pair[1-i].ID)
					return w.db.UpdatePortfolio(ctx, &p)
				})
				wantAtMostOne(t, errs)
				a2, err := w.db.FindPortfolioByID(ctx, a.ID)
				must(t, err)
				b2, err := w.db.FindPortfolioByID(ctx, b.ID)
				must(t, err)
				if a2.ParentID != nil && b2.ParentID != nil {
					t.Fatalf("round %d: a cycle was stored: %d under %d and %d under %d", round, a.ID, *a2.ParentID, b.ID, *b2.ParentID)
				}
			}
		})
		t.Run("WorkPackage", func(t *testing.T) {
			p := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "TREE-RACE"})
			for round := range rounds {
				a := mustCreateWorkPackage(t, w.db, p, nil, fmt.Sprintf("A%d", round))
				b := mustCreateWorkPackage(t, w.db, p, nil, fmt.Sprintf("B%d", round))
				pair := [2]*salkku.WorkPackage{a, b}
				errs := race(2, func(i int) error {
					wp := *pair[i]
					wp.ParentID = ptr(pair[1-i].ID)
					return w.db.UpdateWorkPackage(ctx, &wp)
				})
				wantAtMostOne(t, errs)
				a2, err := w.db.FindWorkPackageByID(ctx, a.ID)
				must(t, err)
				b2, err := w.db.FindWorkPackageByID(ctx, b.ID)
				must(t, err)
				if a2.ParentID != nil && b2.ParentID != nil {
					t.Fatalf("round %d: a cycle was stored: %d under %d and %d under %d", round, a.ID, *a2.ParentID, b.ID, *b2.ParentID)
				}
			}
		})
	})
}

// wantAtMostOne checks that no more than one racer succeeded and that the
// others were refused with a domain error, not an internal one.
func wantAtMostOne(t *testing.T, errs []error) {
	t.Helper()
	ok := 0
	for _, err := range errs {
		switch salkku.ErrorCode(err) {
		case "":
			ok++
		case salkku.EINVALID, salkku.ECONFLICT:
		default:
			t.Fatalf("got %v, want success or a refusal", err)
		}
	}
	if ok > 1 {
		t.Fatalf("%d racers succeeded, want at most 1", ok)
	}
}
