package sqldb_test

import (
	"fmt"
	"testing"

	"github.com/salkku/salkku"
)

func TestWorkPackage(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		t.Run("CreateFind", func(t *testing.T) {
			w := mustWorld(t, engine)
			p := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "1", Name: salkku.T("Digitalisaatio-ohjelma")})
			oa := mustCreateWorkPackage(t, w.db, p, nil, "Osa-alue 1")
			wp := &salkku.WorkPackage{
				ProjectID:      p.ID,
				ParentID:       ptr(oa.ID),
				Code:           "OA1 TP2",
				Name:           salkku.T("Sähköinen asiointi"),
				Description:    salkku.T("Asiointipalvelut.\nToinen rivi."),
				ResponsibleIDs: []int64{w.kristiina.ID, w.aino.ID},
				Tags:           []string{"H"},
			}
			if err := w.db.CreateWorkPackage(salkku.System(t.Context()), wp); err != nil {
				t.Fatal(err)
			}
			want := &salkku.WorkPackage{
				Meta:             wp.Meta,
				ProjectID:        p.ID,
				ParentID:         ptr(oa.ID),
				Code:             "OA1 TP2",
				Name:             salkku.T("Sähköinen asiointi"),
				Description:      salkku.T("Asiointipalvelut.\nToinen rivi."),
				ResponsibleIDs:   []int64{w.kristiina.ID, w.aino.ID},
				Tags:             []string{"H"},
				Position:         2, // after OA1
				ResponsibleNames: []string{"Kristiina Taskinen", "Aino Aalto"},
			}
			if wp.ID == 0 || wp.Version != 1 || wp.CreatedAt.IsZero() || !wp.UpdatedAt.Equal(wp.CreatedAt) {
				t.Fatalf("created meta %+v", wp.Meta)
			}
			wantEqual(t, wp, want)
			got, err := w.db.FindWorkPackageByID(salkku.System(t.Context()), wp.ID)
			if err != nil {
				t.Fatal(err)
			}
			wantEqual(t, got, want)
		})

		t.Run("CreateFindBare", func(t *testing.T) {
			w := mustWorld(t, engine)
			p := mustCreateProject(t, w.db, w.pf, &salkku.Project{})
			wp := mustCreateWorkPackage(t, w.db, p, nil, "Osa-alue 1")
			want := &salkku.WorkPackage{Meta: wp.Meta, ProjectID: p.ID, Name: salkku.T("Osa-alue 1"), Position: 1,
				ResponsibleIDs: []int64{}, Tags: []string{}, ResponsibleNames: []string{}}
			got, err := w.db.FindWorkPackageByID(salkku.System(t.Context()), wp.ID)
			if err != nil {
				t.Fatal(err)
			}
			wantEqual(t, got, want)
		})

		t.Run("Update", func(t *testing.T) {
			w := mustWorld(t, engine)
			p := mustCreateProject(t, w.db, w.pf, &salkku.Project{})
			oa1 := mustCreateWorkPackage(t, w.db, p, nil, "OA1")
			oa2 := mustCreateWorkPackage(t, w.db, p, nil, "OA2")
			wp := &salkku.WorkPackage{ProjectID: p.ID, ParentID: ptr(oa1.ID), Name: salkku.T("TP"), ResponsibleIDs: []int64{w.aino.ID}}
			if err := w.db.CreateWorkPackage(salkku.System(t.Context()), wp); err != nil {
				t.Fatal(err)
			}
			created := *wp

			wp.ParentID, wp.Code, wp.Name, wp.Description = ptr(oa2.ID), "OA2 TP1", salkku.T("Työpaketti 1"), salkku.T("Kuvaus")
			wp.ResponsibleIDs, wp.Tags, wp.Position = []int64{w.jukka.ID, w.kristiina.ID}, []string{"H", "kanta"}, 9
			if err := w.db.UpdateWorkPackage(salkku.System(t.Context()), wp); err != nil {
				t.Fatal(err)
			}
			want := &salkku.WorkPackage{
				Meta:           salkku.Meta{ID: created.ID, Version: 2, CreatedAt: created.CreatedAt, UpdatedAt: wp.UpdatedAt},
				ProjectID:      p.ID,
				ParentID:       ptr(oa2.ID),
				Code:           "OA2 TP1",
				Name:           salkku.T("Työpaketti 1"),
				Description:    salkku.T("Kuvaus"),
				ResponsibleIDs: []int64{w.jukka.ID, w.kristiina.ID},
				Tags:           []string{"H", "kanta"},
				Position:       9, ResponsibleNames: []string{"Jukka Mäkelä", "Kristiina Taskinen"},
			}
			if !wp.UpdatedAt.After(created.UpdatedAt) {
				t.Errorf("updated at %v, not after %v", wp.UpdatedAt, created.UpdatedAt)
			}
			wantEqual(t, wp, want)
			got, err := w.db.FindWorkPackageByID(salkku.System(t.Context()), wp.ID)
			if err != nil {
				t.Fatal(err)
			}
			wantEqual(t, got, want)

			// To a root, with nobody responsible and the position kept.
			wp.ParentID, wp.ResponsibleIDs, wp.Tags, wp.Position = nil, nil, nil, 0
			if err := w.db.UpdateWorkPackage(salkku.System(t.Context()), wp); err != nil {
				t.Fatal(err)
			}
			want.Version, want.UpdatedAt, want.ParentID = 3, wp.UpdatedAt, nil
			want.ResponsibleIDs, want.ResponsibleNames, want.Tags = []int64{}, []string{}, []string{}
			got, _ = w.db.FindWorkPackageByID(salkku.System(t.Context()), wp.ID)
			wantEqual(t, got, want)
		})

		t.Run("ErrStale", func(t *testing.T) {
			w := mustWorld(t, engine)
			p := mustCreateProject(t, w.db, w.pf, &salkku.Project{})
			wp := mustCreateWorkPackage(t, w.db, p, nil, "OA1")
			stale := *wp
			wp.Name = salkku.T("Osa-alue 1")
			if err := w.db.UpdateWorkPackage(salkku.System(t.Context()), wp); err != nil {
				t.Fatal(err)
			}
			stale.Name, stale.ResponsibleIDs = salkku.T("Vanha"), []int64{w.aino.ID}
			wantErr(t, w.db.UpdateWorkPackage(salkku.System(t.Context()), &stale), salkku.ECONFLICT, "")
			got, _ := w.db.FindWorkPackageByID(salkku.System(t.Context()), wp.ID)
			wantEqual(t, got, wp)
		})

		t.Run("ErrNotFound", func(t *testing.T) {
			w := mustWorld(t, engine)
			p := mustCreateProject(t, w.db, w.pf, &salkku.Project{})
			_, err := w.db.FindWorkPackageByID(salkku.System(t.Context()), 999)
			wantErr(t, err, salkku.ENOTFOUND, "")
			missing := &salkku.WorkPackage{Meta: salkku.Meta{ID: 999, Version: 1}, ProjectID: p.ID, Name: salkku.T("X")}
			wantErr(t, w.db.UpdateWorkPackage(salkku.System(t.Context()), missing), salkku.ENOTFOUND, "")
			wantErr(t, w.db.DeleteWorkPackage(salkku.System(t.Context()), 999), salkku.ENOTFOUND, "")
		})

		t.Run("ErrMoveToOtherProject", func(t *testing.T) {
			w := mustWorld(t, engine)
			p1 := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "1"})
			p2 := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "2"})
			wp := mustCreateWorkPackage(t, w.db, p1, nil, "OA1")
			wp.ProjectID = p2.ID
			wantErr(t, w.db.UpdateWorkPackage(salkku.System(t.Context()), wp), salkku.EINVALID, "project_id")
		})

		t.Run("ErrParentInOtherProject", func(t *testing.T) {
			w := mustWorld(t, engine)
			p1 := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "1"})
			p2 := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "2"})
			foreign := mustCreateWorkPackage(t, w.db, p2, nil, "OA1")
			wp := &salkku.WorkPackage{ProjectID: p1.ID, ParentID: ptr(foreign.ID), Name: salkku.T("TP1")}
			wantErr(t, w.db.CreateWorkPackage(salkku.System(t.Context()), wp), salkku.EINVALID, "parent_id")

			wp = mustCreateWorkPackage(t, w.db, p1, nil, "TP1")
			wp.ParentID = ptr(foreign.ID)
			wantErr(t, w.db.UpdateWorkPackage(salkku.System(t.Context()), wp), salkku.EINVALID, "parent_id")
		})

		t.Run("ErrParentCycle", func(t *testing.T) {
			w := mustWorld(t, engine)
			p := mustCreateProject(t, w.db, w.pf, &salkku.Project{})
			a := mustCreateWorkPackage(t, w.db, p, nil, "A")
			b := mustCreateWorkPackage(t, w.db, p, a, "B")
			c := mustCreateWorkPackage(t, w.db, p, b, "C")
			for _, parent := range []*salkku.WorkPackage{a, b, c} {
				changed := *a
				changed.ParentID = ptr(parent.ID)
				wantErr(t, w.db.UpdateWorkPackage(salkku.System(t.Context()), &changed), salkku.EINVALID, "parent_id")
			}
			got, _ := w.db.FindWorkPackageByID(salkku.System(t.Context()), a.ID)
			wantEqual(t, got, a)
		})

		t.Run("ErrTooDeep", func(t *testing.T) {
			w := mustWorld(t, engine)
			p := mustCreateProject(t, w.db, w.pf, &salkku.Project{})
			var chain []*salkku.WorkPackage // osa-alue → työpaketti → a) → one more
			var parent *salkku.WorkPackage
			for i := 0; i < salkku.MaxWorkPackageDepth; i++ {
				parent = mustCreateWorkPackage(t, w.db, p, parent, fmt.Sprintf("Taso %d", i+1))
				chain = append(chain, parent)
			}
			deep := &salkku.WorkPackage{ProjectID: p.ID, ParentID: ptr(parent.ID), Name: salkku.T("Liian syvä")}
			wantErr(t, w.db.CreateWorkPackage(salkku.System(t.Context()), deep), salkku.EINVALID, "parent_id")

			// Moving a two-level subtree under the third level would make
			// the tree five levels deep.
			top := mustCreateWorkPackage(t, w.db, p, nil, "Toinen osa-alue")
			mustCreateWorkPackage(t, w.db, p, top, "Sen työpaketti")
			top.ParentID = ptr(chain[2].ID)
			wantErr(t, w.db.UpdateWorkPackage(salkku.System(t.Context()), top), salkku.EINVALID, "parent_id")
			// Under the second level it just fits.
			top.ParentID = ptr(chain[1].ID)
			if err := w.db.UpdateWorkPackage(salkku.System(t.Context()), top); err != nil {
				t.Fatal(err)
			}
		})

		t.Run("ErrRefsMissing", func(t *testing.T) {
			w := mustWorld(t, engine)
			p := mustCreateProject(t, w.db, w.pf, &salkku.Project{})
			tests := []struct {
				field string
				wp    salkku.WorkPackage
			}{
				{"project_id", salkku.WorkPackage{ProjectID: 999, Name: salkku.T("OA1")}},
				{"parent_id", salkku.WorkPackage{ProjectID: p.ID, ParentID: ptr(999), Name: salkku.T("OA1")}},
				{"responsible_ids", salkku.WorkPackage{ProjectID: p.ID, ResponsibleIDs: []int64{w.aino.ID, 999}, Name: salkku.T("OA1")}},
				{"name.fi", salkku.WorkPackage{ProjectID: p.ID}},
			}
			for _, tc := range tests {
				wp := tc.wp
				wantErr(t, w.db.CreateWorkPackage(salkku.System(t.Context()), &wp), salkku.EINVALID, tc.field)
			}
			if got, _ := w.db.FindWorkPackages(salkku.System(t.Context()), p.ID); len(got) != 0 {
				t.Errorf("%d work packages stored, want 0", len(got))
			}
		})

		t.Run("DeleteSubtree", func(t *testing.T) {
			w := mustWorld(t, engine)
			p := mustCreateProject(t, w.db, w.pf, &salkku.Project{})
			oa1 := mustCreateWorkPackage(t, w.db, p, nil, "OA1")
			tp1 := mustCreateWorkPackage(t, w.db, p, oa1, "TP1")
			a := mustCreateWorkPackage(t, w.db, p, tp1, "a)")
			b := mustCreateWorkPackage(t, w.db, p, tp1, "b)")
			tp2 := mustCreateWorkPackage(t, w.db, p, oa1, "TP2")
			oa2 := mustCreateWorkPackage(t, w.db, p, nil, "OA2")
			if err := w.db.DeleteWorkPackage(salkku.System(t.Context()), tp1.ID); err != nil {
				t.Fatal(err)
			}
			for _, gone := range []*salkku.WorkPackage{tp1, a, b} {
				_, err := w.db.FindWorkPackageByID(salkku.System(t.Context()), gone.ID)
				wantErr(t, err, salkku.ENOTFOUND, "")
			}
			got, err := w.db.FindWorkPackages(salkku.System(t.Context()), p.ID)
			if err != nil {
				t.Fatal(err)
			}
			wantEqual(t, wpNames(got), []string{oa1.Name.FI, tp2.Name.FI, oa2.Name.FI})
		})

		t.Run("FindWorkPackages", func(t *testing.T) {
			w := mustWorld(t, engine)
			p := mustCreateProject(t, w.db, w.pf, &salkku.Project{})
			other := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "9"})
			mustCreateWorkPackage(t, w.db, other, nil, "Toisen hankkeen osa-alue")
			oa1 := mustCreateWorkPackage(t, w.db, p, nil, "OA1")
			oa2 := mustCreateWorkPackage(t, w.db, p, nil, "OA2")
			tp := &salkku.WorkPackage{ProjectID: p.ID, ParentID: ptr(oa1.ID), Name: salkku.T("OA1 TP1"), ResponsibleIDs: []int64{w.jukka.ID, w.aino.ID}}
			if err := w.db.CreateWorkPackage(salkku.System(t.Context()), tp); err != nil {
				t.Fatal(err)
			}
			got, err := w.db.FindWorkPackages(salkku.System(t.Context()), p.ID)
			if err != nil {
				t.Fatal(err)
			}
			wantEqual(t, got, []*salkku.WorkPackage{oa1, oa2, tp}) // by position
			var flat []string
			for _, wp := range salkku.FlattenTree(salkku.BuildTree(got)) {
				flat = append(flat, fmt.Sprintf("%d %s", wp.Depth, wp.Name.FI))
			}
			wantEqual(t, flat, []string{"0 OA1", "1 OA1 TP1", "0 OA2"})
		})
	})
}

func wpNames(ws []*salkku.WorkPackage) []string {
	out := []string{}
	for _, w := range ws {
		out = append(out, w.Name.FI)
	}
	return out
}
