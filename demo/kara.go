package demo

// Seed 002: the status report of the KaRa programme of Kainuun sote,
// 22.11.2021, one slide per work package. Only the register data is taken
// from it: the organisation, the programme, its people and its tree of work
// packages with the people the slides name. The four boxes of each slide
// (overall status, achievements, still to do, risks), the communications
// log and the budget chart belong to status reporting and finance and are
// not loaded here; kara_reports.go holds the reports and the
// communications log.
//
// Choices where the slides leave room:
//   - The organisation is "Kainuun sote", the name the slides use ("Kainuun
//     soten verkkosivut", "Kainuun sote yhtymähallitus"); its business id is
//     not in the seed.
//   - The portfolio is named after the web page and the social-media account
//     that the communications slide gives for the reform's development
//     projects ("sote-uudistuksen-kehittamishankkeet-kainuussa",
//     "Soteuudistuksen kehittämishankkeet Kainuussa HELLÄ ja KaRa").
//   - The programme's full name comes from the budget slide, "Kainuun
//     rakenneuudistus vv.2020-2021 -alueellisen valmistelun tukena (KaRa)".
//     Its schedule 8/2020–12/2021 is read from the same slide (costs
//     "Toteutuma 1.8.2020 -") and from the name ("vv.2020-2021"); the
//     report's closing work in 1/2022 happens "hankkeen jälkeen".
//   - People are created without e-mail addresses or phone numbers even
//     where the last slide gives them: a demo must not send reminders to
//     real people. Teemu Röpelinen's share "(50 %)" has no field yet
//     (karaShares keeps it).
//   - Osa-alue 2 and 3 have no title of their own on the slides, so their
//     names are "Osa-alue 2" and "Osa-alue 3". A työpaketti that has slides
//     only for its sub-packages gets the people named on those slides.
//   - The extra slide "TP 3 a) + b)" by the reporting team (raportointitiimi)
//     names the same two people as a) and b); the document does not call it
//     a package of its own, so it is folded into a) and b). There is no c)
//     under Osa-alue 2 TP 3 in the document, so none is made.
//   - "(H)" after a slide's title becomes the tag "H" ("H=HELLÄ-yhteys") and
//     is left out of the name. The stray ")" in "d) ) Digitaalisen" is
//     dropped.
//   - Osa-alue 4 has no responsible person on its slide (the names there are
//     Kainuu's representatives in sparring groups), so it has none here.
//
// Work package codes follow one scheme: "OA<n>" for an osa-alue, "OA<n>
// TP<m>" for a työpaketti under it and "OA<n> TP<m> <letter>" for a
// sub-package a), b)…, e.g. "OA2 TP3 a".

// karaOrganisation is the joint authority that runs the programme.
const karaOrganisation = "Kainuun sote"

// karaPeople are everyone the slides name as responsible for a work
// package; titles only where the slides give them.
var karaPeople = []person{
	{Name: "Kristiina Taskinen", Title: "projektipäällikkö"},
	{Name: "Hanna Mara", Title: "projektisihteeri/viestijä"},
	{Name: "Hanne Vasankari"},
	{Name: "Jouko Selkälä"},
	{Name: "Sanna Aikio"},
	{Name: "Paula Tolonen"},
	{Name: "Laura Moilanen"},
	{Name: "Minna-Mari Tanskanen"},
	{Name: "Teemu Röpelinen"},
}

// karaPortfolio holds Kainuu's sote-reform development projects.
var karaPortfolio = planPortfolio{
	Name: "Sote-uudistuksen kehittämishankkeet Kainuussa",
	Description: lines(
		"Kainuun soten verkkosivut: https://sote.kainuu.fi/sote-uudistuksen-kehittamishankkeet-kainuussa",
		"Facebook-tili: Soteuudistuksen kehittämishankkeet Kainuussa HELLÄ ja KaRa",
		"Twitter-tili: @sotehankkeet",
	),
}

// karaProgramme is the KaRa project with its work packages.
var karaProgramme = programme{
	Code:     "KaRa",
	Name:     "Kainuun rakenneuudistus vv.2020-2021 -alueellisen valmistelun tukena",
	Schedule: "8/2020 – 12/2021",
	Manager:  "Kristiina Taskinen",
	Description: lines(
		"Lisätietoja",
		karaContactName+",",
		karaContactTitle,
		karaContactEmail,
		"Puh. "+karaContactPhone,
		"",
		"Verkkosivut: https://sote.kainuu.fi/kainuun-rakenneuudistus-vv-2020-2021-alueellisen-valmistelun-tukena-kara",
		"Twitter: @sotehankkeet",
		"Facebook: https://www.facebook.com/sotekehittamishankkeetkainuussa/",
	),
	WorkPackages: []workPackage{
		{
			Code:        "OA1",
			Name:        "Vapaaehtoinen alueellinen valmistelu ja hankekoordinaatio",
			Responsible: []string{"Kristiina Taskinen", "Hanna Mara"},
		},
		{
			Code: "OA2",
			Name: "Osa-alue 2",
			Children: []workPackage{
				{
					Code:        "OA2 TP1",
					Name:        "Järjestämistehtävän selkiyttäminen ja järjestäjän tietotarpeet",
					Responsible: []string{"Kristiina Taskinen"},
				},
				{
					Code:        "OA2 TP2",
					Name:        "Tietojohtamisen kyvykkyyden kehittäminen",
					Responsible: []string{"Hanne Vasankari"},
				},
				{
					Code:        "OA2 TP3",
					Name:        "Tietojohtamista tukevat työvälineet",
					Responsible: []string{"Jouko Selkälä", "Sanna Aikio"},
					Children: []workPackage{
						{
							Code:        "OA2 TP3 a",
							Name:        "TIJO-mallin kehittäminen ja uudistetun mallin käyttöönotto",
							Responsible: []string{"Jouko Selkälä", "Sanna Aikio"},
						},
						{
							Code:        "OA2 TP3 b",
							Name:        "Raportointijärjestelmän käyttöönotto",
							Responsible: []string{"Jouko Selkälä", "Sanna Aikio"},
						},
						{
							Code:        "OA2 TP3 d",
							Name:        "Digitaalisen ohjaustaulun määrittely ja käyttöönotto tukemaan tulevaisuuden sote-keskuksen toiminnanohjausta",
							Responsible: []string{"Jouko Selkälä"},
							Tags:        []string{"H"},
						},
						{
							Code:        "OA2 TP3 e",
							Name:        "Alueellisen reaaliaikaisen asiakaspalautejärjestelmän käyttöönotto tukemaan mm. tulevaisuuden sote-keskuksen johtamista ja ohjausta",
							Responsible: []string{"Jouko Selkälä"},
							Tags:        []string{"H"},
						},
					},
				},
				{
					Code:        "OA2 TP4",
					Name:        "Tiedolla johtamisen pilotti",
					Description: "Akuutin sepelvaltimokohtauspotilaan hoito- ja palveluketjun kehittäminen asiakkaan kokeman terveyshyödyn sekä kustannusvaikuttavuuden näkökulmasta",
					Responsible: []string{"Paula Tolonen"},
				},
			},
		},
		{
			Code: "OA3",
			Name: "Osa-alue 3",
			Children: []workPackage{
				{
					Code:        "OA3 TP1",
					Name:        "Asukkaan sähköiset palvelut",
					Responsible: []string{"Laura Moilanen"},
					Children: []workPackage{
						{
							Code:        "OA3 TP1 a",
							Name:        "Maakunnallisen sote-digipalvelualustan kehittäminen asukasta ohjaaviksi ja digitaaliset palvelut kokoavaksi yhden luukun palveluksi = Terveysasemien verkkosivujen uudistaminen palvelumuotoilun avulla",
							Responsible: []string{"Laura Moilanen"},
							Tags:        []string{"H"},
						},
						{
							Code:        "OA3 TP1 b",
							Name:        "Omahoitoa ja yhteydenpitoa mobiililaitteilla = Omasoten uudistaminen",
							Responsible: []string{"Laura Moilanen"},
							Tags:        []string{"H"},
						},
					},
				},
				{
					Code:        "OA3 TP2",
					Name:        "Työntekijän digitaaliset työkalut",
					Responsible: []string{"Laura Moilanen"},
					Children: []workPackage{
						{
							Code:        "OA3 TP2 a",
							Name:        "Asiakkuussovelluksella tietoa asiakkaan kokonaistilanteesta helpottamaan työntekijää palvelutarpeen arvioinnissa sekä sujuvoittamaan moniammatillisen vastaanottotoiminnan prosessia",
							Responsible: []string{"Laura Moilanen"},
							Tags:        []string{"H"},
						},
						{
							Code:        "OA3 TP2 b",
							Name:        "Toiminnanohjausjärjestelmä (TOJ) Kerralla kuntoon",
							Responsible: []string{"Laura Moilanen"},
						},
						{
							Code:        "OA3 TP2 c",
							Name:        "Etäkonsultaation kehittäminen peruspalveluiden ja erityispalveluiden välillä",
							Responsible: []string{"Laura Moilanen"},
							Tags:        []string{"H"},
						},
						{
							Code:        "OA3 TP2 d",
							Name:        "Palveluseteli-Ostopalvelu järjestelmä PSOP:n käytön laajentaminen",
							Responsible: []string{"Laura Moilanen"},
						},
					},
				},
				{
					Code:        "OA3 TP3",
					Name:        "Tiedon laadun parantaminen",
					Responsible: []string{"Minna-Mari Tanskanen"},
					Children: []workPackage{
						{
							Code:        "OA3 TP3 a",
							Name:        "Kirjaamisen valmennus osana sosiaalihuollon Kantaan liittymistä ja tiedolla johtamisen kyvykkyyden lisäämistä",
							Description: "Tavoitteena on sosiaalihuollon valtakunnallisten toimintamallien ja määrittelyiden edistäminen ja käyttöönotto alueella sekä kirjaamisen laadun parantaminen.",
							Responsible: []string{"Minna-Mari Tanskanen"},
						},
						{
							Code:        "OA3 TP3 b",
							Name:        "Sosiaalihuollon Kantaan liittymiseen valmistautuminen",
							Description: "Kantaan liittymiseen valmistautuminen, lastensuojelun vanhojen tietojen Kanta-arkistointi.",
							Responsible: []string{"Minna-Mari Tanskanen"},
						},
					},
				},
				{
					Code:        "OA3 TP4",
					Name:        "Kyberturvallisuuden kehittäminen",
					Responsible: []string{"Teemu Röpelinen"},
				},
			},
		},
		{
			Code: "OA4",
			Name: "Yhteistyötasoinen tai muu maakuntien yhteinen kehittäminen",
			Description: paragraphs(
				"Pohjoisen OT-keskuksen* jatkovalmistelu",
				"*OT-keskus, erityistä tukea tarvitseville lapsille, nuorille ja perheille, erva-alueittain 5 Suomeen",
				"https://thl.fi/fi/tutkimus-ja-kehittaminen/tutkimukset-ja-hankkeet/lapsi-ja-perhepalveluiden-muutosohjelma-lape-/erityis-ja-vaativan-tason-palvelut/osaamis-ja-tukikeskukset-ot-",
			),
		},
	},
}
