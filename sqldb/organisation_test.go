package sqldb_test

import (
	"testing"
	"time"

	"github.com/salkku/salkku"
)

func TestOrganisation(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		t.Run("CreateFind", func(t *testing.T) {
			db := mustOpen(t, engine)
			o := &salkku.Organisation{Name: salkku.T(" Naantalin kaupunki "), BusinessID: "0135202-4"}
			if err := db.CreateOrganisation(salkku.System(t.Context()), o); err != nil {
				t.Fatal(err)
			}
			if o.ID == 0 || o.Version != 1 || o.Name.FI != "Naantalin kaupunki" {
				t.Fatalf("created %+v, want an id, version 1 and the name trimmed", o)
			}
			if o.CreatedAt.Location() != time.UTC || o.CreatedAt.Nanosecond()%1000 != 0 || !o.UpdatedAt.Equal(o.CreatedAt) {
				t.Fatalf("created at %v, updated at %v: want equal UTC microseconds", o.CreatedAt, o.UpdatedAt)
			}
			got, err := db.FindOrganisationByID(salkku.System(t.Context()), o.ID)
			if err != nil {
				t.Fatal(err)
			}
			wantEqual(t, got, o)
		})

		t.Run("Update", func(t *testing.T) {
			db := mustOpen(t, engine)
			o := mustCreateOrg(t, db, "Naantali")
			created := *o
			o.Name, o.BusinessID = salkku.T("Naantalin kaupunki"), "0135202-4"
			if err := db.UpdateOrganisation(salkku.System(t.Context()), o); err != nil {
				t.Fatal(err)
			}
			if o.Version != 2 || !o.CreatedAt.Equal(created.CreatedAt) || !o.UpdatedAt.After(created.UpdatedAt) {
				t.Fatalf("updated meta %+v, created %+v: want version 2, same created, later updated", o.Meta, created.Meta)
			}
			got, err := db.FindOrganisationByID(salkku.System(t.Context()), o.ID)
			if err != nil {
				t.Fatal(err)
			}
			wantEqual(t, got, o)

			o.BusinessID = "" // clearing an optional field round-trips too
			if err := db.UpdateOrganisation(salkku.System(t.Context()), o); err != nil {
				t.Fatal(err)
			}
			got, _ = db.FindOrganisationByID(salkku.System(t.Context()), o.ID)
			wantEqual(t, got, o)
		})

		t.Run("ErrStale", func(t *testing.T) {
			db := mustOpen(t, engine)
			o := mustCreateOrg(t, db, "Naantali")
			stale := *o
			o.Name = salkku.T("Naantalin kaupunki")
			if err := db.UpdateOrganisation(salkku.System(t.Context()), o); err != nil {
				t.Fatal(err)
			}
			stale.Name = salkku.T("Raision kaupunki")
			wantErr(t, db.UpdateOrganisation(salkku.System(t.Context()), &stale), salkku.ECONFLICT, "")
			got, _ := db.FindOrganisationByID(salkku.System(t.Context()), o.ID)
			wantEqual(t, got, o)
		})

		t.Run("ErrNotFound", func(t *testing.T) {
			db := mustOpen(t, engine)
			_, err := db.FindOrganisationByID(salkku.System(t.Context()), 999)
			wantErr(t, err, salkku.ENOTFOUND, "")
			wantErr(t, db.UpdateOrganisation(salkku.System(t.Context()), &salkku.Organisation{Meta: salkku.Meta{ID: 999, Version: 1}, Name: salkku.T("X")}), salkku.ENOTFOUND, "")
			wantErr(t, db.DeleteOrganisation(salkku.System(t.Context()), 999), salkku.ENOTFOUND, "")
		})

		invalid := []struct {
			name, field string
			o           salkku.Organisation
		}{
			{"ErrNameRequired", "name.fi", salkku.Organisation{Name: salkku.T(" ")}},
			{"ErrBusinessID", "business_id", salkku.Organisation{Name: salkku.T("Naantali"), BusinessID: "0135202-5"}},
		}
		for _, tc := range invalid {
			t.Run(tc.name, func(t *testing.T) {
				db := mustOpen(t, engine)
				o := tc.o
				wantErr(t, db.CreateOrganisation(salkku.System(t.Context()), &o), salkku.EINVALID, tc.field)
				if _, n, _ := db.FindOrganisations(salkku.System(t.Context()), salkku.Page{}); n != 0 {
					t.Errorf("%d organisations stored, want 0", n)
				}
			})
		}

		t.Run("Delete", func(t *testing.T) {
			db := mustOpen(t, engine)
			o := mustCreateOrg(t, db, "Naantali")
			if err := db.DeleteOrganisation(salkku.System(t.Context()), o.ID); err != nil {
				t.Fatal(err)
			}
			_, err := db.FindOrganisationByID(salkku.System(t.Context()), o.ID)
			wantErr(t, err, salkku.ENOTFOUND, "")
		})

		t.Run("ErrDeleteWithPortfolio", func(t *testing.T) {
			db := mustOpen(t, engine)
			o := mustCreateOrg(t, db, "Naantali")
			mustCreatePortfolio(t, db, o, nil, "Salkku")
			wantErr(t, db.DeleteOrganisation(salkku.System(t.Context()), o.ID), salkku.ECONFLICT, "")
			if _, err := db.FindOrganisationByID(salkku.System(t.Context()), o.ID); err != nil {
				t.Fatalf("organisation gone after refused delete: %v", err)
			}
		})

		t.Run("DeleteKeepsPeople", func(t *testing.T) {
			db := mustOpen(t, engine)
			o := mustCreateOrg(t, db, "Naantali")
			p := mustCreatePerson(t, db, o, "Kristiina Taskinen")
			if err := db.DeleteOrganisation(salkku.System(t.Context()), o.ID); err != nil {
				t.Fatal(err)
			}
			got, err := db.FindPersonByID(salkku.System(t.Context()), p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.OrganisationID != nil {
				t.Errorf("person's organisation = %d, want none", *got.OrganisationID)
			}
		})

		t.Run("FindOrganisations", func(t *testing.T) {
			db := mustOpen(t, engine)
			turku := mustCreateOrg(t, db, "Turun kaupunki")
			naantali := mustCreateOrg(t, db, "Naantalin kaupunki")
			espoo := mustCreateOrg(t, db, "Espoon kaupunki")
			got, n, err := db.FindOrganisations(salkku.System(t.Context()), salkku.Page{})
			if err != nil {
				t.Fatal(err)
			}
			wantEqual(t, got, []*salkku.Organisation{espoo, naantali, turku})
			if n != 3 {
				t.Errorf("total = %d, want 3", n)
			}
			got, n, err = db.FindOrganisations(salkku.System(t.Context()), salkku.Page{Offset: 1, Limit: 1})
			if err != nil {
				t.Fatal(err)
			}
			wantEqual(t, got, []*salkku.Organisation{naantali})
			if n != 3 {
				t.Errorf("paged total = %d, want 3", n)
			}
		})
	})
}
