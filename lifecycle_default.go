package salkku

// The built-in life-cycle model, which an organisation gets as its first
// version and may then change by making new ones.
//
// Where each part comes from (seeds in ../shared/seeds):
//
//   - Name: "Hankkeen elinkaarimalli". Description: seed 004 (the section
//     "Hankehallinnan ja -johtamisen toimintamalli": "Hankkeiden
//     elinkaarimalli kuvaa …" and the phase sequence that follows) and
//     seed 003 ("Projektin siirtymistä vaiheesta toiseen ohjataan porttien
//     (= P) kautta. …"; the seed writes "Ohjataan" with a capital in
//     mid-sentence, here lower-cased).
//   - Gates P0…P6: seed 003 ("P0 = Valmistelupäätös, omistaja" …
//     "P6 = Arkistointipäätös"). Levels: seed 004's three decision levels.
//     P0 is the owner's ("omistaja"), and P1 and P2 commit resources, which
//     seed 004 makes the portfolio level's task: LevelPortfolio. P3, P4 and
//     P5 are decisions "in the project's life-cycle phases", the project
//     steering group's: LevelSteering. P6 (archiving) is an operational
//     matter inside the project: LevelProject.
//   - Phases: seed 004's sequence (projektiesitys, esiselvitys,
//     suunnittelu, toteutus, päättäminen ja lopetus) with seed 001's
//     käyttöönotto before päättäminen; each phase is closed by the gate(s)
//     that let a project leave it; planning by two, P2 (decided to
//     implement) and P3 (started). Status: proposed until implementation
//     is decided, active after.
//   - Pre-study: seed 004 "Tyypillisesti kevyt hyötyjen arviointi tehdään
//     jo esiselvityksen aikana." as the description and an optional
//     checklist item ("typically", so not required).
//   - Planning: seed 004 "Lopullinen kustannushyötyanalyysi laaditaan …" as
//     the description and a required checklist item (it is "keskeinen
//     arvioinnin kohde" of the decision to implement, P2). Seed 004's
//     principle "Tämän varmistamme kustannushyöty-analyysilla ja
//     investointien koko elinkaaren kattavilla kannattavuuslaskelmilla"
//     pairs the life-cycle profitability calculations with that analysis
//     but places them in no phase: an optional planning item.
//   - Proposal, implementation and closing: the seeds say nothing of them
//     beyond their place in the sequence, so they have only a name.
//   - Deployment: the whole of seed 001, word for word, with stray and
//     non-breaking spaces trimmed and the seed's spelling kept
//     ("valmiuksen"). The lists of entry and completion criteria are
//     written as lines "- …" under their intro line. The seed's checklist
//     heading ("Tarkistuslista vaiheen päättämiseksi") lists no items, so
//     the checklist is made of what the seed says must hold: the two
//     completion-criteria bullets (required) and stage 2's five steps
//     (optional, as not every project has e.g. data migrations). The
//     deliverables are stage 1's "Tekninen valmius" items, without the
//     seed's "(lisätietoa)", which marked links the seed does not give
//     (the stage itself keeps the text as written). Tasks are every task
//     of seed 001 in its order, under its theme and role.
//   - Roles and themes: those seed 001 names. The project manager, the
//     service owner and the steering group are filled from the project's
//     fields; the others are named in the project's own words.
//
// Swedish and English are translations made for this model, in the terms
// Finnish public administration uses in those languages (hankepäällikkö:
// projektchef, palvelusta vastaava: tjänsteansvarig / service owner,
// johto-/ohjausryhmä: lednings-/styrgrupp / management/steering group).

// DefaultModel returns the built-in life-cycle model, a new value on each
// call: version 1, unpublished and of no organisation until the store
// saves it for one.
func DefaultModel() *Model {
	t := func(fi, sv, en string) Text { return Text{FI: fi, SV: sv, EN: en} }
	gate := func(code, level string, name Text) Gate { return Gate{Code: code, Name: name, Level: level} }
	task := func(theme, role string, text Text, sub ...Text) Task {
		return Task{Theme: theme, Role: role, Text: text, Sub: sub}
	}
	const (
		pm       = "project_manager"
		owner    = "service_owner"
		arch     = "architect"
		impl     = "implementation_team"
		prod     = "production_team"
		steering = "steering_group"

		customer     = "customer"
		procurement  = "procurement"
		architecture = "architecture"
		security     = "security"
		privacy      = "privacy"
	)

	return &Model{
		Number: 1,
		Name:   t("Hankkeen elinkaarimalli", "Projektets livscykelmodell", "Project life-cycle model"),
		Description: t(
			"Hankkeiden elinkaarimalli kuvaa hankkeiden vaiheistuksen sekä niihin liittyvät päätöksentekopisteet. "+
				"Tyypillinen hankkeen vaiheistus alkaa projektiesityksestä, edeten esiselvityksen, suunnittelun ja toteutuksen kautta päättämiseen ja lopetukseen. "+
				"Siirtyminen vaiheesta toiseen edellyttää aina erillistä päätöksentekoa.\n\n"+
				"Projektin siirtymistä vaiheesta toiseen ohjataan porttien (= P) kautta. "+
				"Portit ovat etenemisen tarkistuspisteitä. "+
				"Kullakin portilla arvioidaan tehtyä työtä ja edellytyksiä edetä seuraavaan vaiheeseen. "+
				"Portit ovat keskeinen osa laadunhallintaa.",
			"Projektens livscykelmodell beskriver hur projekten delas in i faser och vilka beslutspunkter som hör till dem. "+
				"Ett typiskt projekt börjar med ett projektförslag och går via förstudie, planering och genomförande till avslutning och nedläggning. "+
				"Övergången från en fas till nästa kräver alltid ett separat beslut.\n\n"+
				"Projektets övergång från en fas till nästa styrs genom grindar (= P). "+
				"Grindarna är kontrollpunkter för hur projektet framskrider. "+
				"Vid varje grind bedöms det arbete som gjorts och förutsättningarna för att gå vidare till nästa fas. "+
				"Grindarna är en central del av kvalitetsledningen.",
			"The project life-cycle model describes how projects are divided into phases and the decision points that go with them. "+
				"A typical project starts from a project proposal and moves through a pre-study, planning and implementation to closing and termination. "+
				"Moving from one phase to the next always requires a separate decision.\n\n"+
				"A project's move from one phase to the next is governed through gates (= P). "+
				"The gates are checkpoints of progress. "+
				"At each gate, the work done and the prerequisites for moving on to the next phase are assessed. "+
				"The gates are a key part of quality management.",
		),
		Roles: []Role{
			{Key: pm, Name: t("Hankepäällikkö", "Projektchef", "Project manager"), Fills: FillsManager},
			{Key: owner, Name: t("Palvelusta vastaava", "Tjänsteansvarig", "Service owner"), Fills: FillsServiceOwner},
			{Key: arch, Name: t("Arkkitehti", "Arkitekt", "Architect")},
			{Key: impl, Name: t("Toteutustiimi", "Genomförandeteam", "Implementation team")},
			{Key: prod, Name: t("Tuotantotiimi", "Driftteam", "Operations team")},
			{Key: steering, Name: t("Johto-/ohjausryhmä", "Lednings-/styrgrupp", "Management/steering group"), Fills: FillsSteering},
		},
		Themes: []Theme{
			{Key: customer, Name: t("Asiakaslähtöisyys ja ohjaus", "Kundorientering och styrning", "Customer focus and governance")},
			{Key: procurement, Name: t("Hankinta", "Upphandling", "Procurement")},
			{Key: architecture, Name: t("Arkkitehtuuri", "Arkitektur", "Architecture")},
			{Key: security, Name: t("Tietoturva", "Informationssäkerhet", "Information security")},
			{Key: privacy, Name: t("Tietosuoja", "Dataskydd", "Data protection")},
		},
		Phases: []Phase{
			{
				Key:    "proposal",
				Name:   t("Esitys/ehdotus", "Framställning/förslag", "Proposal"),
				Status: StatusProposed,
				Gates: []Gate{
					gate("P0", LevelPortfolio, t("Valmistelupäätös", "Beredningsbeslut", "Preparation decision")),
				},
			},
			{
				Key:    "prestudy",
				Name:   t("Esiselvitys", "Förstudie", "Pre-study"),
				Status: StatusProposed,
				Description: t(
					"Tyypillisesti kevyt hyötyjen arviointi tehdään jo esiselvityksen aikana.",
					"Vanligtvis görs en lätt bedömning av nyttorna redan under förstudien.",
					"Typically, a light assessment of the benefits is already made during the pre-study.",
				),
				Checklist: []CheckItem{
					{Key: "prestudy-benefits", Text: t("Kevyt hyötyjen arviointi", "Lätt bedömning av nyttorna", "Light assessment of the benefits")},
				},
				Gates: []Gate{
					gate("P1", LevelPortfolio, t("Suunnittelupäätös", "Planeringsbeslut", "Planning decision")),
				},
			},
			{
				Key:    "planning",
				Name:   t("Suunnittelu", "Planering", "Planning"),
				Status: StatusProposed,
				Description: t(
					"Lopullinen kustannushyötyanalyysi laaditaan varsinaisen suunnittelun yhteydessä, ja se on keskeinen arvioinnin kohde päätettäessä hankkeen toteuttamisesta.",
					"Den slutliga kostnads-nyttoanalysen utarbetas i samband med den egentliga planeringen, och den är ett centralt föremål för bedömningen när man beslutar om projektet ska genomföras.",
					"The final cost-benefit analysis is prepared as part of the actual planning, and it is a key subject of assessment when deciding whether to implement the project.",
				),
				Checklist: []CheckItem{
					{Key: "planning-cost-benefit", Required: true, Text: t("Lopullinen kustannushyötyanalyysi", "Slutlig kostnads-nyttoanalys", "Final cost-benefit analysis")},
					{Key: "planning-lifecycle-profitability", Text: t(
						"Investointien koko elinkaaren kattavat kannattavuuslaskelmat",
						"Lönsamhetskalkyler som täcker investeringarnas hela livscykel",
						"Profitability calculations covering the whole life cycle of the investments",
					)},
				},
				Gates: []Gate{
					gate("P2", LevelPortfolio, t("Toteutuspäätös", "Genomförandebeslut", "Implementation decision")),
					gate("P3", LevelSteering, t("Käynnistyspäätös", "Startbeslut", "Kick-off decision")),
				},
			},
			{
				Key:    "implementation",
				Name:   t("Toteutus", "Genomförande", "Implementation"),
				Status: StatusActive,
				Gates: []Gate{
					gate("P4", LevelSteering, t("Toteutuksen hyväksyntä", "Godkännande av genomförandet", "Acceptance of the implementation")),
				},
			},
			{
				Key:    "deployment",
				Name:   t("Käyttöönotto", "Ibruktagande", "Deployment"),
				Status: StatusActive,
				Description: t(
					"Käyttöönottovaiheen aikana hankkeessa kehitetty järjestelmä tai palvelu siirretään tuotantoon ja otetaan käyttöön. "+
						"Vastuun siirtäminen hankkeelta ydintoiminnalle ja IT-operaatioille käynnistyy. "+
						"Käyttöönottovaihe sisältää usein myös toimintatapojen muuttamista, ja vaatii siksi erityistä huomiota ja muutosjohtamista.",
					"Under ibruktagandefasen förs det system eller den tjänst som utvecklats i projektet över i produktion och tas i bruk. "+
						"Överföringen av ansvaret från projektet till kärnverksamheten och IT-driften inleds. "+
						"Ibruktagandefasen innebär ofta också att arbetssätten ändras och kräver därför särskild uppmärksamhet och förändringsledning.",
					"During the deployment phase, the system or service developed in the project is moved into production and taken into use. "+
						"The transfer of responsibility from the project to the core business and IT operations begins. "+
						"The deployment phase often also involves changing ways of working, and it therefore calls for particular attention and change management.",
				),
				EntryCriteria: t(
					"Käyttöönotto voidaan aloittaa, kun\n"+
						"- Kaikki hankkeessa vaaditut lopputuotokset on toimitettu ja hyväksytty\n"+
						"- Lopputuotoksiin liittyvä dokumentaatio on toimitettu ja hyväksytty\n"+
						"- Tuotannon aikaiset vastuut on sovittu\n"+
						"- Rahoitus, sopimukset ja resurssit tuotantoonsiirtoa varten on olemassa\n"+
						"- Johto/ohjausryhmä on hyväksynyt palvelun tuotantokäyttöön nykyisellä riskitasolla ja tuotantoympäristö ja sen hallinta noudattaa palvelulle määriteltyä tietoturvatasoa ja tietosuojavaatimuksia.",
					"Ibruktagandet kan inledas när\n"+
						"- Alla slutprodukter som krävs i projektet har levererats och godkänts\n"+
						"- Dokumentationen av slutprodukterna har levererats och godkänts\n"+
						"- Ansvaret under driften har avtalats\n"+
						"- Finansiering, avtal och resurser för överföringen till produktion finns\n"+
						"- Lednings-/styrgruppen har godkänt tjänsten för produktionsbruk med den nuvarande risknivån, och produktionsmiljön och dess förvaltning följer den informationssäkerhetsnivå och de dataskyddskrav som fastställts för tjänsten.",
					"Deployment can begin when\n"+
						"- All final deliverables required in the project have been delivered and accepted\n"+
						"- The documentation of the final deliverables has been delivered and accepted\n"+
						"- Responsibilities during production have been agreed\n"+
						"- Funding, contracts and resources for the transition to production are in place\n"+
						"- The management/steering group has approved the service for production use at the current risk level, and the production environment and its management comply with the information security level and data protection requirements defined for the service.",
				),
				CompletionCriteria: t(
					"Vaihe päättyy kun varsinainen kehittäminen on päättynyt ja tuotantoonsiirto on tapahtunut, uusi järjestelmä tai palvelu on käytössä ja edellytykset kehittämis- ja ylläpitovastuiden siirtämisen aloittamiselle hankeorganisaatiolta liiketoiminnalle ovat olemassa:\n"+
						"- Sopimukset toimittajien kanssa (alusta- ja sovellusylläpito ja kehitys)\n"+
						"- Palvelusta vastaava on nimetty",
					"Fasen avslutas när den egentliga utvecklingen har avslutats och överföringen till produktion har skett, det nya systemet eller den nya tjänsten används och förutsättningarna finns för att börja överföra utvecklings- och förvaltningsansvaret från projektorganisationen till verksamheten:\n"+
						"- Avtal med leverantörerna (plattforms- och applikationsförvaltning samt utveckling)\n"+
						"- En tjänsteansvarig har utsetts",
					"The phase ends when the actual development has ended and the transition to production has taken place, the new system or service is in use, and the prerequisites are in place for starting to transfer development and maintenance responsibilities from the project organisation to the business:\n"+
						"- Contracts with the suppliers (platform and application maintenance and development)\n"+
						"- A service owner has been appointed",
				),
				Outcome: t(
					"Käyttöönottovaiheen varsinainen tuotos on sovitulla palvelulupauksella ylläpidossa oleva operatiiviseen käyttöön julkaistu ratkaisu. "+
						"Ratkaisulle on nimetty palvelusta vastaava henkilö, pääkäyttäjät, ylläpito- ja tukiorganisaatiot. "+
						"Heillä on käytössään toimintansa kannalta elintärkeät ohjeet, toimintatavat ja resurssit. "+
						"Ratkaisu on kirjattu järjestelmäkarttaan tai jo olemassa olevat tiedot on päivitetty.",
					"Det egentliga resultatet av ibruktagandefasen är en lösning som har tagits i operativt bruk och som förvaltas enligt ett avtalat tjänstelöfte. "+
						"För lösningen har en tjänsteansvarig person, huvudanvändare samt förvaltnings- och supportorganisationer utsetts. "+
						"De har tillgång till de anvisningar, arbetssätt och resurser som är livsviktiga för deras verksamhet. "+
						"Lösningen har förts in i systemkartan, eller de uppgifter som redan fanns där har uppdaterats.",
					"The actual output of the deployment phase is a solution released for operational use and maintained under an agreed service commitment. "+
						"A service owner, key users, and maintenance and support organisations have been named for the solution. "+
						"They have the instructions, ways of working and resources that are vital to their work. "+
						"The solution has been recorded in the system map, or the information already there has been updated.",
				),
				Stages: []Stage{
					{
						Name:     t("Käyttöönoton valmistelu", "Förberedelse av ibruktagandet", "Preparing for deployment"),
						Subtitle: t("eli tuotantoon siirron valmiuksen luominen", "det vill säga att skapa beredskap för överföringen till produktion", "that is, creating readiness for the transition to production"),
						Sections: []StageSection{
							{Name: t("Suunnittelu", "Planering", "Planning")},
							{Name: t("Tekninen valmius", "Teknisk beredskap", "Technical readiness"), Items: []Text{
								t("Tietoturvatarkastusraportti -pohja (lisätietoa)", "Mall för rapport om informationssäkerhetsgranskning (mer information)", "Information security audit report template (more information)"),
								t("Tietosuojatarkistus (lisätietoa)", "Dataskyddsgranskning (mer information)", "Data protection review (more information)"),
								t("Kuvaus tietoturvapiirteistä niin, että eri henkilöt voivat tarvittaessa jatkaa työtä", "Beskrivning av informationssäkerhetsegenskaperna så att andra personer vid behov kan fortsätta arbetet", "A description of the security features, so that other people can carry on the work if needed"),
								t("Järjestelmän tekninen toipumissuunnitelma ja prosessin jatkuvuussuunnitelma", "Systemets tekniska återställningsplan och processens kontinuitetsplan", "The system's technical recovery plan and the process's continuity plan"),
								t("Kaupungin tietojärjestelmäkartta - päivitys ja kokonaisarkkitehtoniset dokumentit", "Stadens informationssystemkarta – uppdatering och dokument om helhetsarkitekturen", "The city's information system map – update, and enterprise architecture documents"),
							}},
							{Name: t("Sopimuksellinen valmius", "Avtalsmässig beredskap", "Contractual readiness")},
						},
					},
					{
						Name:     t("Käyttöönotto", "Ibruktagande", "Deployment"),
						Subtitle: t("eli siirtyminen vanhan järjestelmän käytöstä ja siihen liittyvistä toimintatavoista uuteen", "det vill säga övergången från det gamla systemet och arbetssätten kring det till det nya", "that is, moving from the old system and the ways of working that go with it to the new one"),
						Items: []Text{
							t("Integraatio- ja suorituskykytestaus tuotantoympäristössä", "Integrations- och prestandatestning i produktionsmiljön", "Integration and performance testing in the production environment"),
							t("Datamigraatiot", "Datamigreringar", "Data migrations"),
							t("Käyttäjäkoulutukset ja (mahdolliset) käyttäjäorganisaation tehtävänkuvan muutokset", "Användarutbildningar och (eventuella) ändringar i användarorganisationens arbetsbeskrivningar", "User training and (any) changes to job descriptions in the user organisation"),
							t("Ylläpito-organisaation tarvitseman dokumentaation viimeistely", "Färdigställande av den dokumentation som förvaltningsorganisationen behöver", "Finalising the documentation the maintenance organisation needs"),
							t("Kaupungin tietojärjestelmäkartta - lisääminen ja arkkitehtuuridokumentaatio", "Stadens informationssystemkarta – tillägg och arkitekturdokumentation", "The city's information system map – addition, and architecture documentation"),
						},
						Sections: []StageSection{
							{Name: t("Hankehallinnan tuotokset", "Projektledningens resultat", "Project management outputs")},
						},
					},
				},
				Checklist: []CheckItem{
					{Key: "deploy-supplier-contracts", Required: true, Text: t("Sopimukset toimittajien kanssa (alusta- ja sovellusylläpito ja kehitys)", "Avtal med leverantörerna (plattforms- och applikationsförvaltning samt utveckling)", "Contracts with the suppliers (platform and application maintenance and development)")},
					{Key: "deploy-service-owner", Required: true, Text: t("Palvelusta vastaava on nimetty", "En tjänsteansvarig har utsetts", "A service owner has been appointed")},
					{Key: "deploy-integration-testing", Text: t("Integraatio- ja suorituskykytestaus tuotantoympäristössä", "Integrations- och prestandatestning i produktionsmiljön", "Integration and performance testing in the production environment")},
					{Key: "deploy-data-migrations", Text: t("Datamigraatiot", "Datamigreringar", "Data migrations")},
					{Key: "deploy-user-training", Text: t("Käyttäjäkoulutukset ja (mahdolliset) käyttäjäorganisaation tehtävänkuvan muutokset", "Användarutbildningar och (eventuella) ändringar i användarorganisationens arbetsbeskrivningar", "User training and (any) changes to job descriptions in the user organisation")},
					{Key: "deploy-maintenance-docs", Text: t("Ylläpito-organisaation tarvitseman dokumentaation viimeistely", "Färdigställande av den dokumentation som förvaltningsorganisationen behöver", "Finalising the documentation the maintenance organisation needs")},
					{Key: "deploy-system-map-add", Text: t("Kaupungin tietojärjestelmäkartta - lisääminen ja arkkitehtuuridokumentaatio", "Stadens informationssystemkarta – tillägg och arkitekturdokumentation", "The city's information system map – addition, and architecture documentation")},
				},
				Deliverables: []Deliverable{
					{Key: "deploy-security-audit-report", Name: t("Tietoturvatarkastusraportti -pohja", "Mall för rapport om informationssäkerhetsgranskning", "Information security audit report template")},
					{Key: "deploy-privacy-review", Name: t("Tietosuojatarkistus", "Dataskyddsgranskning", "Data protection review")},
					{Key: "deploy-security-description", Name: t("Kuvaus tietoturvapiirteistä niin, että eri henkilöt voivat tarvittaessa jatkaa työtä", "Beskrivning av informationssäkerhetsegenskaperna så att andra personer vid behov kan fortsätta arbetet", "A description of the security features, so that other people can carry on the work if needed")},
					{Key: "deploy-recovery-plan", Name: t("Järjestelmän tekninen toipumissuunnitelma ja prosessin jatkuvuussuunnitelma", "Systemets tekniska återställningsplan och processens kontinuitetsplan", "The system's technical recovery plan and the process's continuity plan")},
					{Key: "deploy-system-map-update", Name: t("Kaupungin tietojärjestelmäkartta - päivitys ja kokonaisarkkitehtoniset dokumentit", "Stadens informationssystemkarta – uppdatering och dokument om helhetsarkitekturen", "The city's information system map – update, and enterprise architecture documents")},
				},
				Tasks: []Task{
					// Asiakaslähtöisyys ja ohjaus: hankepäällikkö.
					task(customer, pm, t("Laatii hyväksyntätestauksen loppuraportin", "Sammanställer slutrapporten för acceptanstestningen", "Prepares the final report of the acceptance testing")),
					task(customer, pm, t("Laatii yhteistyössä palvelusta vastaavan kanssa käytönaikaisen laadunvarmistussuunnitelman", "Utarbetar tillsammans med den tjänsteansvariga en plan för kvalitetssäkringen under driften", "Prepares, together with the service owner, a quality assurance plan for the service in operation")),
					task(customer, pm, t("Suunnittelee, organisoi ja johtaa tuotantoon siirrot", "Planerar, organiserar och leder överföringarna till produktion", "Plans, organises and leads the transitions to production")),
					task(customer, pm, t(
						"Vastaa tuotantoympäristössä havaittujen ongelmien pikaisesta käsittelystä ja organisoi korjauksen (myös kehitystiimeiltä vaaditaan korotettua valmiustasoa esiin tulevien ongelmien nopeaa ratkaisemista varten)",
						"Ansvarar för att problem som upptäcks i produktionsmiljön hanteras snabbt och organiserar rättelsen (även utvecklingsteamen måste ha förhöjd beredskap så att problem som dyker upp kan lösas snabbt)",
						"Is responsible for handling problems found in the production environment promptly and organises their correction (the development teams, too, must be on heightened readiness so that problems that come up can be solved quickly)",
					)),
					task(customer, pm, t("Vastaa käyttäjäkoulutuksissa tarvittavan materiaalin tuottamisesta", "Ansvarar för att ta fram det material som behövs i användarutbildningarna", "Is responsible for producing the material needed in user training")),
					task(customer, pm, t("Käynnistää osaamisen siirtämisen ylläpito-organisaatiolle", "Inleder överföringen av kunnande till förvaltningsorganisationen", "Starts the transfer of know-how to the maintenance organisation")),
					task(customer, pm, t("Laatii suunnitelman ylläpitovaiheen resursoinnista ja tehtävistä", "Utarbetar en plan för förvaltningsfasens resurser och uppgifter", "Draws up a plan for the resourcing and tasks of the maintenance phase")),
					task(customer, pm, t("Tekee ohjaus/johtoryhmälle esityksen hankkeen päättämisestä", "Lägger fram ett förslag för styr-/ledningsgruppen om att avsluta projektet", "Makes a proposal to the steering/management group to close the project")),
					// Asiakaslähtöisyys ja ohjaus: palvelusta vastaava.
					task(customer, owner, t(
						"Tunnistaa henkilöstöryhmät, joihin järjestelmän tai palvelun käyttöönottoon liittyvä muutos kohdistuu ja laatii suunnitelman käyttäjien kouluttamisesta ja muista muutoksen läpiviennin vaatimista tehtävistä",
						"Identifierar de personalgrupper som berörs av den förändring som ibruktagandet av systemet eller tjänsten för med sig och utarbetar en plan för utbildningen av användarna och för de övriga uppgifter som genomförandet av förändringen kräver",
						"Identifies the staff groups affected by the change that comes with deploying the system or service, and draws up a plan for training the users and for the other tasks needed to carry the change through",
					)),
					task(customer, owner, t("Allokoi resurssit ylläpitoa varten", "Avsätter resurser för förvaltningen", "Allocates resources for maintenance")),
					// Hankinta: hankepäällikkö.
					task(procurement, pm, t(
						"Varmistaa, että toimitussopimuksissa on huomioitu palvelun saatavuuteen ja jatkuvuuteen liittyvät vaatimukset ja että toimittajilla on kyvykkyys toimittaa näiden vaatimusten mukaista palvelua",
						"Säkerställer att leveransavtalen beaktar kraven på tjänstens tillgänglighet och kontinuitet och att leverantörerna har förmåga att leverera en tjänst som uppfyller dessa krav",
						"Makes sure that the supply contracts take into account the requirements for the service's availability and continuity, and that the suppliers are capable of delivering a service that meets these requirements",
					)),
					// Arkkitehtuuri: arkkitehti.
					task(architecture, arch, t(
						"Viimeistelee yhteistyössä toimittajien kanssa arkkitehtuurikuvaukset siten, että ne vastaavat lopullista toteutusta",
						"Färdigställer tillsammans med leverantörerna arkitekturbeskrivningarna så att de motsvarar den slutliga lösningen",
						"Finalises the architecture descriptions together with the suppliers so that they match the final implementation",
					),
						t("Uudet ratkaisut", "Nya lösningar", "New solutions"),
						t("Poistuvat ratkaisut", "Lösningar som avvecklas", "Solutions being retired"),
						t("Muutokset", "Ändringar", "Changes"),
					),
					task(architecture, arch, t("Siirtää toteutuneen tavoitetilan kuvauksen osaksi nykytilan kuvausta", "För över beskrivningen av det uppnådda målläget till beskrivningen av nuläget", "Moves the description of the target state that has been reached into the description of the current state")),
					task(architecture, arch, t(
						"Päivittää muut tarvittavat perustiedot muihin operatiivisiin järjestelmiin, esimerkiksi palvelurekisteriin mikäli tietoihin on tullut muutoksia",
						"Uppdaterar övriga nödvändiga grunduppgifter i andra operativa system, till exempel i tjänsteregistret, om uppgifterna har ändrats",
						"Updates other necessary basic information in other operational systems, such as the service register, if the information has changed",
					)),
					task(architecture, arch, t(
						"Viimeistelee tietojärjestelmiin liittyvät ajantasaiset hallinnolliset tiedot, esimerkiksi selosteet ja tietojärjestelmäluettelot",
						"Färdigställer aktuella administrativa uppgifter om informationssystemen, till exempel redogörelser och förteckningar över informationssystem",
						"Finalises up-to-date administrative information on the information systems, such as statements and lists of information systems",
					)),
					task(architecture, arch, t(
						"Osallistuu koulutuksien suunnitteluun ja toteutukseen varmistaakseen, että toimijat ymmärtävät ratkaisukokonaisuuden ja sen kytkeytymisen toimintaympäristöön",
						"Deltar i planeringen och genomförandet av utbildningarna för att säkerställa att aktörerna förstår lösningshelheten och hur den hänger samman med verksamhetsmiljön",
						"Takes part in planning and delivering the training to make sure that those involved understand the solution as a whole and how it connects with its operating environment",
					)),
					// Tietoturva: toteutustiimi.
					task(security, impl, t(
						"Vastaa palvelussa käytettävien ohjelmistokomponenttien tietoturvatilanteen omavalvonnasta ja haavoittuvien komponenttien päivityksestä",
						"Ansvarar för egenkontrollen av informationssäkerhetsläget hos de programvarukomponenter som används i tjänsten och för uppdateringen av sårbara komponenter",
						"Is responsible for self-monitoring the security status of the software components used in the service and for updating vulnerable components",
					)),
					task(security, impl, t("Tekee ulkopuolelta tulevien tietoturvahaavoittuvuusraporttien mukaiset korjaukset", "Gör de rättelser som externa rapporter om säkerhetssårbarheter kräver", "Makes the fixes that external security vulnerability reports call for")),
					// Tietoturva: palvelusta vastaava.
					task(security, owner, t("Järjestää säännöllisiä käytönaikaisia tietoturvatarkastuksia ja organisoi niissä havaittujen puutteiden korjauksen", "Ordnar regelbundna informationssäkerhetsgranskningar under driften och organiserar rättelsen av de brister som upptäcks vid dem", "Arranges regular security audits of the service in operation and organises the correction of the shortcomings they reveal")),
					task(security, owner, t("Analysoi ulkopuolelta tulevat tietoturvahaavoittuvuusraportit, priorisoi ja organisoi korjaukset", "Analyserar externa rapporter om säkerhetssårbarheter samt prioriterar och organiserar rättelserna", "Analyses external security vulnerability reports, and prioritises and organises the fixes")),
					task(security, owner, t("Suurissa muutoksissa päivittää riskianalyysin ja organisoi sen mukaiset jatkotyöt", "Uppdaterar vid stora förändringar riskanalysen och organiserar det fortsatta arbete som den visar behov av", "Updates the risk analysis when there are major changes and organises the follow-up work it calls for")),
					task(security, owner, t(
						"Selvittää, mitä kehitysaikaisia järjestelyjä (käyttäjäoikeudet, järjestelmät, tietoliikenneyhteydet yms) voidaan purkaa kun tuotanto on alkanut.",
						"Utreder vilka arrangemang från utvecklingstiden (användarrättigheter, system, datakommunikationsförbindelser o.d.) som kan avvecklas när produktionen har inletts.",
						"Finds out which arrangements made for the development period (user rights, systems, network connections, etc.) can be dismantled once production has started.",
					)),
					// Tietoturva: tuotantotiimi.
					task(security, prod, t("Valvoo palvelun tietoturvallisuustilannetta ja raportoi siitä normaalien käytäntöjen mukaan", "Övervakar tjänstens informationssäkerhetsläge och rapporterar om det enligt normal praxis", "Monitors the security situation of the service and reports on it according to normal practice")),
					task(security, prod, t("Huolehtii tuotantoalustan tietoturvapäivityksistä", "Sköter säkerhetsuppdateringarna av produktionsplattformen", "Takes care of the security updates of the production platform")),
					// Tietosuoja: johto-/ohjausryhmä.
					task(privacy, steering, t(
						"Vastaa siitä, että uusi palvelu täyttää sille asetetut tietosuojavaatimukset ennen sen käyttöönottoa.",
						"Ansvarar för att den nya tjänsten uppfyller de dataskyddskrav som ställts på den innan den tas i bruk.",
						"Is responsible for ensuring that the new service meets the data protection requirements set for it before it is deployed.",
					)),
					// Tietosuoja: palvelusta vastaava.
					task(privacy, owner, t(
						"Huolehtii siitä, että palvelun ylläpidosta tehtävään sopimukseen lisätään tietosuoja- ja salassapitoliite tai tietosuojaliite, jos ylläpidosta vastaa palveluntuottaja ja jos palvelussa käsitellään henkilötietoja.",
						"Ser till att en bilaga om dataskydd och sekretess eller en dataskyddsbilaga fogas till avtalet om förvaltningen av tjänsten, om en tjänsteleverantör ansvarar för förvaltningen och om personuppgifter behandlas i tjänsten.",
						"Makes sure that a data protection and confidentiality annex, or a data protection annex, is added to the contract for maintaining the service if a service provider is responsible for maintenance and personal data is processed in the service.",
					)),
					task(privacy, owner, t(
						"Varmistaa, että uusi palvelu täyttää sille asetetut tietosuojavaatimukset ennen palvelun käyttöönottoa.",
						"Säkerställer att den nya tjänsten uppfyller de dataskyddskrav som ställts på den innan tjänsten tas i bruk.",
						"Makes sure that the new service meets the data protection requirements set for it before the service is deployed.",
					)),
					// Tietosuoja: tuotantotiimi.
					task(privacy, prod, t("Huolehtii tietosuojan toteutumisen ylläpidosta sovitulla tavalla.", "Ser till att dataskyddet fortsätter att förverkligas på det sätt som avtalats.", "Makes sure that data protection continues to be upheld in the agreed way.")),
				},
				Gates: []Gate{
					gate("P5", LevelSteering, t("Lopettamispäätös", "Avslutningsbeslut", "Closure decision")),
				},
			},
			{
				Key:    "closing",
				Name:   t("Päättäminen", "Avslutning", "Closing"),
				Status: StatusActive,
				Gates: []Gate{
					gate("P6", LevelProject, t("Arkistointipäätös", "Arkiveringsbeslut", "Archiving decision")),
				},
			},
		},
	}
}
