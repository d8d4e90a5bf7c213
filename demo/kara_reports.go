package demo

import (
	"strings"

	"github.com/salkku/salkku"
)

// The status reports of seed 002: the KaRa programme's report to its
// steering group of 22.11.2021, one slide per work package, transcribed box
// by box. Pure data: the loader that stores them comes with the report
// store.
//
// How the slides' text was taken:
//   - The four boxes of a slide are Overall ("Yleistilanne suhteessa
//     hankesuunnitelmaan"), Achievements ("Keskeiset aikaansaannokset
//     (22.11.2021 mennessä)"), ToDo ("Vielä tehtävänä", on Osa-alue 4's
//     slide "Vielä tehtävänä / Jatko") and Deviations ("Poikkeamat,
//     ongelmat, riskit"). A box the slide leaves empty is "".
//   - The text extraction broke lines mid-sentence and mid-bullet; they are
//     rejoined so that each bullet is one line starting with "• ". A line
//     broken after a hyphen goes on without a space ("Virta-" +
//     "hankkeen"), except where the hyphen ends a word of its own ("ero-,
//     huolto- ja"). Lines without a bullet on the slide (sub-headings such
//     as "Järjestämistehtävän selkiyttäminen", a box written as a
//     paragraph) stay lines of their own without one.
//   - Words and punctuation are the slide's, typos included ("Kainuun siten
//     raportoinnin", "STM:n asteusta"). Double spaces are made single, also
//     where the PDF seems to have lost an arrow ("Työajanseurannat
//     työpanoksen siirrot"): nothing is put in its place.
//   - The legend "H=HELLÄ-yhteys" under a slide (karaLegend) goes with the
//     work package's tag "H" (kara.go) and is not part of a box; neither
//     are Osa-alue 4's footnote and link, which are in its description.
//   - Every report has an overall light, which submitting a report needs
//     (salkku.CheckSubmit).
//   - Osa-alue 4's achievements are a table of goals and what was done for
//     each: a goal is a sub-heading line, its results the bullets under it.
//
// The extra slide "TP 3 Tietojohtamista tukevat työvälineet a) … b) …" of
// the reporting team (raportointitiimi) names the same two people as a) and
// b) but reports on the team that serves both. Copying it into a) and b)
// would give each two reports of one date, and merging it into their boxes
// would change their words; so it is a report of OA2 TP3 itself, whose
// responsible people they are, with Covers naming the two sub-packages its
// title names. (The register makes no work package of its own for the
// slide either.)
//
// Traffic lights follow from the slide's words, and each carries the words
// it follows from (Why: the reason, quoted, which the test finds on the
// slide):
//   - green (suunnitelman mukainen): the slide says the dimension is on
//     plan ("etenee aikataulussa", "suunnitellusti"); for the overall light
//     also an overall box that reports progress and no deviation at all;
//   - yellow (poikkeama): the slide states a deviation from the plan in
//     that dimension (late, changed, not enough), which still leaves the
//     work package's result within the project;
//   - red (ongelma): the slide states that the planned result will not be
//     reached within the project ("ei toteudu hankkeen aikana");
//   - "": the slide says nothing about the dimension. A risk named in the
//     deviations box without saying it has happened ("Eri osallistujien
//     aikaresurssit", "Ajan riittävyys.") sets no light: it is a risk, in
//     karaRisks.

// karaReportDate is the date of the report, as its boxes say "(22.11.2021
// mennessä)".
const karaReportDate = "2021-11-22"

// karaLegend is the legend under the slides of the work packages tagged
// "H" in kara.go.
const karaLegend = "H=HELLÄ-yhteys"

// karaLight is one traffic light and the slide's words it follows from.
type karaLight struct {
	Colour string // salkku.LightGreen, LightYellow, LightRed, or "" where the slide is silent
	Why    string // the slide's words, verbatim; "" only when Colour is ""
}

// onPlan, deviation and problem make the green (suunnitelman mukainen),
// yellow (poikkeama) and red (ongelma) light.
func onPlan(why string) karaLight    { return karaLight{salkku.LightGreen, why} }
func deviation(why string) karaLight { return karaLight{salkku.LightYellow, why} }
func problem(why string) karaLight   { return karaLight{salkku.LightRed, why} }

// karaLights are a report's lights for the five dimensions.
type karaLights struct {
	Overall, Schedule, Cost, Scope, Resources karaLight
}

// colours are the lights alone, as a report stores them.
func (l karaLights) colours() salkku.Lights {
	return salkku.Lights{
		Overall: l.Overall.Colour, Schedule: l.Schedule.Colour, Cost: l.Cost.Colour,
		Scope: l.Scope.Colour, Resources: l.Resources.Colour,
	}
}

// karaReport is one slide: the work package's report of karaReportDate.
type karaReport struct {
	WorkPackage string   // a code in karaProgramme
	Responsible []string // as the slide names them, in its order
	// Covers names the sub-packages a report on their parent is about,
	// where the slide's title names them; "" when it is the whole package.
	Covers string
	// The four boxes, lines joined by "\n"; bullets start with "• ".
	Overall, Achievements, ToDo, Deviations string
	Lights                                  karaLights
}

// karaReports are the slides in the seed's order.
var karaReports = []karaReport{
	{
		WorkPackage: "OA1",
		Responsible: []string{"Kristiina Taskinen", "Hanna Mara"},
		Overall:     "Hankekoordinaation osalta työt etenee aikataulussa ja suunnitellusti",
		Achievements: lines(
			"• Projektinhallinta",
			"• Ohjausryhmät x 5 (HELLÄ:n kanssa yhteinen)",
			"• Osallisuuden iso kuva –työstö yhdessä HELLÄ:n ja kansalais- ja potilasjärjestöjen kanssa",
			"• Viestintää (ks. erillinen dia viestinnästä)",
			"• Alueviestintäverkoston palaverit (AVI/STM)",
			"• Hankesalkkuraportoinnit x kk (7/2021 alkaen 2 kk välein)",
			"• Maksatushakemus x 2",
			"• Innokylä-raportointi ja koordinointi",
			"• Hankinnat x n kpl (valmistelu, esitys, sopimusten valmistelu)",
			"• VIRTA-tietojohtamisen verkostotyö",
			"• THL:n digikehittämisen yhteistyöverkostotyö",
		),
		ToDo: lines(
			"• Projektinhallinta",
			"• Osallisuuden iso kuva –työstö yhdessä HELLÄ:n ja kansalais- ja potilasjärjestöjen kanssa (vielä marras- ja joulukuu)",
			"• Viestintää suunnitelmien mukaisesti, Alueviestintäverkoston palaverit (AVI/STM)",
			"• Hankkeen Innokylä-raportointi ja koordinointi",
			"• Hankintoja (valmistelu, esitys, sopimusten valmistelu), jos tarvetta",
			"• Työajanseurannat työpanoksen siirrot",
			"• VIRTA-tietojohtamisen verkostotyö",
			"• THL:n digikehittämisen yhteistyöverkostotyö",
			"• Hankesalkkuraportoinnit: hankkeen jälkeen 10.1.2022",
			"• 3. Maksatushakemus hankkeen jälkeen 28.2.2022",
			"• Loppuraportoinnit (Hankesalkku, Innokylä, valtionavustuksen loppuselvitys)",
			"• Ohjausryhmä vielä 14.1.2022",
		),
		Deviations: lines(
			"• Korona",
			"• Etätyö",
			"• Lopputyöt 1/2022 (kustannukset Kristiina 20% ja Hanna 100%)",
		),
		Lights: karaLights{
			Overall:  onPlan("Hankekoordinaation osalta työt etenee aikataulussa ja suunnitellusti"),
			Schedule: onPlan("työt etenee aikataulussa"),
			// Work and its costs in 1/2022, after the project ends, listed as a
			// deviation.
			Cost: deviation("Lopputyöt 1/2022 (kustannukset Kristiina 20% ja Hanna 100%)"),
		},
	},
	{
		WorkPackage: "OA2 TP1",
		Responsible: []string{"Kristiina Taskinen"},
		Overall: lines(
			"Toteuttaminen poikkeaa suunnitellusta:",
			"• Työpakettiin ei saatu rekrytoitua suunnittelijaa",
			"• Tehtävien toteutusta muutettu: tehtävät jaettu hankkeen sisällä, lisäksi asiantuntijapalveluostot",
			"• Aikataulu poikkeaa hankesuunnitelmasta em. syistä: aloitettu v. 2021 puolella",
		),
		Achievements: lines(
			"Järjestämistehtävän selkiyttäminen",
			"• Järjestämistehtävän avaaminen: Laki sosiaali- ja terveydenhuollon järjestämisestä/HE – huomioiden HVA-valmistelu",
			"• Paikkatietojärjestelmän hankinta ja käyttöönotto, järjestämistehtävän tueksi palveluverkkosuunnitteluun",
			"• VIRTA-verkoston asiasisältöjen kehittämistyöhön osallistuminen",
			"• Tulevaisuuden data-alustan arkkitehtuurin suunnitteluprojekti (järjestäjän näkökulma)",
			"Järjestäjän tietotarpeet",
			"• Vähimmäistietosisällöt (Järjestämislaki 29 §) - DigiFinland Oy:n kansallinen koordinointi",
			"• (Tehtäviä sisällytetty osin myös TP 2:een)",
			"Toiminta-arkkitehtuurin kuvaaminen",
			"• Arter Oy:n asiantuntijapalvelut: työpajat",
			"• ARC-ympäristön päivittäminen tiedonhallintamallin mukaisesti",
			"• ARC-työstöstä sovittu, työpajat 2 viikon välein",
		),
		ToDo: lines(
			"Järjestämistehtävän selkiyttäminen",
			"• VIRTA-verkoston asiasisältöjen kehittämistyöhön osallistuminen jatkuu",
			"• Paikkatietojärjestelmän hyödyntämisen varmistaminen, pääkäyttäjäkoulutus",
			"• Tulevaisuuden data-alustan arkkitehtuurin suunnitteluprojektin loppuunsaattaminen ja esitys toteuttamisesta",
			"Järjestäjän tietotarpeet",
			"• Vähimmäistietosisällöt (29 §) – DigiFinlandin Oy:n koordinoimaan kehitystyöhön osallistuminen jatkuu",
			"• Vähimmäistietosisällöt hyvinvointialueen valmisteluun (tiedolla johtaminen)",
			"Toiminta-arkkitehtuurin kuvaaminen",
			"• ARC-työn jatkon selvittäminen/kokonaisarkkitehtuurin kuvaaminen hyvinvointialueen valmistelussa",
			"Loppuraportointi",
		),
		Deviations: "Projektipäällikön resurssit",
		Lights: karaLights{
			Overall:  deviation("Toteuttaminen poikkeaa suunnitellusta"),
			Schedule: deviation("Aikataulu poikkeaa hankesuunnitelmasta em. syistä: aloitettu v. 2021 puolella"),
			// Part of the tasks moved, "(Tehtäviä sisällytetty osin myös TP 2:een)".
			Scope:     deviation("Tehtävien toteutusta muutettu: tehtävät jaettu hankkeen sisällä"),
			Resources: deviation("Työpakettiin ei saatu rekrytoitua suunnittelijaa"),
		},
	},
	{
		WorkPackage: "OA2 TP2",
		Responsible: []string{"Hanne Vasankari"},
		Overall: lines(
			"• Työpaketin aloitus myöhästyi suunnitellusta: elokuun alku -> lokakuun alku =2kk myöhässä.",
			"• Virta-hankkeen aikataulu oli lyhyempi kuin hankesuunnitelman (tietojohtamisen kehittämissuunnitelman palautus jo 11/20, aikaa tekemiselle 2kk)",
			"• Ei hankesuunnitelmassa: Virta-hankkeelta tietojohtamisen kehittämissuunnitelman täydennysmahdollisuus alueille 1/21- 3/21, mikä vaikutti hankesuunnitelman mukaiseen aikatauluun: kehittämistoimenpiteiden tarkempien määrittelyjen aloitus siirtyi suhteessa hankesuunnitelmaan. Toisaalta, hankesuunnitelmassa ei ole määriteltyä aikataulua muille toimenpiteille kuin tietojohtamisen kehittämissuunnitelmalle",
			"• Ei hankesuunnitelmassa: OA 2 TP 1 vähimmäistietosisällön selvitystyö lisättiin tähän työpakettiin yhdeksi tehtäväksi",
			"• OA2 TP1 ei toteutunut hankesuunnitelmassa kuvatulla tavalla, mutta tämän työpaketin tavoitteet olivat osin siihen sidotut (kokonaisarkkitehtuuri)",
		),
		Achievements: lines(
			"• Tietojohtamisen kehittämissuunnitelma vs 1.0 tehty 30.11.20, läh. DigiFinland ja STM",
			"• Päivitetty/täydennetty versio 2.0 tehty 31.3.21, läh. DigiFinland ja STM",
			"• Kehittämissuunnitelman vs. 2.0 perusteella tehty tarkemmat määrittelyt kehitettävistä asioista. Suunnitelma vielä hankeaikana toteutettavista toimenpiteistä tehty.",
			"• Tietojohtamisen koulutus syksyllä -21, koulutussisältöön vaikutti DigiFinland toteuttama tietojohtamisen arviointi. Koulutus hankintana, tiedotus kohderyhmälle, etäkoulutuksen toteutus syys- ja lokakuussa (yht. 2 pv).",
			"• Koulutuspalautteen kerääminen ja siitä nousseiden asioiden tiedotus mm. koulutuspäällikölle",
			"• Viestintä: Blogikirjoitus tietojohtamisesta ja sen liittymäpinnoista KaRaan.",
			"• Järjestämistehtävä: vähimmäistietosisältöjen selvitystyö Virta-hankkeen koordinoimana. Palvelukyky/saatavuus ulottuvuuden työstö keväällä työryhmän kanssa tehty ja tulosten lähetys DigiFinlandille. Raportoinnin käyttötapaukset saatu DigiFinlandilta 8/21, josta viestintä myös tietohallinnolle. Tarve-ulottuvuuden selvitystyö meneillään Virta-hankkeen koordinoimana.",
			"• Tietojohtamisen toimintamallin alustava selvitystyö",
			"• Tiedon jakaminen eri tilaisuuksista sote-uudistukseen liittyen",
		),
		ToDo: lines(
			"• Kartoitus tulevaa tietojohtamisen toimintamallia varten",
			"• Vähimmäistietosisältöjä kuvaavien tietojen määrittelytyö jatkuu Virta-hankkeen ohjauksessa ja aikataulussa. Raportoinnin käyttötapauskuvauksista tiedottaminen",
			"• Tietojohtamisen kehittämissuunnitelman päivitys vastaamaan nykytilannetta",
			"• Viestintä: Tiedotus uutiskirjeessä 12/21",
			"• Loppuraportti",
		),
		Deviations: lines(
			"• Virta-hankkeesta johtuva aikataulumuutos tietojohtamisen kehittämissuunnitelman teossa (päivitysmahdollisuus).",
			"• Kansallisesti tasolla tehtävän työn etenemisen hitaus vs. hankeaika.",
			"• Koronatilanne",
			"• Eri osallistujien aikaresurssit",
			"• Sote-uudistuksen valmistelun käynnistymisen aikataulu vrt. KaRa:n hankeaika",
		),
		Lights: karaLights{
			Overall:  deviation("Työpaketin aloitus myöhästyi suunnitellusta"),
			Schedule: deviation("elokuun alku -> lokakuun alku =2kk myöhässä"),
			Scope:    deviation("Ei hankesuunnitelmassa: OA 2 TP 1 vähimmäistietosisällön selvitystyö lisättiin tähän työpakettiin yhdeksi tehtäväksi"),
		},
	},
	{
		WorkPackage: "OA2 TP3 a",
		Responsible: []string{"Jouko Selkälä", "Sanna Aikio"},
		Overall: lines(
			"• Edistymistä viivästytti lähdejärjestelmään (ProConsona) sekä kustannusten kohdistamiseen liittyneet ongelmat, mutta tekninen käyttöönotto tapahtui aikataulussa.",
			"• HR tiedot eivät siirry TIJOon. Palkkatietojärjestelmän integraation päivitys on kesken - Pegasos vaihtui Populukseen vuodenvaihteessa 2020/2021",
			"• Tietojen tarkistaminen TIJOn lähdetietojärjestelmien tietojen välillä edennyt. Talous-, henkilöstöhallinto-, potilastieto- ja sosiaalihuollontietojärjestelmien välille tehty tarkistusta helpottavia raportteja",
		),
		Achievements: lines(
			"• TIJO päivitys uuteen versioon tehty.",
			"• Tekninen dokumentaatio katselmoitu 0.9. versio.",
			"• Tiedot siirtyvät pääosin automaattisesti lähdejärjestelmistä.",
			"• TIJO tietokanta on käytettävissä raportoinnin tietolähteenä raportointitiimiläisille.",
			"• TIJO-koulutus raportointitiimiläisille 30.6.2021",
			"• TIJO palvelinten suorituskykyä on nostettu keskusmuistia ja prosessointitehoa lisäämällä.",
			"• TIJO tietojen tarkistamista ja korjaamista. Vuoden 2015 tilitietojen tuplarivit poistettu.",
			"• TIJO tietokannan summataulun testaus kuukausitasolla.",
			"• TIJO tietojen tarkistamisen raportit",
		),
		ToDo: lines(
			"• TIJO mäppäysten viimeistely.",
			"• TIJO teknisen dokumentin päivitetyn version sisällön tarkistaminen.",
			"• TIJO pääkäyttäjäkoulutus ja teknisen ylläpidon haltuunotto omalla väellä (tavoite).",
			"• Raportoinnin (Raportointitaulujen) kehittäminen.",
			"• TIJO:n hyödyntäminen palveluketjun kustannusvaikuttavuus- ja terveyshyötypilotissa",
			"• Loppuraportointi",
		),
		Deviations: lines(
			"• Aikatauluongelmat ja viiveet asiantuntijoiden kanssa.",
			"• Tietovaraston datan eheys - lähdetietojärjestelmämuutokset.",
			"• TIJO tietokannan suorituskyky on haaste. Vastaa hitaasti tai ei lainkaan suuriin tietopyyntöihin",
		),
		Lights: karaLights{
			Overall:  deviation("Edistymistä viivästytti lähdejärjestelmään (ProConsona) sekä kustannusten kohdistamiseen liittyneet ongelmat"),
			Schedule: deviation("Aikatauluongelmat ja viiveet asiantuntijoiden kanssa."),
			// Still being fixed: "integraation päivitys on kesken".
			Scope: deviation("HR tiedot eivät siirry TIJOon."),
		},
	},
	// The overall box lists what is done and no deviation: green.
	{
		WorkPackage: "OA2 TP3 b",
		Responsible: []string{"Jouko Selkälä", "Sanna Aikio"},
		Overall: lines(
			"• Raportointijärjestelmä on asennettu ja käytettävissä.",
			"• Raportointitiimiläisiä on perehdytetty Power BI työkalun käyttöön.",
			"• Viikottaiset raportointitiimin tukipalaverit",
			"• Jakelukanava on käyttöönotettavissa",
		),
		Achievements: lines(
			"• Raportointityökalu on valittu: MS Power BI (suomenkielinen)",
			"• Työkalu on otettu käyttöön, raportointiympäristö rakennettu, desktop asennettu raportointitiimiläisten koneille",
			"• Käyttäjäkoulutukset raportointitiimille on pidetty 11.-12.5.2021",
			"• TIJO käyttökoulutus raportointitiimille on pidetty 30.6.2021",
			"• Raportointitiimin viikottaiset tunnin mittaiset tuki-/koulutuskokoukset on aloitettu valmiiden raportointipohjien esittelyllä ja Power Bi käytön opastuksella.",
			"• Raporttipohjaversiot HR tietojen, tilien ja käyntien raportointiin tehtynä.",
			"• Tukiraportteja laadittu tietojen tarkistamista varten.",
		),
		ToDo: lines(
			"• Raporttitiimiläisten tukeminen raportointijärjestelmän haltuunotossa ja hyödyntämisessä, mm. Power BI desktop jatkotyöpajat.",
			"• Hakemistorakenteen suunnittelu ja toteutus.",
			"• Raporttien jakelu",
			"• Raportointipohjien ja malliraporttien edelleen kehittäminen",
			"• Loppuraportointi",
		),
		Deviations: lines(
			"• Power BI-osaaminen ei kehity organisaatiossa",
			"• Raportointitiimin ajankäyttö on liian vähäistä, jotta työkalu saadaan aidosti haltuun.",
		),
		Lights: karaLights{
			Overall:   onPlan("Raportointijärjestelmä on asennettu ja käytettävissä."),
			Resources: deviation("Raportointitiimin ajankäyttö on liian vähäistä, jotta työkalu saadaan aidosti haltuun."),
		},
	},
	// The reporting team's slide "TP 3 … a) … b)": see the top of the file.
	{
		WorkPackage: "OA2 TP3",
		Responsible: []string{"Sanna Aikio", "Jouko Selkälä"},
		Covers: lines(
			"a) TIJO-mallin kehittäminen ja uudistetun mallin käyttöönotto",
			"b) Raportointijärjestelmän käyttöönotto",
		),
		Overall: lines(
			"• Raportointitiimi on perustettu osana KaRa-hanketta.",
			"• Hankkeen aikana tiimin toiminta tukee tietojohtamista tukevien työvälineiden käyttöönottoa ja/tai määrittelyä.",
			"• Raportointitiimi on kokoontunut säännöllisesti ja uuden raportointijärjestelmän ja TiJo:n koulutus raportointitiimille on pidetty",
			"• Power BI –ohjelman käyttöä harjoiteltu ja soten raporttipohjien muokkaamista/suunnittelua tehty",
		),
		Achievements: lines(
			"• Raportointitiimi kokoontunut säännöllisesti (koko tiimi tai tarvittavat avainhenkilöt, esim. taloushallinnosta) ja elokuusta 2021 lähtien pidetty Power BI –työpajat (1 h/vko). Työpajat kalenteroitu hankkeen loppuun asti.",
			"• Raportointitiimi on työstänyt TiJo:on liittyen mm. TiJo:n tilimäärittelyjä, tarkistanut/tehnyt oikeiden kustannuspaikkojen ja suoritteiden yhdistämistä ja tarkistanut TIJO:on tulevien suoritteiden suoritetyyppejä",
			"• Power BI –koulutus järjestetty raportointitiimille 11.-12.5.2021 ja koulutuksesta kerätty palaute",
			"• TiJo-koulutus järjestetty raportointitiimille 30.6.2021 ja koulutuksesta kerätty palaute",
			"• Raportointitiimin toiminnasta ja toiminnan kehittämisehdotuksista Questback-kysely raportointitiimiläisille 8.-15.9.2021",
			"• Muutama raportointitiimiläinen on jo laatinut raportteja omatoimisesti",
			"• Chainalyticsin valmiit raporttipohjat käyty läpi raportointitiimissä ja raporttipohjien visuaalista/graafista ilmettä päivitetty soten mukaiseksi (pohjat tallennettu Y-asemalle)",
			"• Raporttipalvelimen alustava kansiorakenne luotu (palvelimella kansiot talousraporteille, henkilöstöraporteille, suoriteraporteille ja yhdistelmäraporteille)",
		),
		ToDo: lines(
			"• Power BI –kertauskoulutus 1.12. ja 2.12. klo 9.12 (etäkoulutus, Sulava Oy)",
			"• Power BI –ohjelman osaamisen vahvistaminen tiimissä hankkeen loppuun asti (säännölliset työpajat)",
			"• Raportointitiimin työn/raportoinnin organisoinnin jatkon suunnittelu hankkeen jälkeen (raportoinnin tiekartta)",
			"• Loppuraportointi",
		),
		Deviations: lines(
			"• Raportointitiimin jäsenten sitoutumisen ongelmat (aikatauluongelmat ja viiveet, esimiehen tuen puute)",
			"• Power BI:hin ja TiJo:oon liittyvän osaamisen vahvistaminen organisaatiossa/raportointitiimissä ei toteudu, jolloin työvälineiden käyttö jää vähäiseksi ei pystytä tuottamaan tarvittavaa tietoa tiedolla johtamisen tueksi",
		),
		Lights: karaLights{
			Overall:   onPlan("Raportointitiimi on kokoontunut säännöllisesti ja uuden raportointijärjestelmän ja TiJo:n koulutus raportointitiimille on pidetty"),
			Resources: deviation("Raportointitiimin jäsenten sitoutumisen ongelmat"),
		},
	},
	{
		WorkPackage: "OA2 TP3 d",
		Responsible: []string{"Jouko Selkälä"},
		Overall: lines(
			"• Ohjaustaulun käyttöönottoa jaettu vaiheisiin: 1. laite ja julkaisualusta 2. tiedonkeruu järjestelmistä.",
			"• Digitaalisen ohjaustaulun asiantuntijaksi valittiin – Istekki Oy.",
			"• Käyttöönotto oli viivästymässä suunnitellusta (6/2021) syksyyn) Syy: sopivan ohjelmantoteuttajan etsiminen/valinta vei suunniteltua enemmän aikaa",
			"• Sopimukseen töiden aloittamiseksi ei ole päästy.",
			"• Toteutus ja käyttöönotto ei toteudu hankkeen aikana",
		),
		Achievements: lines(
			"• Työryhmä järjestäytynyt hyvissä ajoin.",
			"• Loppukäyttäjien tarpeet tunnetaan.",
			"• Määrittelyasiakirja on valmis.",
			"• Asiantuntijaostopalvelun hankintaa viety eteenpäin.",
			"• Istekki Oy on valittu toteuttajaksi 1. vaiheen toteutukseen: Seinätaulu perustuu Savoapartner Oy:n (HELLÄ kumppani) ohjaustaulu excel 2.0 versioon sisältöön.",
			"• 1. vaiheen valmisteleva toteutus lähti ripeästi käyntiin suullisen sopimuksen jälkeen. Viikoittaiset projektitilannepalaverit ja valmistelevia kokouksia pidettiin.",
		),
		ToDo: lines(
			"• Virallinen sopimus asiantuntijaostopalvelusta.",
			"• Tekninen määrittely, toteutus, testaus ja käyttöönotto.",
			"• Toisen vaiheen toteutuksen määrittely",
			"• Loppuraportointi",
		),
		Deviations: lines(
			"• Aikataulu venyy. Sopimukseton tila. Toteutusta ei tehdä.",
			"• Manuaalisen ohjaustaulun sisältö muuttuu. Tiedon keruu viivästyy.",
			"• Ohjaustaulua ei voi ottaa kerralla käyttöön vaan täytyy vaiheistaa.",
			"• Asiantuntijaostopalvelu- ja investointivarojen riittävyys.",
		),
		Lights: karaLights{
			Overall:  problem("Toteutus ja käyttöönotto ei toteudu hankkeen aikana"),
			Schedule: problem("Toteutus ja käyttöönotto ei toteudu hankkeen aikana"),
			Scope:    problem("Toteutus ja käyttöönotto ei toteudu hankkeen aikana"),
		},
	},
	{
		WorkPackage: "OA2 TP3 e",
		Responsible: []string{"Jouko Selkälä"},
		Overall: lines(
			"• Käyttöönotto tulee myöhästymään suunnitellusta (6/2021) loppuvuoteen. Syy: Toteutuksen valinta on ollut haastavaa ja vienyt aikaa suunniteltua enemmän.",
			"• Yhteistyökumppaniksi valittiin Tiera. Toteutuksen määrittelyvaiheesta on tehty sopimus. Määrittelytyö on käynnissä. Konseptointisuunnitelmasta alustava versio valmis. Saatu Tieralta. käyttöönotto ei toteudu hankkeen aikana.",
		),
		Achievements: lines(
			"• Määrittelytyö tehty yleisellä tasolla (luonnos).",
			"• Työryhmä katselmoinut määrittelyasiakirjan.",
			"• Teknisten vaihtoehtojen kartoitusta järjestelmäalustaksi.",
			"• Yhteistyökumppanin kartoitusta.",
			"• Tieran kanssa käyty neuvottelua. Tarjous yhteistyöstä saatu ja sopimus tehty.",
		),
		ToDo: lines(
			"• Tekninen määrittely, toteutus, testaus ja käyttöönotto",
			"• Loppuraportointi",
		),
		Deviations: lines(
			"• Useita palautemenetelmiä jo käytössä ja useita kehittämissuunnitelmia meneillään.",
			"• Integraatio olemassa oleviin tietojärjestelmiin.",
			"• Aikataulu ei tule riittämään toteutusvaiheeseen ja käyttöönottoon.",
		),
		Lights: karaLights{
			Overall:  problem("käyttöönotto ei toteudu hankkeen aikana."),
			Schedule: problem("Aikataulu ei tule riittämään toteutusvaiheeseen ja käyttöönottoon."),
			Scope:    problem("käyttöönotto ei toteudu hankkeen aikana."),
		},
	},
	{
		WorkPackage: "OA2 TP4",
		Responsible: []string{"Paula Tolonen"},
		Overall: lines(
			"• Pilotti: 4. Menossa uudistetun hoito- ja palveluketjun käyttöönotto ja Lopputulokset ja päätelmät",
			"• Asiakaskyselyt jatkuvat mahdollisimman pitkälle (joulukuun alkuun).",
			"• HyVo- käyntiin liittyvät vaikuttavuusindikaattorit: aikataulutettu maalis-syyskuuhun, kestää loppuvuoteen.",
		),
		Achievements: lines(
			"• Hoito- ja palveluketjun ja prosessien kuvausten nykytila kartoitettu",
			"• Muutosten määrittäminen ja toteuttaminen: työpajat osallisten kanssa kesä- ja heinäkuussa",
			"• Asiakaskyselyiden kerääminen ja välianalysointi",
			"• Viestintää",
			"• TiJo:sta saatavan esimerkkiraportin suunnittelun käynnistäminen",
		),
		ToDo: lines(
			"• Osallisuusiltamat 25.11. ja viestintää",
			"• Asiakaskyselyiden kerääminen (jatkuu mahdollisimman pitkälle) ja analysointi",
			"• TiJon hyödyntäminen hoitoketjun kustannusvaikuttavuuden mittaamisessa",
			"• Lopputulokset ja päätelmät",
		),
		Deviations: lines(
			"• Korona",
			"• Saadaanko tarpeeksi asiakaskyselyihin vastaajia ja vaikuttavuustietoa pilotin tiiviin aikataulun vuoksi?",
		),
		Lights: karaLights{
			Overall:  deviation("aikataulutettu maalis-syyskuuhun, kestää loppuvuoteen."),
			Schedule: deviation("aikataulutettu maalis-syyskuuhun, kestää loppuvuoteen."),
		},
	},
	{
		WorkPackage: "OA3 TP1 a",
		Responsible: []string{"Laura Moilanen"},
		Overall: lines(
			"• Verkkosivujen uudistamista koskeva konseptisuunnitelman tekeminen palvelumuotoilun avulla on aloitettu (4-5 kuukautta aikataulusta jäljessä. Syy: 2 tarjouskierrosta, ensimmäisessä ei saatu varteenotettavia tarjouksia).",
			"• Verkkosivujen uudistus voidaan toteuttaa terveysasemien osalta. Perhekeskuksen verkkosivujen kehittämiseen hankkeessa varatut resurssit eivät riittäneet",
		),
		Achievements: lines(
			"• Päätös, että erillistä digipalvelualustaa ei hankita vaan olemassa olevia verkkosivuja kehitetään terveysasemien osalta ja lisäksi verkkosivuille integroidaan palvelutiedot Suomi.fi -palvelutietovarannosta",
			"• Verkkosivujen muutoksista laadittu konseptisuunnitelma palvelumuotoilun avulla",
			"• PTV-tietojen integraatio/verkkosivujen muutosprojektin verkkosivujen toimittajan kanssa (käynnissä)",
			"• Loppuraportti",
		),
		ToDo:       "• PTV-tietojen integraatio/verkkosivujen muutosprojektin loppuunsaattaminen",
		Deviations: "• Aikataulu",
		Lights: karaLights{
			Overall:   deviation("4-5 kuukautta aikataulusta jäljessä."),
			Schedule:  deviation("4-5 kuukautta aikataulusta jäljessä."),
			Scope:     deviation("Verkkosivujen uudistus voidaan toteuttaa terveysasemien osalta."),
			Resources: deviation("Perhekeskuksen verkkosivujen kehittämiseen hankkeessa varatut resurssit eivät riittäneet"),
		},
	},
	{
		WorkPackage: "OA3 TP1 b",
		Responsible: []string{"Laura Moilanen"},
		Overall: lines(
			"• Omasoten käyttöliittymän uudistamisen konseptisuunnitelma toteutui suunnitellusta aikataulustaan myöhässä.",
			"• Käyttöönotto viivästyi suunnitellusta (1-2/2021) (syy: käyttöönotto oli ajoitettava versiopäivityksen yhteyteen)",
		),
		Achievements: lines(
			"• Laadittu konseptisuunnitelma Omasoten uudistamisesta",
			"• Toteutettu konseptisuunnitelman mukaiset muutokset Omasoteen",
			"• Tehty käyttöönottoon liittyvää testi- ja tuotantoympäristön testausta",
			"• Tiedotettu henkilöstöä, järjestöjä ja kansalaisia Omasoten uudistumisesta",
			"• Päivitetty käyttöohjeita ja laadittu ohjevideoita",
			"• Kartoitettu keväällä projektin ulkopuolelle rajatut kehityskohteet (3 kpl), pyydetty toimittajalta näistä tarjouspyynnöt. Haettu ja saatu rahoitusta STM:ltä.",
			"• Kotimittausosion ja lääkelistanäkymän testaus",
			"• Loppuraportti",
		),
		ToDo: lines(
			"• Lääkelistanäkymän testaus viimeisteltävänä",
			"• Kotimittausosion testaus jatkuu",
			"• Saavutettavuusarviointi (Csam)",
			"• Kotimittausosion käyttöohjeiden päivitys",
		),
		Deviations: "• Aikataulu!",
		Lights: karaLights{
			Overall:  deviation("Omasoten käyttöliittymän uudistamisen konseptisuunnitelma toteutui suunnitellusta aikataulustaan myöhässä."),
			Schedule: deviation("Käyttöönotto viivästyi suunnitellusta (1-2/2021)"),
		},
	},
	// "eteni suunnitelman mukaan, vaikka … jäljessä": the slide calls it on
	// plan overall, late on schedule.
	{
		WorkPackage: "OA3 TP2 a",
		Responsible: []string{"Laura Moilanen"},
		Overall:     "• Projekti eteni suunnitelman mukaan, vaikka suunniteltuun aikatauluun (1/2021) nähden 4-5 kuukautta jäljessä. (Syyt: Moniammatillisen tiimimallin keskeneräisyys, Omasoten kehitystyö)",
		Achievements: lines(
			"• Asiakkuussovellus määritelty, toteutettu, pilotointi suunniteltu ja suoritettu, hankittu 20 kpl SBM-lisenssejä pilotin toteuttamiseen ja tehty sovelluksen viimeistelyä",
			"• Selvitetty kertakirjautumisen mahdollisuutta LifeCaren ja Asiakkuussovelluksen välille ja haettu tähän rahoitusta",
			"• Loppuraportti",
		),
		ToDo:       "• Kertakirjautumisen toteutusprojektin seuranta",
		Deviations: "• Aikataulu",
		Lights: karaLights{
			Overall:  onPlan("Projekti eteni suunnitelman mukaan"),
			Schedule: deviation("suunniteltuun aikatauluun (1/2021) nähden 4-5 kuukautta jäljessä."),
		},
	},
	// Nothing still to do, no deviations: both boxes are empty on the slide.
	{
		WorkPackage: "OA3 TP2 b",
		Responsible: []string{"Laura Moilanen"},
		Overall:     "• Projekti etenee aikataulussaan",
		Achievements: lines(
			"• Kerralla kuntoon - pilotti toteutettu Teppanan hammashoitolassa ja tätä varten hankittu TOJ",
			"• Tehty päätös pilotin lopettamisesta kokeiluajan umpeuduttua, järjestelmä ei hankita pysyvämpään käyttöön",
			"• Loppuraportti",
		),
		Lights: karaLights{
			Overall:  onPlan("Projekti etenee aikataulussaan"),
			Schedule: onPlan("Projekti etenee aikataulussaan"),
		},
	},
	{
		WorkPackage: "OA3 TP2 c",
		Responsible: []string{"Laura Moilanen"},
		Overall: lines(
			"• Tehtävää ei pystytty viemään loppuun hankesuunnitelmassa esitetyllä tavalla (ratkaisun valinta, kokeilu, kehittäminen, käyttöönotto, laajentaminen)",
			"• Projekti suunniteltuun aikatauluun nähden selvästi jäljessä, vaikka projekti aloitettiin aikataulussaan tarvekartoituksella ja prosessin kartoittamisella. Hellä -hankkeen koordinoima muutos vastaanottotoiminnassa kohti moniammatillisuutta hakee vielä muotoaan ja tarpeiden määrittely ammattilaisille oli haastavaa.",
			"• Markkinakartoituksen perusteella kokeiluun sopivaa ratkaisua ei ollut valmiina ja Kainuun sotessa käytössä oleva teknologiakin (Omasoten ammattilaisviesti) olisi vaatinut merkittävää kehitystyötä, jota hankkeen aikana ei pystytty toteuttamaan.",
		),
		Achievements: lines(
			"• Ammattilaisten tarpeita kartoitettu etäyhteydenpitovälineiden vaatimuksista",
			"• Kirjoitettu raportti / esitys etäkonsultaation nykytilasta ja tulevaisuuden näkymistä tehtyjen asiantuntijahaastatteluihin pohjautuen",
			"• Loppuraportti",
		),
		Deviations: lines(
			"• Moniammatillisen työskentelymallin keskeneräisyys",
			"• Kokeiluun ei löytynyt sopivaa valmista ratkaisua Ratkaisun kehitystyöhön ei hankesuunnitelmassa ollut varattu rahoitusta Aika ei olisi riittänyt toteutukseen, vaikka rahoitusta olisi myöhemmin ollut käytettävissä",
			"• Jälkiviisaus: Optimistinen hankesuunnitelma",
		),
		Lights: karaLights{
			Overall:  problem("Tehtävää ei pystytty viemään loppuun hankesuunnitelmassa esitetyllä tavalla"),
			Schedule: problem("Aika ei olisi riittänyt toteutukseen"),
			// Not an overrun: money the plan never had, one reason the task
			// failed (scope and schedule are red for that).
			Cost:  deviation("Ratkaisun kehitystyöhön ei hankesuunnitelmassa ollut varattu rahoitusta"),
			Scope: problem("Tehtävää ei pystytty viemään loppuun hankesuunnitelmassa esitetyllä tavalla (ratkaisun valinta, kokeilu, kehittäminen, käyttöönotto, laajentaminen)"),
		},
	},
	{
		WorkPackage: "OA3 TP2 d",
		Responsible: []string{"Laura Moilanen"},
		Overall: lines(
			"• Nykytilan kartoitus on tehty",
			"• Tarkan käyttöönotto / laajennussuunnitelman sijaan lisätään PSOP-järjestelmän käytöstä hyötyvien yksiköiden tietämystä tarjoamalla tietoa PSOPista järjestämällä esittely/koulutusta",
			"• Toteutettu PSOPin käyttöönotto suun terveydenhuollossa suunnitellusti",
		),
		Achievements: lines(
			"• Tehty nykytilan kartoitustyö, jossa on selvitetty millä yksiköillä on PSOP -järjestelmään soveltuvaa ostopalvelua",
			"• PSOP -esittelytilaisuuden järjestäminen ostopalveluita tarjoaville Kainuun soten yksiköille yhteistyössä Kuntien Tiera Oy:n kanssa",
			"• PSOP:n käyttöönoton suunnittelu ja toteutus suun terveydenhuollossa",
			"• Loppuraportti",
		),
		ToDo: "• Koulutuksen järjestäminen käyttöönotosta kiinnostuneille yksiköille (riippuvuuksien hoito & lapsiperheiden palvelut)?",
		Deviations: lines(
			"• Nykytilan kartoitus on ollut melko haastavaa (tulosalueilla ostopalveluiden hallinnointi monenkirjavaa)",
			"• Yksiköiden haluttomuus muuttaa toimintatapoja tarkan laajennussuunnitelman sijaan pyritty lisäämään yksiköiden tietämystä järjestelmästä ja sen eduista järjestämällä PSOPn esittelyjä/koulutusta",
		),
		Lights: karaLights{
			Overall: deviation("Tarkan käyttöönotto / laajennussuunnitelman sijaan lisätään PSOP-järjestelmän käytöstä hyötyvien yksiköiden tietämystä"),
			Scope:   deviation("Tarkan käyttöönotto / laajennussuunnitelman sijaan lisätään PSOP-järjestelmän käytöstä hyötyvien yksiköiden tietämystä"),
		},
	},
	// The deviations box is a paragraph, not a list; "Ajan riittävyys."
	// there is a risk, so the schedule stays green as the slide says.
	{
		WorkPackage: "OA3 TP3 a",
		Responsible: []string{"Minna-Mari Tanskanen"},
		Overall:     "Etenee aikataulussa, poiketen hankkeen alussa laaditusta toteutussuunnitelmasta kirjaamisohjeita/peilaustaulukoita aloitettu laatimaan vastuualueiden tarpeiden mukaan. Kysely sosiaalihuollon henkilöstölle Kantaan-liittymisen valmiuksista 5.-30.11.",
		Achievements: lines(
			"• Hankkeen alussa laadittu toteutussuunnitelma ja perehdytty tarkemmin asiaan ja tavoitteisiin",
			"• Kirjaamisasiantuntija-koulutus",
			"• Kirjaamisasiantuntija verkoston kuukausittaiset tapaamiset, suunnittelu ja fasilitointi.",
			"• Kirjaamisvalmennus sosiaalihuollon työntekijöille kevät (3x3,5h) ja syksy (4x3,5h)",
			"• Vastuualueittain työstetty määrityksistä käytännön kirjaamisen ohjeita; asiakaskertomusmerkinnät, työskentelyyn osallistunut Hypa:sta lapsiperheiden sosiaalipalvelut ja vammaispalvelut sekä aikuissosiaalityön kanssa aloitettu, LifeCare käyttävät Kehitysvammapkl- ja osasto sekä Ipa:n vastuualueet käyty läpi tämän hetken tilannetta ja tulevat sosiaalihuollon kirjaamisen vaatimukset",
			"• Yleisten kirjaamisohjeiden runko laadittu",
			"• Kirjaamisesta käyty keskusteluja/esitelty keskeisimpiä muutoksia vastuualueilla toiveiden mukaan",
			"• Verkostoituminen ja kansallisiin verkostoihin osallistuminen",
			"• Hankkeen jälkeiseen aikaan kirjaamisen tueksi perustettu työryhmä, kirjaamisasiantuntijoiden verkoston tapaamisten jatkamisesta sovittu",
			"• Kirjaamisvalmennuksien jatkuvuus: Kirjaamisvalmennus sovittu keväälle 2022 koulutuskalenteriin, kirjaamisasiantuntijoiden hyödyntäminen työyksiköissä",
		),
		ToDo: lines(
			"• Yleiset kirjaamisohjeet loppuun",
			"• Kansallisten määrittelyjen ymmärryksen vahvistaminen yhteisen työskentelyn avulla, kirjaamisohjeiden laatimisen tukeminen, aikuissosiaalityön kanssa työskentely jatkuu, monialainen kirjaaminen osana moniammatillisia toimintamalleja (HELLÄ, sivi-sote)",
			"• Kirjaamisasiantuntija verkoston tapaamiset kerran kuukaudessa hankkeen loppuun ja tapaamisten jatkuvuuden varmistaminen",
			"• Digikehittämisen loppuseminaari 14.12. Kainuun puheenvuoro",
			"• Kyselyn yhteenveto",
			"• Loppuraportointi",
		),
		Deviations: "Määrämuotoisen kirjaamisen, asianhallinnan ja määrittelyiden ymmärryksen riittävä vahvistaminen. Tietojärjestelmät eivät vielä tue määrämuotoista ja rakenteistettuihin asiakirjoihin kirjaamista, joten käytäntöön vieminen haastavaa ja vaatii vielä työtä hankkeen jälkeenkin. Ajan riittävyys.",
		Lights: karaLights{
			Overall:  deviation("poiketen hankkeen alussa laaditusta toteutussuunnitelmasta"),
			Schedule: onPlan("Etenee aikataulussa"),
		},
	},
	{
		WorkPackage: "OA3 TP3 b",
		Responsible: []string{"Minna-Mari Tanskanen"},
		Overall:     "Lastensuojelun vanhojen tietojen arkistointi etenee, mutta ei valmistu projektiryhmän asettamassa uudessa aikataulussa (15.11. mennessä). Syynä eteen tulleet selvittelyä vaatineet tietohuoltoon liittyvät haasteet ja tietohuollon tekeminen asiakirjoihin. Aikataulua tarkasteltu uudestaan, tavoitteena saada päätökseen vko 51 mennessä.",
		Achievements: lines(
			"• Lastensuojelun vanhojen tietojen sähköinen arkistointi, sosiaalihuollon asiakastiedon arkistoon Kantaan, on vielä toteutusvaiheessa, mutta lähes valmis.",
			"• Käyttöönottokoe on tehty ja tuotantoaineiston massapoiminnat tehty, konvertoitu ja validoitu. Asiakirjat ajalta 2015-2020 siirretty onnistuneesti Kantaan ja tarkistettu siellä.",
			"• Keskeisimmät aikaansaannokset on projektin valmistelu ja toteutuksen edistäminen, asiakirjojen tarkastaminen (validointi) ja poiminnoissa ilmenneiden haasteiden selvittely",
			"• Selvityksen alla oli rajauksen ulkopuolelle jäävien asiakirjojen sähköinen arkistointi. Asiaa selvitetty ja todettu, että aika ja henkilöresurssit eivät riitä toteutukseen.",
			"• Kysely sosiaalihuollon henkilöstön valmiuksista Kantaan liittymiseen meneillään.",
		),
		ToDo: lines(
			"• Arkistointi-projektin loppuun saattaminen; täydennyspoiminta (puuttuvat päätökset ja muut tietohuoltoa tarvinneet asiakirjat) vko 47, konvertointi vko 48, validointi ja siirto Kantaan vko 48-49, tarkistus ja projektin päättäminen vko 50 .",
			"• Muut Kanta-valmisteluun liittyvät tehtävät jatkon suhteen (hankesuunnitelman mukaiset tehtävät), tehtävien edistäminen niiltä osin kuin mahdollista (odotetaan THL:n määräyksiä ja STM:n asteusta)",
			"• Kyselyn yhteenveto",
			"• Loppuraportointi",
		),
		Deviations: lines(
			"• Sähköisen arkistoinnin projekti – aikataulun viivästyminen",
			"• Asiakirjojen tietohuollolliset puutteet aiheuttivat selvitystyötä (mm. päätöspäivämäärien puuttuminen päätöksistä) ja aikaa vievää tietohuoltoa asiakirjoihin.",
		),
		Lights: karaLights{
			Overall:  deviation("Lastensuojelun vanhojen tietojen arkistointi etenee, mutta ei valmistu projektiryhmän asettamassa uudessa aikataulussa"),
			Schedule: deviation("ei valmistu projektiryhmän asettamassa uudessa aikataulussa (15.11. mennessä)."),
		},
	},
	// "vajaa vuosi jäljessä" but "tehtävät valmistuvat KaRa-hankkeen
	// aikana": late, not failed, so yellow.
	{
		WorkPackage: "OA3 TP4",
		Responsible: []string{"Teemu Röpelinen"},
		Overall:     "• Hankesuunnitelman aikataulusta ollaan vajaa vuosi jäljessä. Viivästyksen syinä viivästynyt rekrytointi työpaketille, hanketyölle työajan osoittamisen haasteet sekä viiveet sopimuksen tekemisessä. Asiantuntija kumppani on kuitenkin sitoutunut tekemään heille asetetut tehtävät vuoden 2021 loppuun mennessä, joten työpaketin tehtävät valmistuvat KaRa-hankkeen aikana.",
		Achievements: lines(
			"• Riskienhallinnantyöpajat järjestettiin suunnitelmien mukaan",
			"• Lokienhallinnan työpajat järjestettiin suunnitelmien mukaan",
			"• Jatkuvuudenhallinnan työpajat järjestettiin suunnitelmien mukaan.",
			"• Riskienhallinnan osiosta valmistunut lopputuotoksena raportti ja kehityssuunnitelma. Tuotokset hyväksytty tietoturvariskienhallinasta vastaavassa tietoturva- ja tietosuojatyöryhmässä. Kehityssuunnitelma luovutettu riskienhallinnan kokonaisuuden kehittämisestä vastaaville.",
		),
		ToDo: lines(
			"• Jatkuvuussuunnitelman luonnoksen kommentointien kerääminen ja läpikäynti. Lopullisen dokumentin valmistelu yhdessä KPMG:n ja työryhmän kanssa.",
			"• Lokienhallintapolitiikan luonnoksen kommentointien kerääminen ja läpikäynti. Lopullisen dokumentin valmistelu yhdessä KPMG:n ja työryhmän kanssa.",
			"• Loppuraportointi",
		),
		Deviations: "• Hanketyölle työajan osoittaminen on ollut haastavaa",
		Lights: karaLights{
			Overall:   deviation("Hankesuunnitelman aikataulusta ollaan vajaa vuosi jäljessä."),
			Schedule:  deviation("Hankesuunnitelman aikataulusta ollaan vajaa vuosi jäljessä."),
			Resources: deviation("Hanketyölle työajan osoittaminen on ollut haastavaa"),
		},
	},
	// Osa-alue 4 has no responsible person and no deviations box; Kainuu
	// takes part in a project that Pohjois-Pohjanmaan sairaanhoitopiiri runs.
	{
		WorkPackage: "OA4",
		Overall: lines(
			"• Kainuu osallistujana, Pohjois-Pohjanmaan sairaanhoitopiiri hallinnoi",
			"• Aluekoordinaattorit toimivat kaikilla alueilla, Kainuussa yhteinen Pohjois-Pohjamaan kanssa",
			"• Kainuun alueryhmä kokoontunut säännöllisesti (kokoonpano soten eri vastuualueilta + sivi)",
			"• Kainuun edustajat (Marja-Liisa Ruokolainen, Marja-Liisa Haataja, Anna-Liisa Kainulainen osallistuneet sparrausryhmiin)",
		),
		Achievements: lines(
			"Ydinyksikön perustaminen pohjoisen OT-keskusalueelle ja alueiden osaamisen tuen varmistaminen",
			"• Ydinyksiköstä on esitelty aihio, jonka vakiinnuttaminen tapahtuu tulevassa hankkeessa",
			"Verkostomaisesti toimivan ja monialaista erityisosaamista ja palvelua tarjoavan pohjoisen OT-keskuksen toiminnan käynnistäminen ja vakiinnuttaminen",
			"• Verkostomaisuus ilmentyi aluetyöryhmien työssä sekä erilaisissa yhteistyöverkostoissa, Kansallinen OT-keskusten yhteistyöverkosto toimii, Järjestöyhteistyö",
			"TKI-toiminnan ja asiakastyön pilottien käynnistäminen",
			"• Yhteistyö yliopistojen ja sosiaalialan osaamiskeskusten kanssa ja koulutusyhteistyötapaamisissa, Hoito syytteen sijaan –pilotti",
			"Virtuaalisen OT-keskuksen ja digitaalisten palvelurakenteiden valmistelu pohjoisen alueen pitkät etäisyydet, laajuus ja yhdenvertainen saavutettavuus huomioiden",
			"• Kartoitettu virtuaalisen alustan toteutusvaihtoehtoja ja kumppanuuksia, etäkonsultaatiopilotti vaativiin ero-, huolto- ja tapaamisriitoihin liittyen yhteistyössä Posken (digialusta) ja Ensi- ja turvakotien liiton kanssa",
			"Koulutusrakenteen muodostuminen",
			"• Lastenvalvojille suunnatut koulutuspaketit",
			"Saamelaisyhteisön erityispiirteiden huomioiminen OT-työskentelyssä",
			"• Tarvekysely",
			"Loppuseminaari 18.11.2021",
		),
		ToDo: lines(
			"• Loppuraportointi",
			"• OYS/Erva hakenut jatkohanketta, Pohjois-Pohjanmaan shp:n hallinnoimana",
			"• Kainuun sote yhtymähallitus/25.11.2021 päättänyt Kainuun sitoutumisesta jatkohankkeeseen",
		),
		Lights: karaLights{
			Overall: onPlan("Kainuun alueryhmä kokoontunut säännöllisesti"),
		},
	},
}

// karaRisk is a risk raised from a report's deviations box. Probability
// and impact are 0, not assessed: the slides do not give them.
type karaRisk struct {
	WorkPackage string
	Description string
	Probability int
	Impact      int
}

// karaRisks are the lines of every deviations box, one risk each, with the
// bullet's text word for word. A box written as a paragraph (OA2 TP1's
// "Projektipäällikön resurssit", OA3 TP3 a's three sentences) is one risk:
// splitting it would put words in the slide's mouth.
var karaRisks = risksOf(karaReports)

func risksOf(reports []karaReport) []karaRisk {
	var risks []karaRisk
	for _, r := range reports {
		if r.Deviations == "" {
			continue
		}
		for _, l := range strings.Split(r.Deviations, "\n") {
			risks = append(risks, karaRisk{WorkPackage: r.WorkPackage, Description: strings.TrimPrefix(l, "• ")})
		}
	}
	return risks
}

// The communications slide "KaRa-hanke viestintä" is a table: a row for
// internal communication ("Sisäinen viestintä: Kaima Intranet") and one for
// external ("Ulkoinen viestintä:"), a column for each of "Osa-alue 1
// Osa-alue 2 Osa-alue 3". In each cell the items stand under a heading
// that names the channel ("Tiedotteet", "Avoin ikkuna blogit",
// "Somepäivitykset"…).
//   - Channel comes from that heading: Tiedote(t) release, Avoin ikkuna
//     blogit blog, Videot video, KS-yksikön uutiskirje newsletter,
//     Verkkosivut website, Lehdistö press, Somepäivitykset and Sosiaalinen
//     media social. Every internal item is published in the Kaima intranet
//     (the row's heading), so intranet says no more and is not used.
//   - WorkPackage is the "TP n" the title names under its column's
//     osa-alue, e.g. "TP 4" under Osa-alue 3 is OA3 TP4 (Tietoturvariskien
//     hallinta: kyberturvallisuus). An item that names no TP belongs to its
//     column's osa-alue. Two titles name a TP that is not the one whose
//     work they are about: "TP 3 Uudistunut Omasote" (Omasote is OA3 TP1
//     b) and "TP 2 Terveysasemien verkkosivujen käytettävyyskysely" (the
//     health centres' web pages are OA3 TP1 a); they have no work package.
//     Titles keep their "TP n".
//   - Period only where the title ends with one ("1/2021", "11/2021"); it
//     is then left out of the title.
//   - Link: the only one the table gives is that of "Kainuun soten
//     verkkosivut", so the website items have it.

// Communication channels.
const (
	channelIntranet   = "intranet"
	channelRelease    = "release"
	channelBlog       = "blog"
	channelVideo      = "video"
	channelNewsletter = "newsletter"
	channelWebsite    = "website"
	channelPress      = "press"
	channelSocial     = "social"
	channelOther      = "other"
)

// karaWebsite is the web page of the reform's development projects in
// Kainuu, which the communications slide gives twice.
const karaWebsite = "https://sote.kainuu.fi/sote-uudistuksen-kehittamishankkeet-kainuussa"

// karaComms is one line of the communications slide.
type karaComms struct {
	Channel     string
	External    bool   // the "Ulkoinen viestintä" row; false: "Sisäinen viestintä"
	WorkPackage string // a code in karaProgramme, or "" (see above)
	Heading     string // the slide's heading the item stands under
	Title       string
	Period      string // "1/2021", "11/2021", or "" where the slide gives none
	Link        string
}

// karaCommsDescription is the slide's general part, the communication
// plans ("Viestintäsuunnitelmat").
var karaCommsDescription = lines(
	"• Jokaisen osa-alueen työpaketilla on oma viestintäsuunnitelma",
	"• Suunnittelijat viestivät osaltaan omasta työpaketistaan yhteistyössä projektipäällikön ja viestijän kanssa",
	"• Ulkoinen ja sisäinen viestintä viestintäsuunnitelman mukaisesti",
	"• KaRa:n viestintäpalaverit noin 1 x kuukaudessa",
)

// karaCommsChannels are the channels the slide's rows name.
var karaCommsChannels = lines(
	"Sisäinen viestintä:",
	"Kaima Intranet",
	"Ulkoinen viestintä:",
	"• Kainuun soten verkkosivut: "+karaWebsite,
	"• Lehdistö: Kainuun sanomat ja Koti-Kajaani",
	"• Sosiaalinen media:",
	"Facebook-tili: Soteuudistuksen kehittämishankkeet Kainuussa HELLÄ ja KaRa",
	"Twitter-tili: @sotehankkeet",
)

// karaCommsLog is the table's items, row by row and column by column, in
// the slide's order.
var karaCommsLog = []karaComms{
	// Sisäinen viestintä, Osa-alue 1
	{Channel: channelRelease, WorkPackage: "OA1", Heading: "Tiedotteet", Title: "KaRa-hankkeen käynnistyminen"},
	{Channel: channelRelease, WorkPackage: "OA1", Heading: "Tiedotteet", Title: "Hankkeen kokoonpanon täydentyminen"},
	// Sisäinen viestintä, Osa-alue 2
	{Channel: channelRelease, WorkPackage: "OA2 TP4", Heading: "Tiedote", Title: "TP 4 Tiedolla johtamisen pilotti käynnistyy"},
	{Channel: channelBlog, WorkPackage: "OA2 TP2", Heading: "Avoin ikkuna blogit", Title: "TP 2 Tietojohtaminen ja tiedolla johtaminen"},
	{Channel: channelBlog, WorkPackage: "OA2 TP3", Heading: "Avoin ikkuna blogit", Title: "TP 3 Raportointitiimi osana Kainuun siten raportoinnin ja tiedolla johtamisen kehittämistä"},
	// Sisäinen viestintä, Osa-alue 3
	{Channel: channelRelease, WorkPackage: "OA3 TP1", Heading: "Tiedotteet", Title: "TP 1 Omasoten –tiedotteet (useita)"},
	{Channel: channelRelease, WorkPackage: "OA3 TP3", Heading: "Tiedotteet", Title: "TP 3 Lastensuojelun vanhojen tietojen sähköinen arkistointi alkaa"},
	{Channel: channelRelease, WorkPackage: "OA3 TP3", Heading: "Tiedotteet", Title: "TP 3 Sosiaalihuollon kirjaamisvalmennusta tarjolla"},
	{Channel: channelRelease, WorkPackage: "OA3", Heading: "Tiedotteet", Title: "Kysely sosiaalihuollon henkilöstölle Kanta-palveluihin liittymisen valmiuksista (2 x julkaisu)"},
	{Channel: channelVideo, WorkPackage: "OA3 TP1", Heading: "Videot", Title: "TP 1 Omasoten ohjevideot ammattilaisille"},
	{Channel: channelNewsletter, WorkPackage: "OA3", Heading: "KS-yksikön uutiskirje", Title: "Uudistuva Omasote"},
	{Channel: channelBlog, WorkPackage: "OA3 TP3", Heading: "Avoin ikkuna blogit", Title: "TP 3 Sosiaalihuollon kirjaaminen", Period: "1/2021"},
	{Channel: channelBlog, WorkPackage: "OA3 TP4", Heading: "Avoin ikkuna blogit", Title: "TP 4 Tietoturvariskien hallinta – Ajattele ennen kuin klikkaat", Period: "11/2021"},

	// Ulkoinen viestintä, Osa-alue 1
	{Channel: channelWebsite, External: true, WorkPackage: "OA1", Heading: "Verkkosivut", Title: "Hankkeen esittely", Link: karaWebsite},
	{Channel: channelWebsite, External: true, WorkPackage: "OA1", Heading: "Verkkosivut", Title: "Ajankohtaiset asiat", Link: karaWebsite},
	{Channel: channelWebsite, External: true, WorkPackage: "OA1", Heading: "Verkkosivut", Title: "Ohjausryhmän pöytäkirjat", Link: karaWebsite},
	{Channel: channelSocial, External: true, WorkPackage: "OA1", Heading: "Somepäivitykset", Title: "Hankkeen käynnistyminen"},
	{Channel: channelSocial, External: true, WorkPackage: "OA1", Heading: "Somepäivitykset", Title: "Osallisuus –ryhmä"},
	{Channel: channelSocial, External: true, WorkPackage: "OA1", Heading: "Somepäivitykset", Title: "Esittelyt"},
	{Channel: channelSocial, External: true, WorkPackage: "OA1", Heading: "Somepäivitykset", Title: "Ohjausryhmä"},
	{Channel: channelSocial, External: true, WorkPackage: "OA1", Heading: "Somepäivitykset", Title: "HELLÄ- ja KaRa Yhteispalaveri"},
	{Channel: channelSocial, External: true, WorkPackage: "OA1", Heading: "Somepäivitykset", Title: "Etäasiointi THL"},
	{Channel: channelSocial, External: true, WorkPackage: "OA1", Heading: "Somepäivitykset", Title: "KaRa:n viestintäpalaveri"},
	{Channel: channelSocial, External: true, WorkPackage: "OA1", Heading: "Somepäivitykset", Title: "Kesäloma-päivitys"},
	{Channel: channelSocial, External: true, WorkPackage: "OA1", Heading: "Somepäivitykset", Title: "Syksyn suunnitelma"},
	// Ulkoinen viestintä, Osa-alue 2
	{Channel: channelSocial, External: true, WorkPackage: "OA2 TP4", Heading: "Sosiaalinen media", Title: "TP 4 Tiedolla johtamisen pilotti on käynnistymässä"},
	{Channel: channelSocial, External: true, WorkPackage: "OA2 TP3", Heading: "Sosiaalinen media", Title: "TP 3 Power BI –koulutus"},
	{Channel: channelSocial, External: true, WorkPackage: "OA2 TP2", Heading: "Sosiaalinen media", Title: "TP 2 Tietojohtamisen koulutus"},
	{Channel: channelSocial, External: true, WorkPackage: "OA2 TP2", Heading: "Sosiaalinen media", Title: "TP 2 Tiedolla johtaminen – linkitetty"},
	{Channel: channelSocial, External: true, WorkPackage: "OA2 TP4", Heading: "Sosiaalinen media", Title: "TP 4 Vielä ehdit osallistua!"},
	// Ulkoinen viestintä, Osa-alue 3
	{Channel: channelWebsite, External: true, WorkPackage: "OA3 TP1", Heading: "Verkkosivut", Title: "TP 1 Omasote –tiedotteita", Link: karaWebsite},
	{Channel: channelWebsite, External: true, WorkPackage: "OA3 TP1", Heading: "Verkkosivut", Title: "TP 1 Omasoten ohjevideoita käyttäjille", Link: karaWebsite},
	{Channel: channelPress, External: true, WorkPackage: "OA3 TP1", Heading: "Lehdistö", Title: "TP 1 Omasoten tiedotteet"},
	{Channel: channelSocial, External: true, WorkPackage: "OA3 TP2", Heading: "Sosiaalinen media", Title: "TP 2 Kerralla kuntoon"},
	{Channel: channelSocial, External: true, WorkPackage: "OA3 TP3", Heading: "Sosiaalinen media", Title: "TP 3 Kirjaaminen"},
	{Channel: channelSocial, External: true, WorkPackage: "OA3 TP3", Heading: "Sosiaalinen media", Title: "TP 3 Suunta viivat nyt-webinaari"},
	{Channel: channelSocial, External: true, WorkPackage: "OA3 TP1", Heading: "Sosiaalinen media", Title: "TP 1 Omasote uudistuu x 2"},
	{Channel: channelSocial, External: true, WorkPackage: "OA3 TP3", Heading: "Sosiaalinen media", Title: "TP 3 Kirjaamisvalmennus"},
	{Channel: channelSocial, External: true, WorkPackage: "OA3 TP2", Heading: "Sosiaalinen media", Title: "TP 2 PSOP –järjestelmä"},
	{Channel: channelSocial, External: true, Heading: "Sosiaalinen media", Title: "TP 3 Uudistunut Omasote"},
	{Channel: channelSocial, External: true, Heading: "Sosiaalinen media", Title: "TP 2 Terveysasemien verkkosivujen käytettävyyskysely"},
	{Channel: channelSocial, External: true, WorkPackage: "OA3 TP3", Heading: "Sosiaalinen media", Title: "TP 3 Kirjaamisasiantuntijat koolla Kansa-koulu III verkostofoorumissa"},
}

// The contact on the last slide ("Lisätietoja"). The loader must not let
// the demo send mail or reminders to this real address.
const (
	karaContactName  = "Kristiina Taskinen"
	karaContactTitle = "KaRa-hankkeen projektipäällikkö"
	karaContactEmail = "kristiina.taskinen@kainuu.fi"
	karaContactPhone = "040 671 9027"
)

// karaShares are the shares of working time the slides give, in per cent:
// "Teemu Röpelinen (50 %)" on OA3 TP4's slide.
var karaShares = map[string]int{"Teemu Röpelinen": 50}
