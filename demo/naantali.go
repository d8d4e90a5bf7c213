package demo

// Seed 000: Naantalin kaupungin tietohallinnon toimenpidesuunnitelma
// 2017–2018. Everything below is taken from that document as written; the
// lines broken by the PDF extraction are joined back into paragraphs, and
// nothing is translated, corrected or summarised (even the document's own
// typos, such as "Medhbitin" in 5.1, stay).
//
// Choices where the text leaves room:
//   - Vendors are listed only where the text names the supplier company of
//     the work: DNA Oy (2.1), Tiera (2.2 "Tieran konesalista", 2.5 "Tieran
//     kilpailuttaman"), CGI Oy (4.2 "CGI:n ProEconomica Premium", 4.7, 5.2),
//     Medbit (5.1) and Visma Oy (7.5). Product names (Microsoftin SCCM,
//     EFECTE, Oracle, Jamix, Ceepos, Lyyti, Pro Consona, Facta) are not
//     vendors, and options still under study are not either.
//   - Only 2.3 is mandatory: it alone says "pakollinen toimenpide". In 3.2
//     the employees are obliged to take the training, not the city to run
//     the project.
//   - 4.5, 7.11, 7.12 and 7.13 give no date range, so their schedule is
//     empty; 4.6's "08-09/2017" and "10/2017 – 02/2018" are phases inside
//     its own range and stay in the description.

// naantaliPhases places the projects whose text says they have not yet
// started; every other line of the plan is under way, in implementation.
//   - 4.4 "edellyttää omistajan löytymistä hankkeelle": the proposal
//     waits for an owner's P0 Valmistelupäätös.
//   - 7.12 "Toteutuksen aloitus odottaa mahdollista koko kaupungin
//     verkkokauppatoteutusta (Ceepos)": planned, waiting to be started.
//   - 4.5 "Kerätään … tarpeet", 7.11 "Osaamiskartoitus", 7.13
//     "Selvitetään": still to be studied, in pre-study.
var naantaliPhases = map[string]string{
	"4.4":  "proposal",
	"7.12": "planning",
	"4.5":  "prestudy",
	"7.11": "prestudy",
	"7.13": "prestudy",
}

// phaseOf is the phase a demo project is brought in at: KaRa's period
// began 1.8.2020 and its steering group still meets on 14.1.2022, so it is
// in implementation, like most of Naantali's plan.
func phaseOf(code string) string {
	if ph, ok := naantaliPhases[code]; ok {
		return ph
	}
	return "implementation"
}

// naantaliOrganisation is the city. Its business id (Y-tunnus) is not in
// the seed, so it is left empty.
const naantaliOrganisation = "Naantalin kaupunki"

// naantaliPortfolio is the action plan as a portfolio. Its description is
// the plan's section 1 ("Toimenpidesuunnitelman sisällöstä"), its follow-up
// section 8 ("Toimenpidesuunnitelman toimeenpano ja seuranta").
var naantaliPortfolio = planPortfolio{
	Name: "Tietohallinnon toimenpidesuunnitelma 2017–2018",
	Description: paragraphs(
		"Tällä dokumentilla on tarkoitus tuoda havainnolliseksi tietohallinnan toiminnan suunnittelu tulevalle tarkastelujaksolle. Toimenpidesuunnitelma koostuu valituista tai pakollisista kehityskohteista. Tätä dokumenttia tullaan päivittämään vähintään puolivuosittain. Toiminnan kohdentamista ja kärkihankkeita pyritään tuomaan esille mahdollisimman yksinkertaisessa muodossa. Projektien tai hankkeiden rahoitus käsitellään erikseen tyypillisesti talousarvioissa tai taloussuunnitelmissa.",
		"Kehittämiskohteet on ryhmitelty seuraavasti:",
		lines(
			"- Perusinfrastruktuurihankkeet",
			"- Tietohallintojohtamisen työkalut",
			"- Koko kaupunkia tai kaupunkeja koskevat kehityshankkeet",
			"- Palvelualakohtaiset kehityshankkeet",
		),
	),
	FollowUp: paragraphs(
		"Toimenpidesuunnitelman toteutumisesta raportoidaan säännöllisesti IT-ohjausryhmälle, tietohallintopäällikölle ja tarvittaville muille osapuolille.",
	),
}

// naantaliCategories are the plan's sections 2–7 in their order, each with
// its chapter number as the plan's heading gives it and the numbered
// projects under it. A category's description is the
// section's introduction where it has one.
var naantaliCategories = []planCategory{
	{
		Chapter:     2,
		Name:        "Perusinfrastruktuurihankkeet",
		Description: "Nämä hankkeet tai projektit ovat perinteistä tietotekniikkapalveluiden hyödyntämistä korostavia. Päätavoite on saavuttaa kaikessa tekemisessä selkeää hyötyä prosessien yksinkertaistamisesta ja sähköistämisestä. Samalla tarkastellaan aina seudullisen yhteistyön mahdollisuuksia sekä järkevämpiä tapoja tuottaa palveluita yhteistyössä muiden seudun toimijoiden kanssa.",
		Projects: []planProject{
			{
				Code:     "2.1",
				Name:     "Palomuuripalvelun jatkaminen tai kilpailutus",
				Schedule: "10/2017 – 04/2018",
				Vendors:  []string{"DNA Oy"},
				Description: paragraphs(
					"Palomuurit ostetaan palveluina DNA Oy:ltä. Palvelu on toteutettu yhteistyössä Raision kaupungin kanssa ja selvyyden vuoksi olisi viisainta eriyttää palvelut omikseen. Palvelun kolmivuotiskausi on päättymässä ja projektissa selvitetään mahdollinen jatko tai palvelun uusiminen. Palvelun sisältöä on samalla syytä tarkentaa aiempaa paremmin Naantalin palvelutuotantoa tukevaksi.",
				),
			},
			{
				Code:     "2.2",
				Name:     "Konesalipalveluiden valvontaan ja toimintaan liittyvien prosessien laadun nosto",
				Schedule: "4/2017-1/2018",
				Vendors:  []string{"Tiera"},
				Description: paragraphs(
					"Konesalipalveluita on tuotettu Tieran konesalista nyt kaksi vuotta. Prosessit ja valvonta ovat sinänsä toimivia mutta eivät kaikilta osin palvele parhaalla mahdollisella tavalla muita perusinfrastruktuurin tukitoimintoja.",
				),
			},
			{
				Code:      "2.3",
				Name:      "ActiveDirectoryn tason nosto",
				Schedule:  "8-10/2017",
				Mandatory: true,
				Description: paragraphs(
					"Nykyinen hakemistopalvelu on versioltaan turhan vanha. Nykyisen version toiminnallisuus estää automaattisten toimintojen kehittämisen, joten version nosto on jopa pakollinen toimenpide. Kyseessä on päivitysprojekti, joka edellyttää tarkkaa suunnitelmallisuutta ja vaikutuksien arviointia eri näkökulmista",
				),
			},
			{
				Code:     "2.4",
				Name:     "Ohjelmistojakeluiden laadun nosto",
				Schedule: "4-10/2017",
				Description: paragraphs(
					"Naantali tuottaa työasemien ohjelmistojakelut (perusasennukset ja päivitykset) käyttäen Microsoftin SCCM-järjestelmää. Päivittämällä versio ja hyödyntämällä toimintoja laajemmin saavutetaan selkeää prosessihyötyä (mm. Helpdesk voi suoraan toteuttaa korjausajoja työasemille automaattisesti).",
				),
			},
			{
				Code:     "2.5",
				Name:     "Helpdesk-järjestelmän uusinta ja monipuolistaminen",
				Schedule: "1/2017-12/2017",
				Vendors:  []string{"Tiera"},
				Description: paragraphs(
					"Naantalin tiketöintijärjestelmä (Altiris) alkaa olla 10 vuotta vanhaa eikä järjestelmään enää tuoteta päivityksiä. Tammikuussa 2017 aloitettiin uuden, Tieran kilpailuttaman ja osatuotteistaman, EFECTE-järjestelmän määrittely- ja käyttöönottoprojekti. Projektissa tullaan toteuttamaan tiketöintijärjestelmä, loppukäyttäjien itsepalveluportaali sekä aiempaa merkittävästi laadukkaampi omaisuudenhallinta- ja raportointiratkaisu. Projektin toteutuksen odotetaan edesauttavan merkittävästi sähköisen asioinnin lisääntymistä tukiprosesseissa.",
				),
			},
			{
				Code:     "2.6",
				Name:     "WLAN-verkkojen uudistaminen",
				Schedule: "4/2017–6/2019",
				Description: paragraphs(
					"Nykyinen Naantalilla käytössä oleva langattoman verkon ratkaisu on tullut tiensä päähän. Toimintaa ohjaava kontrolleri on täynnä, joten laajentaminen ei enää onnistu. Lisäksi ratkaisun elinkaaren loppupää on jo näkyvissä. Projektissa toteutetaan modernia teknologiaa hyödyntävä langaton tietoliikenneratkaisu, joka tukee aiempaa paremmin erityyppisiä liikkuvia työasemia. Samalla panostetaan ko. laitteiden valvontaan ja siten toimivuuteen ja helpompaan ylläpitoon.",
				),
			},
		},
	},
	{
		Chapter:     3,
		Name:        "Tietohallinnon johtamisen työkalut – kehitys",
		Description: "Näillä projekteilla pyritään tukemaan ja kehittämään toiminnan hallittavuutta sekä suunnitelmallisuutta.",
		Projects: []planProject{
			{
				Code:     "3.1",
				Name:     "Vuosikello -suunnittelu-, seuranta- ja ohjaustoimet",
				Schedule: "8/2017 – 6/2018",
				Description: paragraphs(
					"Tietohallinnon toimintaa ohjaa pohjimmiltaan selkeä vuosikellomalli. Vuosikellomallin avulla viestitään paitsi tietohallinnon työntekijöille, niin myös toimialoille säännönmukaisesti toistuvista toimenpiteistä tai prosesseista (esim. työasemien elinkaarimalli). Vuosikellomallia on tarkoitus tarkentaa ja käytännössä todentaa kvartaaleittain.",
				),
			},
			{
				Code:     "3.2",
				Name:     "Tietoturvasuunnitelma – suunnittelu ja jalkautuksen aloitus",
				Schedule: "6/2017 -6/2018",
				Description: paragraphs(
					"Naantali on hyväksynyt keväällä 2017 Tietoturvapolitiikan, jonka jalkauttaminen tapahtuu osin Tietoturvasuunnitelman kautta. Tietoturvasuunnitelma sisältää keskeiset vastuut ja toimintatavat sekä niiden implementaatioon. Osana suunnitelmaa toteutetaan alkusyksystä 2017 tietoturvakoulutusta ja oppimisympäristön hankinta. Kaikki työntekijät velvoitetaan suorittamaan koulutus ja siihen liittyvät testit. Testaamista suoritetaan jatkossa vähintään kahden vuoden välein.",
				),
			},
			{
				Code:     "3.3",
				Name:     "Osaamisen hallinta",
				Schedule: "8/2017–6/2018",
				Description: paragraphs(
					"Tietohallinnon toimintaympäristö kehittyy ja monimutkaistuu jatkuvalla tahdilla. Tämä kaikki tarkoittaa, että panostus kouluttautumiseen ja olemassa olevan osaamisen jalostamiseen on oltava jatkossa aiempaakin merkittävämmässä roolissa. Projektissa suunnitellaan, toteutetaan ja seurataan koulutuskierros, jonka avulla kunkin toimijan roolia vahvistetaan ja kompetenssia lisätään.",
					"Samassa yhteydessä tarkastellaan loppukäyttäjien it-osaamisen kehittämistarvetta ja -mahdollisuuksia. Tietohallinto suunnittelee mahdollisuuksia koulutustarjonnan järjestämiseen sekä koulutustarpeiden systemaattiseen keräämiseen yhdessä HR-henkilöstön kanssa. Konkreettisena toimenpiteenä aloitetaan heti syksyllä 2017 excel-koulutukset mahdollisimman laajoina.",
				),
			},
		},
	},
	{
		Chapter: 4,
		Name:    "Koko kaupunkia koskevat yhteiset kehityshankkeet",
		Projects: []planProject{
			{
				Code:     "4.1",
				Name:     "Asianhallinnan järjestelmäuusinta/-päivitys",
				Schedule: "6/2017-10/2017",
				Description: paragraphs(
					"Asianhallinnan toimivuus edellyttää järjestelmän päivittämistä tuoreempaan versioon. Ratkaisun yhteydessä mietitään samalla tarve testiympäristölle ja laajemmalle sähköisen toiminnan tuelle (TOS, Arkistointi, liittymät muihin järjestelmiin jne.)",
				),
			},
			{
				Code:     "4.2",
				Name:     "Taloushallinnon järjestelmäuusinta",
				Schedule: "2/2017–10/2017",
				Vendors:  []string{"CGI Oy"},
				Description: paragraphs(
					"Tietohallinto osallistuu tähän hankkeeseen niin kokonaisuutta koordinoivana tahona (arkkitehtuuri) kuin perustietotekniikan järjestelyistä vastuullisena. Varsinaiset projektisuunnitelmat kulkevat substanssitoimintojen johdolla. Käyttöönotettava järjestelmä tulee olemaan CGI:n ProEconomica Premium ja toteutus tapahtuu ns. SaaS-palveluna (Software as a Service).",
				),
			},
			{
				Code:     "4.3",
				Name:     "KaPa – Kansallinen Palveluarkkitehtuuri",
				Schedule: "- 12/2018",
				Description: paragraphs(
					"KaPa-projekti edellyttää tietohallinnon osallistumista ja koordinointia erityisesti kokonaisarkkitehtuuri huomioinnissa. Toteutukset painottuvat sähköiseen tunnistautumiseen, sähköiseen maksamiseen ja sähköisen viestinnän kehittämiseen. Tietohallinto seuraa ja on mukana substanssitoimijoiden kanssa toteuttamassa järjestelmiin toteutettavia liityntöjä.",
				),
			},
			{
				Code:     "4.4",
				Name:     "WWW-sivujen uusinta vastaamaan nykyisiä tarpeita",
				Schedule: "9/2017-12/2018",
				Description: paragraphs(
					"Naantalin Internetsivusto on tuotteena suhteellisen vanha, eikä tietojen löytyminen tai päivittäminen enää ole kovin yksinkertaista. Nykyinen sivusto ei suoraan tue mm. PTV-ratkaisua. Tietohallinto varautuu osaltaan olemaan mukana tuotteen määrittelyssä ja valintaprosessissa sekä tietysti käyttöönottoon liittyvissä toimenpiteissä. Toteutus tässä vaiheessa vielä ehdollinen ja edellyttää omistajan löytymistä hankkeelle.",
				),
			},
			{
				Code:     "4.5",
				Name:     "Kuntalaisen palautteenanto- ja osallistamisjärjestelmät",
				Schedule: "",
				Description: paragraphs(
					"Kerätään palautteenantoon ja kuntalaisten osallistamiseen liittyvät tarpeet ja tarpeisiin soveltuvat Naantalin kaupungille sopivat järjestelmät yhteen sekä toteutetaan hankinnat ja käyttöönotot olettaen, että ratkaisut voidaan toteuttaa riittävän yksinkertaisina. Päähuomio tässä on mobiilisti ja/tai karttapohjaisesti toimivissa ratkaisuissa",
				),
			},
			{
				Code:     "4.6",
				Name:     "Turvahälytys- ja kriisiviestintäjärjestelmä",
				Schedule: "06/2017-02/2018",
				Description: paragraphs(
					"Kaupungilla ei ole tällä hetkellä eri toimialoja kattavaa yhdenmukaista järjestelmää, jolla henkilökunnan työturvallisuudesta ja kriisiviestinnästä tilanteiden päällä ollessa saataisiin joustavasti hoidettua.",
					"Hankinnan kohteena on turvahälytys- ja kriisiviestintäjärjestelmä kaupungin eri toimialojen käyttöön palveluna. Käyttöönottoprojekti sisältää uuden järjestelmän integroinnin tilaajan laite- (mm. työasemat, puhelimet, wlan -tukiasemat ja kameravalvonta) ja ohjelmistoympäristöön, tuki- ja ylläpitopalvelut.",
					"Järjestelmän vaatimusmäärittelyt ja kilpailutus tehdään 08-09/2017 ja käyttöönottoprojekti hajautettuna ylläpitona toimialueittain alkaen 10/2017 – 02/2018",
				),
			},
			{
				Code:     "4.7",
				Name:     "Oracle tietokantojen uusiminen",
				Schedule: "01/2018-04/2018",
				Vendors:  []string{"CGI Oy"},
				Description: paragraphs(
					"Nykyiselle tietokantapalvelimelle on asennettu Facta- ja Pro Consona –ohjelmistojen tietokannat, jotka siirretään uudelle palvelinalustalle. Vanhan tietokantapalvelimen Oracle 10- version virallinen tuki on loppunut. Kyseiseen käyttöön dedikoidun palvelinalustan ja Oracle lisenssit hankkii Naantalin kaupunki. CGI Oy vastaa Oraclen asennuksesta, Factan ja Proconsonan ja ProEconomican lastenvalvojan tietokannat siirretään uuteen ympäristöön.",
					"Factan liittyvät asennukset: Facta Väestö, Väestökanta, Väestölaturi, Perusaineiston ja muutosaineistojen lataus, FactaMap muutostyöt, kantayhteys muutos + Facta osoite clientteihin, lisenssimanageri asennus, FactaMap lisenssien rekisteröinti, ArcSDEn asennus, WebGIS muutostyöt, MediGIS kantayhteyden muutos, Factan päivitys uusimpaan versioon sisältää myös Lupapiste edustapalvelimen ja Facta Kartan päivityksen.",
					"Pro Consonaan liittyvät asennukset: Päivähoito ja Sosiaalityö ohjelmistojen asennus, Sosiaalityön ja Päivähoidon tietovarastoraportointi, Päivähoidon sähköinen päivähoidon asiointi sekä Mukana päivähoidon mobiilikirjaus -ohjelmistot, Facta – Pro Consona –väestötietokantalinkkien luonti. Lastenvalvoja osion tietokannan konversion.",
				),
			},
			{
				Code:     "4.8",
				Name:     "Kaupungintalon neuvotteluhuoneiden esitysteknologia",
				Schedule: "8/2017 – 12/2018",
				Description: paragraphs(
					"Vuosittain toteutetaan yhtenevät ja laadukkaat tekniset ratkaisut kaupungintalon neuvotteluhuoneisiin. Ratkaisun tulee tukea monikanavaista esittämistä (ääni, kuva) erilaisilla käytössä olevilla laitteilla. Mahdollisuuksien mukaan ratkaisun tulisi olla langattomasti toteutettu.",
				),
			},
		},
	},
	{
		Chapter: 5,
		Name:    "Toimialakohtaiset kehityshankkeet (sosiaali- ja terveyspalvelut)",
		Projects: []planProject{
			{
				Code:     "5.1",
				Name:     "Pegasos palvelinympäristön siirto Medbitille",
				Schedule: "04/2017 - 09/2017",
				Vendors:  []string{"Medbit"},
				Description: paragraphs(
					"Käyttöönottoprojektin aikana tehdään Medhbitin konesaliin uudet sovellus ja tietokantapalvelimet, Oraclen tietokanta päivitetään versioon 12c. avataan uudet tietoliikenne yhteydet ja ulkoiset yhteydet siirretään kulkemaan Mednet verkon kautta. Yliheitto palvelinten siirrolle on 14.9.2017.",
				),
			},
			{
				Code:     "5.2",
				Name:     "Pegasos Tietovarasto",
				Schedule: "01/2017 – 02/2018",
				Vendors:  []string{"CGI Oy"},
				Description: paragraphs(
					"Tietovarastojen vertailu ja kilpailutus on tehty keväällä 2017. CGI Oy:n kanssa käynnistetään käyttöönottoprojekti 08/2017. Pegasos-tietovarasto mahdollistaa tiedolla johtamisen organisaation eri tasoilla tukien työn laadun parantamista ja prosessien kehittämistä monipuolisella toiminnan raportointiympäristöllä.",
					"Hankita tehdään Palveluna sopimuksella jonka käyttöönottoprojekti sisältää: Tietovaraston palvelinympäristön tietokantalisensseineen, Pegasos-potilastietojärjestelmän tietojen siirron, käyttöympäristöt (Allergiat, Asiakasrekisteri, Diagnoosit_ICD-10_ICPC-2, Kontaktit, Laboratoriotulokset, Lähetteet, Lääkitykset, Osastohoito, Fysiologiset mittaukset, Palvelutapahtumat_AvoHILMO, Päiväohjelmat (ajanvaraus), Raskaudet, Rokotukset, Sairauslomat), sekä niihin liittyvät valmisraportit.",
				),
			},
			{
				Code:     "5.3",
				Name:     "Pegasos sähköinen asiointi",
				Schedule: "06/2017 – 02/2018",
				Description: paragraphs(
					"Pegasos sähköinen asiointi palveluna –käyttöönottoprojekti käynnistyy 08/2017.",
					"Käyttöönottoprojekti sisältää mm. www-portaalin, ajanvaraustoiminnot, viestinvälityksen ja verkkolomake alustan esitietolomakkeet. Käyttöönotto aloitetaan laboratorion ja neuvolan ajanvarauspalveluiden toiminnoilla.",
					"Viestin välitys palvelu mahdollistaa molemmin suuntaisen sähköisen viestinvälityksen asiakkaan ja potilastietojärjestelmässä toimivien ammattilaisten välillä. Sähköiseen asiointiin voidaan liittää myös operaattorin tekstiviestipalvelu, jossa esimerkiksi laboratoriotuloksista voidaan ilmoittaa tekstiviestillä asiakkaan matkapuhelimeen.",
					"Verkkolomakealusta mahdollistaa erilaisten asiakkaiden täytettäväksi annettavien esitieto lomakkeiden toteuttamisen.",
				),
			},
			{
				Code:     "5.4",
				Name:     "Sosiaalipalveluiden Mobiili – SOMA",
				Schedule: "10/2017–04/2018",
				Description: paragraphs(
					"Pilottiprojekti käynnistyy loka-/marraskuussa 2017 ja varsinainen käyttöönottoprojekti 01/2018.",
					"SOMA on tarkoitettu liikkuvaa asiakastyötä tekevälle sosiaalihuollon työntekijöille (mm. sosiaalityöntekijä, sosiaaliohjaaja, perhetyöntekijä, sosiaalipäivystäjä). Järjestelmän avulla käyttäjä voi tabletilla asiakkaan luona tarkastella ja ylläpitää asiakasdokumentaatiota sekä hallita mm. ajanvarauksia. Järjestelmä on integroitu Pro Consona Sosiaalityön sovellukseen ja Sosiaalitoimen ajanvaraus -sovellukseen.",
				),
			},
			{
				Code:     "5.5",
				Name:     "WINHIT Kanta",
				Schedule: "01/2017 - 12/2017",
				Description: paragraphs(
					"Hammashuollon liittymisaikataulu KANTA –palveluihin on 09/2017-12/2017",
				),
			},
		},
	},
	{
		Chapter: 6,
		Name:    "Toimialakohtaiset kehityshankkeet (tekniset palvelut)",
		Projects: []planProject{
			{
				Code:     "6.1",
				Name:     "Osoiterekisteri",
				Schedule: "01/2017–12/2017",
				Description: paragraphs(
					"Factan osoiterekisterin käyttöönoton ajankohtaa 10/2017, osoiterekisterin aineisto on jo suhteellisen hyvässä kunnossa mutta kuitenkin viimeistelyä vaille.",
				),
			},
			{
				Code:     "6.2",
				Name:     "Katu- ja viherrekisteri",
				Schedule: "01/2017–12/2017",
				Description: paragraphs(
					"Viherrekisterin tietojen syöttö ja oikeellisuuden läpikäynti puistopuolen kiireiden takia kesätauolla. Katurekisteri aineisto erittäin hyvässä kunnossa. Teknisesti tässä tietohallinnolla ei ole enää tässä tekemistä.",
				),
			},
			{
				Code:     "6.3",
				Name:     "Aineistojen välityspalvelu",
				Schedule: "06/2017–12/2017",
				Description: paragraphs(
					"Hanke tähtää sellaisen aineistojen siirtopalvelun luomiseen, jolla voidaan välittää aineistoja, jotka eivät suuren kokonsa vuoksi sovi sähköpostilla välitettäviksi. Tällaisia ovat esimerkiksi teknisen viraston ja suunnittelutoimistojen välillä siirrettävät aineistot. Teknisen ratkaisuna tutkitaan kaupungin SharePointin laajentamista uudella, internettiin julkaistavalla sivuostokokoelmalla.",
				),
			},
			{
				Code:     "6.4",
				Name:     "Jamix ruokatuotanto pilvipalveluna",
				Schedule: "10/2017 – 2/2018",
				Description: paragraphs(
					"Ohjelmaa käytetään ulkoiselta palvelimelta internet-selaimen kautta. Palvelu sisältää ohjelman asennuksen ulkoiselle palvelimelle, ohjelman käyttöoikeuden, ylläpidon sekä siihen sisältyvän käyttötuen, palvelimien teknisen ylläpidon sekä varmuuskopioinnin. Palveluun sisältyvät lisäksi RDS- ja MS Office- palvelinlisenssit.",
				),
			},
		},
	},
	{
		Chapter: 7,
		Name:    "Toimialakohtaiset kehityshankkeet (sivistyspalvelut)",
		Projects: []planProject{
			{
				Code:     "7.1",
				Name:     "Päiväkotien esitysteknologia",
				Schedule: "6/2017 – 2/2018",
				Description: paragraphs(
					"Päiväkodeissa ei tällä hetkellä ole juurikaan esitysteknologiaa. Toiminta on siis ollut varsin manuaalista. Projektissa selvitetään tarpeet ja aloitetaan käytännön toteutukset rahoituksen järjestyessä.",
				),
			},
			{
				Code:     "7.2",
				Name:     "Päiväkotien henkilökunnan työasemat",
				Schedule: "6/2017 – 2/2018",
				Description: paragraphs(
					"Päiväkotien henkilökunnan työasemien määrää nostetaan niin, että jokaisesta päiväkotiryhmässä on mahdollisuus työskennellä tietokoneella. Pääosin suositaan pöytätyöasemia.",
				),
			},
			{
				Code:     "7.3",
				Name:     "Päiväkotien tablettilaitteet",
				Schedule: "4/2017–12/2017",
				Description: paragraphs(
					"Kehitetään toimintamalli, jolla tablettilaitteiden käyttö on mahdollista aloittaa ja sitä on mahdollisuus laajentaa päiväkodeissa. Ratkaisussa hyödynnetään kouluissa jo kehitettyä toimintamallia eroavaisuudet huomioiden. Laskennallisesti pyritään siihen, että kahta esikoululaista kohti päiväkodista löytyy yksi tablettilaite. Tämä määrä saadaan lähes katettua siirtämällä lukiossa vähälle käytölle jääneet tablettilaitteet päiväkotien käyttöön.",
				),
			},
			{
				Code:     "7.4",
				Name:     "Päiväkotien langattomat verkot",
				Schedule: "9/2017–",
				Description: paragraphs(
					"Lisääntynyt tablettilaitteiden käyttö vaatii toimiakseen kattavat langattomat verkot. Projektissa tullaan kartoittamaan nykytila ja parantamaan tilannetta osana koko kaupungin langatonta verkkoprojektia.",
				),
			},
			{
				Code:     "7.5",
				Name:     "Varhaiskasvatus Primukseen/Wilmaan",
				Schedule: "8/2017–6/2018",
				Vendors:  []string{"Visma Oy"},
				Description: paragraphs(
					"Koulut ovat käyttäneet viestinnässä kotien kanssa Wilmaa ja Primusta jo pitkään. Näiden tuotteiden nykyinen kehittäjä Visma Oy on kehittänyt ratkaisuja myös varhaiskasvatuksen käyttöön. Projektissa tutustutaan ratkaisuihin, määritellään tarve ja suunnitellaan käyttöönottoa omaksi projektikseen mahdollisen pilotin kautta.",
				),
			},
			{
				Code:     "7.6",
				Name:     "Koulujen esitysteknologia",
				Schedule: "jatkuva",
				Description: paragraphs(
					"Koulujen esitysteknologialaitteilla on jatkuva uusimistarve. Projektissa pyritään siihen, että laitteistot olisivat ajantasaisia ja toimiva sekä siihen, että yhden koulun laitteistot olisivat mahdollisimman yhteneviä. Samalla pyritään ratkaisemaan tällä hetkellä epäyhtenäisesti toimiva tukimalli teknisille ratkaisuille (toimittaja, koulu vai tietohallinto)",
				),
			},
			{
				Code:     "7.7",
				Name:     "Koulujen langattomat verkot",
				Schedule: "5/2017–",
				Description: paragraphs(
					"Lisääntynyt tablettilaitteiden käyttö vaatii toimiakseen kattavat langattomat verkot. Projektissa tullaan parantamaan koulujen tilannetta osana koko kaupungin langatonta verkkoprojektia. Tällä hetkellä puolessa kouluista on riittävän kattavat verkot.",
				),
			},
			{
				Code:     "7.8",
				Name:     "Perusopetuksen tablettilaitteet",
				Schedule: "jatkuva",
				Description: paragraphs(
					"Perusopetuksen tablettilaitteiden projekti jatkuu. Syksyllä 2017 kouluihin hankittiin 460 laitetta eli nelos- ja seitsemäsluokkalaisten oppilaiden määrän verran. Seuraavana syksynä päästään tavoiteltuun tilaan eli siihen, että kaikilla luokka-asteilla 4-9 olevilla oppilailla on käytössään tablettilaite opiskelun apuvälineenä. Tämän jälkeen projekti ylläpitää ja uusii kyseistä laitekantaa ja käytöstä vapautuvia vanhoja laitteita suunnataan alempien vuosiluokkien käyttöön.",
				),
			},
			{
				Code:     "7.9",
				Name:     "Kertakirjautumisportaaliselvitys",
				Schedule: "10/2017 – 8/2018",
				Description: paragraphs(
					"Opetustoimen sähköisten oppimateriaalien, työkalujen ja ympäristöjen käyttöä helpottamaan pyritään selvittämään Naantalille sopivan, ympäristöt kertakirjautumisella yhdistävän ympäristön eri vaihtoehdot. Tuotteesta ja sen mahdollisesta käyttöönotosta sovitaan kartoituksen tulosten perusteella.",
				),
			},
			{
				Code:     "7.10",
				Name:     "Opetuksen pilvipalvelut (O365-Azure AD-EMS-AAD Premium)",
				Schedule: "6/2017-6/2018",
				Description: paragraphs(
					"Kehitetään opetuksessa käytössä olevaa pilviratkaisua kokonaisvaltaisemmaksi tukemaan paremmin paikka- ja laiteriippumattomuutta. Projekti toimii samalla pilottina mahdollisesti koko kaupunkia koskevan ratkaisun käyttöönottoa ajatellen.",
				),
			},
			{
				Code:     "7.11",
				Name:     "Osaamiskartoitus",
				Schedule: "",
				Description: paragraphs(
					"Opetushenkilökunnan tieto- ja viestintäteknisten taitojen osaamisen kartoitus osana koko kaupungissa toteutettavaa kartoitusta.",
				),
			},
			{
				Code:     "7.12",
				Name:     "Museon verkkokauppa",
				Schedule: "",
				Description: paragraphs(
					"Suunnitellaan ja toteutetaan Naantalin museon verkkokauppa osana koko kaupungin sähköisen asioinnin hanketta. Toteutuksen aloitus odottaa mahdollista koko kaupungin verkkokauppatoteutusta (Ceepos).",
				),
			},
			{
				Code:     "7.13",
				Name:     "Tapahtumalippujen ostaminen verkossa",
				Schedule: "",
				Description: paragraphs(
					"Selvitetään ja toteutetaan palvelu osana koko kaupunkia koskevaa hanketta, jossa voi varata ja hankkia sähköisesti lippuja eri kaupungin tarjoamiin tapahtumiin. Tutkitaan mahdollisuutta hyödyntää toteutuksessa Lyyti-palvelua. Selvitys aiheesta oltava valmiina ennen seuraavaa talousarviota syksyn talousarviota.",
				),
			},
		},
	},
}
