package sqldb_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/salkku/salkku"
)

// lifecycle creates a record named "Ensimmäinen", renames it "Toinen",
// deletes it and returns its id and project id (nil outside projects).
type lifecycle func(ctx context.Context, t *testing.T, w *world) (id int64, projectID *int64)

func TestAudit(t *testing.T) {
	cases := []struct {
		entity string
		run    lifecycle
	}{
		{"organisation", func(ctx context.Context, t *testing.T, w *world) (int64, *int64) {
			o := &salkku.Organisation{Name: salkku.T("Ensimmäinen")}
			must(t, w.db.CreateOrganisation(ctx, o))
			o.Name = salkku.T("Toinen")
			must(t, w.db.UpdateOrganisation(ctx, o))
			must(t, w.db.DeleteOrganisation(ctx, o.ID))
			return o.ID, nil
		}},
		{"person", func(ctx context.Context, t *testing.T, w *world) (int64, *int64) {
			p := &salkku.Person{Name: "Ensimmäinen"}
			must(t, w.db.CreatePerson(ctx, p))
			p.Name = "Toinen"
			must(t, w.db.UpdatePerson(ctx, p))
			must(t, w.db.DeletePerson(ctx, p.ID))
			return p.ID, nil
		}},
		{"portfolio", func(ctx context.Context, t *testing.T, w *world) (int64, *int64) {
			p := &salkku.Portfolio{OrganisationID: w.org.ID, Name: salkku.T("Ensimmäinen")}
			must(t, w.db.CreatePortfolio(ctx, p))
			p.Name = salkku.T("Toinen")
			must(t, w.db.UpdatePortfolio(ctx, p))
			must(t, w.db.DeletePortfolio(ctx, p.ID))
			return p.ID, nil
		}},
		{"category", func(ctx context.Context, t *testing.T, w *world) (int64, *int64) {
			c := &salkku.Category{PortfolioID: w.pf.ID, Name: salkku.T("Ensimmäinen")}
			must(t, w.db.CreateCategory(ctx, c))
			c.Name = salkku.T("Toinen")
			must(t, w.db.UpdateCategory(ctx, c))
			must(t, w.db.DeleteCategory(ctx, c.ID))
			return c.ID, nil
		}},
		{"project", func(ctx context.Context, t *testing.T, w *world) (int64, *int64) {
			p := &salkku.Project{PortfolioID: w.pf.ID, Code: "2.1", Name: salkku.T("Ensimmäinen")}
			must(t, w.db.CreateProject(ctx, p))
			p.Name = salkku.T("Toinen")
			must(t, w.db.UpdateProject(ctx, p))
			must(t, w.db.DeleteProject(ctx, p.ID))
			return p.ID, ptr(p.ID)
		}},
		{"work_package", func(ctx context.Context, t *testing.T, w *world) (int64, *int64) {
			p := mustCreateProject(t, w.db, w.pf, &salkku.Project{})
			wp := &salkku.WorkPackage{ProjectID: p.ID, Name: salkku.T("Ensimmäinen")}
			must(t, w.db.CreateWorkPackage(ctx, wp))
			wp.Name = salkku.T("Toinen")
			must(t, w.db.UpdateWorkPackage(ctx, wp))
			must(t, w.db.DeleteWorkPackage(ctx, wp.ID))
			return wp.ID, ptr(p.ID)
		}},
	}
	eachEngine(t, func(t *testing.T, engine string) {
		for _, tc := range cases {
			t.Run(tc.entity, func(t *testing.T) {
				w := mustWorld(t, engine)
				ctx := salkku.WithActor(salkku.System(t.Context()), salkku.Actor{Name: "Kristiina Taskinen"})
				id, projectID := tc.run(ctx, t, w)

				got, n, err := w.db.FindAudit(salkku.System(t.Context()), salkku.AuditFilter{Count: true, Entity: tc.entity, EntityID: ptr(id)})
				if err != nil {
					t.Fatal(err)
				}
				if n != 3 || len(got) != 3 {
					t.Fatalf("got %d entries (total %d), want 3: %s", len(got), n, dump(got))
				}
				// Newest first: delete, update, create.
				want := []struct {
					action        string
					before, after string // the name in the JSON, "" for none
				}{
					{"delete", "Toinen", ""},
					{"update", "Ensimmäinen", "Toinen"},
					{"create", "", "Ensimmäinen"},
				}
				for i, e := range got {
					if e.Action != want[i].action || e.Entity != tc.entity || e.EntityID != id {
						t.Errorf("entry %d: %s %s %d, want %s %s %d", i, e.Action, e.Entity, e.EntityID, want[i].action, tc.entity, id)
					}
					if e.ActorName != "Kristiina Taskinen" || e.ActorID != nil {
						t.Errorf("entry %d: actor %v %q, want the context's", i, e.ActorID, e.ActorName)
					}
					wantEqual(t, e.ProjectID, projectID)
					wantEqual(t, recordName(t, e.Before, id), want[i].before)
					wantEqual(t, recordName(t, e.After, id), want[i].after)
				}
				if !got[1].At.After(got[2].At) {
					t.Errorf("update at %v, not after create at %v", got[1].At, got[2].At)
				}
			})
		}

		t.Run("TimeIsTheRecords", func(t *testing.T) {
			w := mustWorld(t, engine)
			got, _, err := w.db.FindAudit(salkku.System(t.Context()), salkku.AuditFilter{Entity: "portfolio", EntityID: ptr(w.pf.ID)})
			if err != nil || len(got) != 1 {
				t.Fatalf("got %v, %v", got, err)
			}
			wantEqual(t, got[0].At, w.pf.CreatedAt)
		})

		t.Run("NoEntryForRefusedChange", func(t *testing.T) {
			w := mustWorld(t, engine)
			p := mustCreateProject(t, w.db, w.pf, &salkku.Project{})
			stale := *p
			p.Name = salkku.T("Palomuuripalvelu")
			must(t, w.db.UpdateProject(salkku.System(t.Context()), p))
			stale.Name = salkku.T("Vanha")
			wantErr(t, w.db.UpdateProject(salkku.System(t.Context()), &stale), salkku.ECONFLICT, "")
			dup := &salkku.Project{PortfolioID: w.pf.ID, Code: p.Code, Name: salkku.T("Kaksoiskappale")}
			wantErr(t, w.db.CreateProject(salkku.System(t.Context()), dup), salkku.ECONFLICT, "code")
			wantErr(t, w.db.DeletePerson(salkku.System(t.Context()), 999), salkku.ENOTFOUND, "")

			_, n, err := w.db.FindAudit(salkku.System(t.Context()), salkku.AuditFilter{Count: true, Entity: "project"})
			if err != nil {
				t.Fatal(err)
			}
			if n != 2 {
				t.Errorf("%d project entries, want 2 (create and one update)", n)
			}
		})
	})
}

// recordName returns the "name" of the audited record in a JSON snapshot,
// checking its id; "" for no snapshot.
func recordName(t *testing.T, snapshot string, id int64) string {
	t.Helper()
	if snapshot == "" {
		return ""
	}
	var rec struct {
		ID   int64           `json:"id"`
		Name json.RawMessage `json:"name"`
	}
	if err := json.Unmarshal([]byte(snapshot), &rec); err != nil {
		t.Fatalf("snapshot %s: %v", snapshot, err)
	}
	if rec.ID != id {
		t.Errorf("snapshot of id %d, want %d: %s", rec.ID, id, snapshot)
	}
	// A person's name is a string; a text's is an object by language.
	var name string
	if json.Unmarshal(rec.Name, &name) != nil {
		var text salkku.Text
		json.Unmarshal(rec.Name, &text)
		name = text.FI
	}
	if name == "" {
		t.Errorf("snapshot without a name: %s", snapshot)
	}
	return name
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// TestAuditKeyset: pages go by entry id, newest first, without OFFSET or
// COUNT: Before gives the next page, After the one before it, and the
// total is left uncounted unless asked for.
func TestAuditKeyset(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustWorld(t, engine)
		ctx := salkku.System(t.Context())
		for i := range 7 {
			mustCreatePerson(t, w.db, w.org, "Henkilö "+string(rune('A'+i)))
		}
		f := salkku.AuditFilter{Entity: "person", Page: salkku.Page{Limit: 4}}
		all, n, err := w.db.FindAudit(ctx, salkku.AuditFilter{Entity: "person", Count: true})
		must(t, err)
		wantEqual(t, n, len(all))
		first, n, err := w.db.FindAudit(ctx, f)
		must(t, err)
		wantEqual(t, n, -1)
		f.Before = first[len(first)-1].ID
		second, _, err := w.db.FindAudit(ctx, f)
		must(t, err)
		var got []int64
		for _, e := range append(first, second...) {
			got = append(got, e.ID)
		}
		for rest := second; len(rest) == f.Limit; {
			f.Before = rest[len(rest)-1].ID
			rest, _, err = w.db.FindAudit(ctx, f)
			must(t, err)
			for _, e := range rest {
				got = append(got, e.ID)
			}
		}
		var want []int64
		for _, e := range all {
			want = append(want, e.ID)
		}
		wantEqual(t, got, want)
		// Back from the second page: the four entries just newer than it,
		// newest first.
		f.Before, f.After = 0, second[0].ID
		back, _, err := w.db.FindAudit(ctx, f)
		must(t, err)
		if len(back) != 4 || back[0].ID != first[0].ID || back[3].ID != first[3].ID {
			t.Errorf("page before: %s, want %s", dump(back), dump(first))
		}
		// An entry written meanwhile does not shift the pages after it.
		mustCreatePerson(t, w.db, w.org, "Myöhäinen")
		f.After, f.Before = 0, first[len(first)-1].ID
		again, _, err := w.db.FindAudit(ctx, f)
		must(t, err)
		wantEqual(t, len(again), len(second))
		wantEqual(t, again[0].ID, second[0].ID)
	})
}

// TestAuditNames: the ids in a role's entries (and in any record that has
// no name beside an id) come with names, also of a record since deleted,
// as its delete row named it.
func TestAuditNames(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustWorld(t, engine)
		ctx := salkku.System(t.Context())
		u := &salkku.User{Email: "liisa@test.invalid", Name: "Liisa Lukija"}
		must(t, w.db.CreateUser(ctx, u, ""))
		p := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "4.7", Name: salkku.T("Oracle")})
		onProject := &salkku.Grant{UserID: u.ID, Role: salkku.RoleProjectManager, ProjectID: &p.ID}
		must(t, w.db.CreateGrant(ctx, onProject))
		onPortfolio := &salkku.Grant{UserID: u.ID, Role: salkku.RoleViewer, PortfolioID: &w.pf.ID}
		must(t, w.db.CreateGrant(ctx, onPortfolio))
		must(t, w.db.DeleteGrant(ctx, onPortfolio.ID))
		must(t, w.db.DeleteProject(ctx, p.ID))
		c := mustCreateCategory(t, w.db, w.pf, "Perusinfra")

		grants, _, err := w.db.FindAudit(ctx, salkku.AuditFilter{Entity: "grant"})
		must(t, err)
		if len(grants) != 3 {
			t.Fatalf("%d grant entries: %s", len(grants), dump(grants))
		}
		names := func(e *salkku.AuditEntry, keys ...string) []any {
			doc := e.After
			if doc == "" {
				doc = e.Before
			}
			var out []any
			for _, k := range keys {
				out = append(out, jsonField(t, doc, k))
			}
			return out
		}
		// Newest first: the revoke, the grant on the portfolio, the one on
		// the (since deleted) project.
		wantEqual(t, names(grants[0], "user_name", "portfolio_name"), []any{"Liisa Lukija", w.pf.Name.FI})
		wantEqual(t, names(grants[1], "user_name", "portfolio_name"), []any{"Liisa Lukija", w.pf.Name.FI})
		wantEqual(t, names(grants[2], "user_name", "project_name"), []any{"Liisa Lukija", "4.7 Oracle"})
		cats, _, err := w.db.FindAudit(ctx, salkku.AuditFilter{Entity: "category", EntityID: &c.ID})
		must(t, err)
		wantEqual(t, names(cats[0], "portfolio_name"), []any{w.pf.Name.FI})
	})
}

// TestFindDeletedProject: a deleted project is found as its delete row
// recorded it, with its portfolio; a live or unknown one is not found.
func TestFindDeletedProject(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustWorld(t, engine)
		ctx := salkku.System(t.Context())
		p := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "4.7", Name: salkku.T("Oracle")})
		_, err := w.db.FindDeletedProject(ctx, p.ID)
		wantErr(t, err, salkku.ENOTFOUND, "")
		must(t, w.db.DeleteProject(ctx, p.ID))
		got, err := w.db.FindDeletedProject(ctx, p.ID)
		must(t, err)
		wantEqual(t, []any{got.ID, got.PortfolioID, got.Code, got.Name.FI, got.PortfolioName.FI}, []any{p.ID, w.pf.ID, "4.7", "Oracle", w.pf.Name.FI})
		_, err = w.db.FindDeletedProject(ctx, p.ID+100)
		wantErr(t, err, salkku.ENOTFOUND, "")

		// Its history is for those who could see it, as the portfolio's
		// viewer could; not for a viewer of another portfolio.
		other := mustCreatePortfolio(t, w.db, w.org, nil, "Muu")
		as := func(pf int64) context.Context {
			return salkku.WithCaller(t.Context(), salkku.Actor{UserID: 99, Name: "Liisa"},
				&salkku.Access{UserID: 99, Portfolios: map[int64]string{pf: salkku.RoleViewer}})
		}
		if _, err := w.db.FindDeletedProject(as(w.pf.ID), p.ID); err != nil {
			t.Errorf("viewer of the portfolio: %v", err)
		}
		es, _, err := w.db.FindAudit(as(w.pf.ID), salkku.AuditFilter{ProjectID: &p.ID})
		if err != nil || len(es) != 2 {
			t.Errorf("viewer of the portfolio reads %d entries, %v; want the create and the delete", len(es), err)
		}
		_, err = w.db.FindDeletedProject(as(other.ID), p.ID)
		wantErr(t, err, salkku.ENOTFOUND, "")
		_, _, err = w.db.FindAudit(as(other.ID), salkku.AuditFilter{ProjectID: &p.ID})
		if salkku.ErrorCode(err) != salkku.ENOTFOUND {
			t.Errorf("viewer of another portfolio reads the history: %v", err)
		}
	})
}
