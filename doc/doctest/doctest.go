// Package doctest holds a document that uses every block of package doc,
// for the writers' tests: long enough to run over several pages, with a
// table that must repeat its header and boxes that must stay whole.
package doctest

import (
	"fmt"

	"github.com/salkku/salkku/doc"
)

// Sample is the test document. Its texts come from seeds 000 and 002.
func Sample() *doc.Document {
	d := &doc.Document{
		Lang:         "fi",
		Title:        "Tietohallinnon toimenpidesuunnitelma 2017–2018",
		Subject:      "Toimenpidesuunnitelma",
		Organisation: "Naantalin kaupunki",
		Footer:       "Tulostettu 2.12.2026",
		PageLabel:    "Sivu %d / %d",
	}
	d.Blocks = append(d.Blocks,
		doc.Title{Text: d.Title, Subtitle: "Toimenpidesuunnitelma", Lines: []string{"Naantalin kaupunki", "2.12.2026"}},
		doc.Contents{Title: "Sisällys"},
		doc.Heading{Level: 1, Number: "1.", Text: "Toimenpidesuunnitelman sisällöstä"},
		doc.P("Tällä dokumentilla on tarkoitus tuoda havainnolliseksi tietohallinnan toiminnan suunnittelu tulevalle tarkastelujaksolle. Toimenpidesuunnitelma koostuu valituista tai pakollisista kehityskohteista. Tätä dokumenttia tullaan päivittämään vähintään puolivuosittain."),
		doc.P("Kehittämiskohteet on ryhmitelty seuraavasti:"),
		doc.List{Items: []string{"Perusinfrastruktuurihankkeet", "Tietohallintojohtamisen työkalut", "Koko kaupunkia tai kaupunkeja koskevat kehityshankkeet", "Palvelualakohtaiset kehityshankkeet"}},
		doc.Heading{Level: 1, Number: "2.", Text: "Perusinfrastruktuurihankkeet"},
		doc.P("Nämä hankkeet tai projektit ovat perinteistä tietotekniikkapalveluiden hyödyntämistä korostavia."),
	)
	for i := 1; i <= 12; i++ {
		d.Blocks = append(d.Blocks,
			doc.Heading{Level: 2, Number: fmt.Sprintf("2.%d", i), Text: "Palomuuripalvelun jatkaminen tai kilpailutus (10/2017 – 4/2018)"},
			doc.P("Palomuurit ostetaan palveluina DNA Oy:ltä. Palvelu on toteutettu yhteistyössä Raision kaupungin kanssa ja selvyyden vuoksi olisi viisainta eriyttää palvelut omikseen. Palvelun kolmivuotiskausi on päättymässä ja projektissa selvitetään mahdollinen jatko tai palvelun uusiminen."),
			doc.Paragraph{Runs: []doc.Run{{Text: "Toimittajat: ", Bold: true}, {Text: "DNA Oy"}, {Text: " · Vaihe: ", Bold: true}, {Text: "Toteutus"}}},
		)
	}
	d.Blocks = append(d.Blocks,
		doc.Heading{Level: 1, Text: "Osa-alue 1", PageBreak: true},
		doc.Fields{Items: []doc.Field{
			{Label: "Osa-alue", Value: "1 Vapaaehtoinen alueellinen valmistelu ja hankekoordinaatio"},
			{Label: "Vastuuhenkilöt", Value: "Kristiina Taskinen, projektipäällikkö\nHanna Mara, projektisihteeri/viestijä"},
		}},
		doc.Boxes{Columns: 2, Items: []doc.Box{
			{Title: "Yleistilanne suhteessa hankesuunnitelmaan", Light: "green", LightText: "Vihreä", Blocks: []doc.Block{doc.P("Hankekoordinaation osalta työt etenee aikataulussa ja suunnitellusti")}},
			{Title: "Keskeiset aikaansaannokset (22.11.2021 mennessä)", Blocks: []doc.Block{doc.List{Items: []string{"Projektinhallinta", "Ohjausryhmät x 5 (HELLÄ:n kanssa yhteinen)", "Osallisuuden iso kuva –työstö yhdessä HELLÄ:n ja kansalais- ja potilasjärjestöjen kanssa", "Viestintää (ks. erillinen dia viestinnästä)", "Maksatushakemus x 2"}}}},
			{Title: "Vielä tehtävänä", Blocks: []doc.Block{doc.List{Items: []string{"Projektinhallinta", "3. Maksatushakemus hankkeen jälkeen 28.2.2022", "Ohjausryhmä vielä 14.1.2022"}}}},
			{Title: "Poikkeamat, ongelmat, riskit", Light: "yellow", LightText: "Keltainen", Blocks: []doc.Block{doc.List{Items: []string{"Korona", "Etätyö", "Lopputyöt 1/2022 (kustannukset Kristiina 20% ja Hanna 100%)"}}}},
		}},
		doc.Legend{Title: "Liikennevalot", Items: []doc.LegendItem{{Light: "green", Text: "Vihreä: etenee suunnitellusti"}, {Light: "yellow", Text: "Keltainen: poikkeamia, hallinnassa"}, {Light: "red", Text: "Punainen: vaatii ohjausryhmän toimia"}}},
		doc.Heading{Level: 1, Text: "Budjetti", PageBreak: true},
		doc.Chart{
			Title:      "Toteutuma 1.8.2020 – 15.11.2021",
			Alt:        "Toteutunut ja käyttämättä kustannuslajeittain; luvut taulukossa kaavion alla.",
			Categories: []string{"Henkilöstömenot", "Palvelujen ostot", "Yhteensä"},
			Series: []doc.Series{
				{Name: "Toteutunut", Values: []int64{41227500, 28123700, 69351200}, Labels: []string{"412 275 €", "281 237 €", "693 512 €"}},
				{Name: "Käyttämättä", Values: []int64{30856100, 41876300, 72732400}, Labels: []string{"308 561 €", "418 763 €", "727 324 €"}, Pattern: "hatch"},
			},
		},
	)
	t := doc.Table{Caption: "Kustannukset kuukausittain", Columns: []doc.Column{{Title: "Kuukausi", Width: 2}, {Title: "Kustannuslaji", Width: 4}, {Title: "Toteutunut", Width: 2, Numeric: true}}}
	for i := 0; i < 60; i++ {
		t.Rows = append(t.Rows, doc.Row{Cells: []string{fmt.Sprintf("%d/2021", i%12+1), "Henkilöstömenot", fmt.Sprintf("%d 234,50 €", i+1)}})
	}
	t.Rows = append(t.Rows, doc.Row{Cells: []string{"Yhteensä", "", "1 866 270,00 €"}, Bold: true})
	d.Blocks = append(d.Blocks, t,
		doc.PageBreak{},
		doc.Heading{Level: 1, Text: "Yhteystiedot"},
		doc.Paragraph{Small: true, Runs: []doc.Run{{Text: "Kristiina Taskinen, projektipäällikkö", Bold: true}, {Text: "\nkristiina.taskinen@example.fi"}}},
	)
	return d
}
