package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestPages loads every page of the UI over the demo data: each answers
// 200 with one h1, breadcrumbs where it is not the home page, the right
// main-menu entry marked and the content expected from the seeds.
func TestPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		a := newDemoApp(t, engine)
		naantali, kara := a.portfolio(t, naantaliName), a.portfolio(t, karaName)
		p21 := a.project(t, naantali.ID, "2.1")
		kp := a.project(t, kara.ID, "KaRa")
		infra := a.category(t, naantali.ID, "Perusinfrastruktuurihankkeet")
		oa2, tp3 := a.workPackage(t, kp.ID, "OA2"), a.workPackage(t, kp.ID, "OA2 TP3")
		kristiina := a.person(t, "Kristiina Taskinen")
		naantaliOrg := a.organisation(t, "Naantalin kaupunki")

		for _, tc := range []struct {
			name, path string
			h1         string
			nav        string // the main-menu entry marked current
			want       []string
		}{
			{"home", "/", "Hankesalkut", "/", []string{"Naantalin kaupunki", "Kainuun sote", naantaliName, karaName, "hankkeita 39", "hankkeita 1"}},
			{"portfolio overview", "/portfolios/" + id(naantali.ID), naantaliName, "/",
				[]string{"2.1", "Palomuuripalvelun jatkaminen tai kilpailutus", "10/2017 – 4/2018", "Perusinfrastruktuurihankkeet",
					"7.6", "Koulujen esitysteknologia", "jatkuva", "Hankkeet 1–"}},
			{"portfolio new", "/portfolios/new", "Uusi salkku", "/", []string{"Organisaatio", "Nimi", "Johtoryhmä"}},
			{"portfolio edit", "/portfolios/" + id(naantali.ID) + "/edit", "Muokkaa salkkua " + naantaliName, "/", []string{naantaliName}},
			{"portfolio delete", "/portfolios/" + id(naantali.ID) + "/delete", "Poista salkku " + naantaliName, "/",
				[]string{"Poistetaanko salkku " + naantaliName + "?"}},
			{"categories", "/portfolios/" + id(naantali.ID) + "/categories", "Luokat – " + naantaliName, "/",
				[]string{"Perusinfrastruktuurihankkeet", "Koko kaupunkia koskevat yhteiset kehityshankkeet", "Uusi luokka", "Hankkeita"}},
			{"category new", "/portfolios/" + id(naantali.ID) + "/categories/new", "Uusi luokka", "/", []string{"Nimi", "Kuvaus", "Järjestys"}},
			{"category edit", "/categories/" + id(infra.ID) + "/edit", "Muokkaa luokkaa Perusinfrastruktuurihankkeet", "/",
				[]string{"Poista luokka"}},
			{"category delete", "/categories/" + id(infra.ID) + "/delete", "Poista luokka Perusinfrastruktuurihankkeet", "/",
				[]string{"Poistetaanko luokka Perusinfrastruktuurihankkeet?"}},
			{"project", "/projects/" + id(p21.ID), "2.1 Palomuuripalvelun jatkaminen tai kilpailutus", "/",
				[]string{"10/2017 – 4/2018", "DNA Oy", "Perusinfrastruktuurihankkeet", "Käynnissä", "Palomuurit ostetaan palveluina"}},
			{"programme with work packages", "/projects/" + id(kp.ID), "KaRa Kainuun rakenneuudistus", "/",
				[]string{"Osa-alueet ja työpaketit", "OA2 TP3 a", "TIJO-mallin kehittäminen", "Jouko Selkälä, Sanna Aikio", "Kristiina Taskinen"}},
			{"project new", "/portfolios/" + id(naantali.ID) + "/projects/new", "Uusi hanke", "/", []string{"Tunnus", "Alkukuukausi"}},
			{"project edit", "/projects/" + id(p21.ID) + "/edit", "Muokkaa hanketta 2.1 Palomuuripalvelun jatkaminen tai kilpailutus", "/",
				[]string{"DNA Oy"}},
			{"project delete", "/projects/" + id(p21.ID) + "/delete", "Poista hanke 2.1 Palomuuripalvelun jatkaminen tai kilpailutus", "/",
				[]string{"työpaketteineen"}},
			{"work package new", "/projects/" + id(kp.ID) + "/workpackages/new", "Uusi työpaketti", "/",
				[]string{"Vastuuhenkilöt", "(ylin taso)", "OA2 TP3 a"}},
			{"work package new below", "/projects/" + id(kp.ID) + "/workpackages/new?parent_id=" + id(tp3.ID), "Uusi työpaketti", "/", nil},
			{"work package edit", "/workpackages/" + id(tp3.ID) + "/edit", "Muokkaa työpakettia OA2 TP3 Tietojohtamista tukevat työvälineet", "/",
				[]string{"Poista työpaketti"}},
			{"work package delete", "/workpackages/" + id(oa2.ID) + "/delete", "Poista työpaketti OA2 Osa-alue 2", "/",
				[]string{"Samalla poistetaan kaikki sen alla olevat työpaketit (8 kpl)"}},
			{"people", "/people", "Henkilöt", "/people", []string{"Kristiina Taskinen", "projektipäällikkö", "Kainuun sote", "Uusi henkilö"}},
			{"person new", "/people/new", "Uusi henkilö", "/people", []string{"Sähköposti", "Tehtävänimike"}},
			{"person edit", "/people/" + id(kristiina.ID) + "/edit", "Muokkaa henkilöä Kristiina Taskinen", "/people", []string{"projektipäällikkö"}},
			{"person delete", "/people/" + id(kristiina.ID) + "/delete", "Poista henkilö Kristiina Taskinen", "/people",
				[]string{"Poistetaanko henkilö Kristiina Taskinen?"}},
			{"organisations", "/organisations", "Organisaatiot", "/organisations", []string{"Naantalin kaupunki", "Kainuun sote", "Uusi organisaatio"}},
			{"organisation new", "/organisations/new", "Uusi organisaatio", "/organisations", []string{"Y-tunnus"}},
			{"organisation edit", "/organisations/" + id(naantaliOrg.ID) + "/edit", "Muokkaa organisaatiota Naantalin kaupunki", "/organisations", nil},
			{"organisation delete", "/organisations/" + id(naantaliOrg.ID) + "/delete", "Poista organisaatio Naantalin kaupunki", "/organisations",
				[]string{"Poistetaanko organisaatio Naantalin kaupunki?"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				p := a.get(t, tc.path)
				wantStatus(t, p, http.StatusOK)
				if got := oneH1(t, p); !strings.HasPrefix(got, tc.h1) {
					t.Errorf("h1 %q, want %q", got, tc.h1)
				}
				if got := htmlLang(p); got != "fi" {
					t.Errorf("html lang %q, want fi", got)
				}
				if got := p.Header.Get("Content-Type"); got != "text/html; charset=utf-8" {
					t.Errorf("Content-Type %q", got)
				}
				if tc.path != "/" && !strings.Contains(p.Body, `<nav aria-label="Murupolku" class="crumbs">`) {
					t.Errorf("no breadcrumbs")
				}
				if !strings.Contains(p.Body, `<li><a href="`+tc.nav+`" aria-current="page">`) {
					t.Errorf("main menu does not mark %s as current", tc.nav)
				}
				if strings.Contains(p.Body, "%!") || strings.Contains(p.Text(), "%s") || strings.Contains(p.Text(), "%d") {
					t.Errorf("a message lacks its arguments\n%s", excerpt(p.Body))
				}
				wantText(t, p, tc.want...)
			})
		}
	})
}
