package web_test

import (
	"context"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/salkku/salkku"
)

var orgRowRE = regexp.MustCompile(`(?s)<tr>\s*<th scope="row">(.*?)</th>\s*<td class="code">(.*?)</td>`)

// orgRows reads the organisation list as "name | business id".
func orgRows(p *page) []string {
	var out []string
	for _, m := range orgRowRE.FindAllStringSubmatch(p.Body, -1) {
		out = append(out, plain(m[1])+" | "+plain(m[2]))
	}
	return out
}

// TestOrganisations lists, creates, edits and deletes organisations.
func TestOrganisations(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newDemoApp(t, engine)
		ctx := salkku.System(context.Background())

		p := a.get(t, "/organisations")
		wantStatus(t, p, http.StatusOK)
		if got, want := orgRows(p), []string{"Kainuun sote | ei määritelty", "Naantalin kaupunki | ei määritelty"}; !slices.Equal(got, want) {
			t.Errorf("rows %q, want %q", got, want)
		}

		// A link past the end shows the last page.
		if got := orgRows(a.get(t, "/organisations?page=5")); len(got) != 2 {
			t.Errorf("page 5 of 1 shows %q, want the last page", got)
		}

		form := formValues(t, a.get(t, "/organisations/new"))
		for _, tc := range []struct {
			name, field, value, err string
		}{
			{"empty name", "name", " ", "Tämä tieto on pakollinen."},
			{"business id with a wrong check digit", "business_id", "0204819-9", "Y-tunnus on muotoa 1234567-8 ja sen tarkistusmerkin on täsmättävä."},
			{"business id without the dash", "business_id", "02048198", "Y-tunnus on muotoa 1234567-8 ja sen tarkistusmerkin on täsmättävä."},
		} {
			t.Run(tc.name, func(t *testing.T) {
				sent := with(form, "name", "Raision kaupunki", "business_id", "0204819-8", tc.field, tc.value)
				p := a.post(t, "/organisations/new", sent)
				wantStatus(t, p, http.StatusUnprocessableEntity)
				if got := fieldError(p, tc.field); got != tc.err {
					t.Errorf("error at %s %q, want %q", tc.field, got, tc.err)
				}
				wantKept(t, p, sent, "name", "business_id")
			})
		}

		wantRedirect(t, a.post(t, "/organisations/new", with(form, "name", "Raision kaupunki", "business_id", " 0204819-8 ")), "/organisations")
		p = a.get(t, "/organisations")
		wantText(t, p, "Tallennettu.")
		if got := orgRows(p); len(got) != 3 || got[2] != "Raision kaupunki | 0204819-8" {
			t.Errorf("rows %q", got)
		}
		raisio := a.organisation(t, "Raision kaupunki")
		edit := "/organisations/" + id(raisio.ID) + "/edit"
		wantRedirect(t, a.post(t, edit, with(formValues(t, a.get(t, edit)), "name", "Raisio")), "/organisations")
		if got := orgRows(a.get(t, "/organisations")); got[2] != "Raisio | 0204819-8" {
			t.Errorf("rows after the edit %q", got)
		}

		t.Run("delete refused while it has portfolios", func(t *testing.T) {
			naantali := a.organisation(t, "Naantalin kaupunki")
			p := a.post(t, "/organisations/"+id(naantali.ID)+"/delete", nil)
			wantStatus(t, p, http.StatusConflict)
			oneH1(t, p)
			wantText(t, p, "Organisaatiota ei voi poistaa, koska sillä on salkkuja (1).")
			if !strings.Contains(p.Body, `href="/organisations" class="button secondary">Takaisin</a>`) {
				t.Errorf("no way back from the refusal")
			}
			if _, err := a.db.FindOrganisationByID(ctx, naantali.ID); err != nil {
				t.Errorf("after a refused delete: %v", err)
			}
		})
		t.Run("delete", func(t *testing.T) {
			// Its people stay, without an organisation.
			person := &salkku.Person{Name: "Raisiolainen", OrganisationID: &raisio.ID}
			must(t, a.db.CreatePerson(ctx, person))
			del := "/organisations/" + id(raisio.ID) + "/delete"
			wantText(t, a.get(t, del), "Poistetaanko organisaatio Raisio?")
			wantRedirect(t, a.post(t, del, nil), "/organisations")
			p := a.get(t, "/organisations")
			wantText(t, p, "Poistettu.")
			wantNoText(t, p, "Raisio |")
			if _, err := a.db.FindOrganisationByID(ctx, raisio.ID); salkku.ErrorCode(err) != salkku.ENOTFOUND {
				t.Errorf("after delete: %v", err)
			}
			if got, err := a.db.FindPersonByID(ctx, person.ID); err != nil || got.OrganisationID != nil {
				t.Errorf("the organisation's person after delete: %+v, %v", got, err)
			}
		})
	})
}
