package gen

// The vocabulary of the generated register, taken from the seed documents:
// the action plan of Naantali (seed 000: categories, project names, vendors,
// the phrases of its descriptions), the KaRa programme of Kainuun sote
// (seed 002: osa-alue and työpaketti names, the tag "H"), the phase model of
// seed 001, Turku's enterprise architecture talk (seed 003) and the national
// steering of the regions' digitalisation (seed 004: Vimana Oy, SoteDigi Oy,
// national shared solutions).

// places are in the genitive, as organisations are named after them.
var places = []string{
	"Naantalin", "Raision", "Turun", "Kaarinan", "Liedon", "Maskun", "Nousiaisten", "Paimion",
	"Salon", "Uudenkaupungin", "Porin", "Rauman", "Tampereen", "Nokian", "Ylöjärven", "Kangasalan",
	"Hämeenlinnan", "Lahden", "Kouvolan", "Kotkan", "Lappeenrannan", "Imatran", "Mikkelin", "Savonlinnan",
	"Kuopion", "Joensuun", "Jyväskylän", "Seinäjoen", "Vaasan", "Kokkolan", "Oulun", "Kajaanin",
	"Rovaniemen", "Kemin", "Tornion", "Espoon", "Vantaan", "Helsingin", "Porvoon", "Lohjan",
}

// domains are the places' e-mail domains, in the order of places.
var domains = []string{
	"naantali", "raisio", "turku", "kaarina", "lieto", "masku", "nousiainen", "paimio",
	"salo", "uusikaupunki", "pori", "rauma", "tampere", "nokia", "ylojarvi", "kangasala",
	"hameenlinna", "lahti", "kouvola", "kotka", "lappeenranta", "imatra", "mikkeli", "savonlinna",
	"kuopio", "joensuu", "jyvaskyla", "seinajoki", "vaasa", "kokkola", "oulu", "kajaani",
	"rovaniemi", "kemi", "tornio", "espoo", "vantaa", "helsinki", "porvoo", "lohja",
}

// bodies are the kinds of organisation a place has; the first is the place
// itself.
var bodies = []string{
	"kaupunki", "kaupungin sivistystoimiala", "kaupungin tekniset palvelut",
	"kaupungin sosiaali- ja terveyspalvelut", "seudun kuntayhtymä", "kaupungin konserni-ICT",
	"kaupungin kasvatus ja opetus", "kaupungin kulttuuripalvelut",
}

// serviceAreas name the sub-portfolios of an organisation's portfolio.
var serviceAreas = []string{
	"Sosiaali- ja terveyspalvelut", "Sivistyspalvelut", "Tekniset palvelut", "Konsernipalvelut",
	"Kulttuuri- ja vapaa-aikapalvelut", "Kaupunkikehitys", "Tietohallinto", "Elinvoimapalvelut",
	"Varhaiskasvatus", "Ympäristöpalvelut",
}

// portfolioDescriptions are from the action plan's introduction.
var portfolioDescriptions = []string{
	"Toimenpidesuunnitelma koostuu valituista tai pakollisista kehityskohteista.",
	"Toiminnan kohdentamista ja kärkihankkeita pyritään tuomaan esille mahdollisimman yksinkertaisessa muodossa.",
	"Projektien tai hankkeiden rahoitus käsitellään erikseen talousarvioissa tai taloussuunnitelmissa.",
	"Suunnitelmaa päivitetään vähintään puolivuosittain.",
}

// categories are the sections of the action plan and the programme.
var categories = []string{
	"Perusinfrastruktuurihankkeet",
	"Tietohallintojohtamisen työkalut",
	"Koko kaupunkia koskevat yhteiset kehityshankkeet",
	"Palvelualakohtaiset kehityshankkeet",
	"Toimialakohtaiset kehityshankkeet (sosiaali- ja terveyspalvelut)",
	"Toimialakohtaiset kehityshankkeet (tekniset palvelut)",
	"Toimialakohtaiset kehityshankkeet (sivistyspalvelut)",
	"Asukkaan sähköiset palvelut",
	"Työntekijän digitaaliset työkalut",
	"Tiedolla johtaminen",
	"Kansalliset yhteiset ratkaisut",
	"Tietoturva ja varautuminen",
}

// categoryDescriptions open a section of the action plan.
var categoryDescriptions = []string{
	"Nämä hankkeet tai projektit ovat perinteistä tietotekniikkapalveluiden hyödyntämistä korostavia.",
	"Näillä projekteilla pyritään tukemaan ja kehittämään toiminnan hallittavuutta sekä suunnitelmallisuutta.",
	"Päätavoite on saavuttaa kaikessa tekemisessä selkeää hyötyä prosessien yksinkertaistamisesta ja sähköistämisestä.",
	"",
}

// objects and actions make project names: "Palomuuripalvelun" +
// "kilpailutus".
var objects = []string{
	"Palomuuripalvelun", "Konesalipalveluiden", "ActiveDirectoryn", "Ohjelmistojakeluiden",
	"Helpdesk-järjestelmän", "WLAN-verkkojen", "Vuosikellomallin", "Tietoturvasuunnitelman",
	"Osaamisen hallinnan", "Asianhallinnan järjestelmän", "Taloushallinnon järjestelmän", "WWW-sivujen",
	"Palautteenantojärjestelmän", "Kriisiviestintäjärjestelmän", "Oracle-tietokantojen", "Esitysteknologian",
	"Pegasos-tietovaraston", "Sähköisen asioinnin", "Sosiaalipalveluiden mobiilin", "Osoiterekisterin",
	"Katu- ja viherrekisterin", "Aineistojen välityspalvelun", "Ruokatuotannon järjestelmän", "Päiväkotien tablettilaitteiden",
	"Koulujen langattomien verkkojen", "Kertakirjautumisportaalin", "Opetuksen pilvipalveluiden", "Museon verkkokaupan",
	"Raportointijärjestelmän", "Digitaalisen ohjaustaulun", "Asiakaspalautejärjestelmän", "Omasoten",
	"Toiminnanohjausjärjestelmän", "Etäkonsultaation", "Palvelusetelijärjestelmän", "Asiakkuussovelluksen",
	"Kokonaisarkkitehtuurin", "Tiedonhallintamallin", "Asiakastiedon pääjäsennyksen", "Tietojohtamisen työvälineiden",
}

var actions = []string{
	"uudistaminen", "kilpailutus", "käyttöönotto", "laadun nosto", "tason nosto", "uusinta",
	"kehittäminen", "määrittely ja käyttöönotto", "laajentaminen", "siirto pilvipalveluun",
	"jatkaminen tai kilpailutus", "selvitys", "päivitys", "monipuolistaminen",
}

// nameSuffixes vary the names a little; most names have none.
var nameSuffixes = []string{" – vaihe 2", " (pilotti)", " – jatkohanke", " – esiselvitys"}

// sentences are the phrases of the seeds' descriptions.
var sentences = []string{
	"Projektissa selvitetään mahdollinen jatko tai palvelun uusiminen.",
	"Palvelu on toteutettu yhteistyössä seudun kuntien kanssa.",
	"Nykyinen ratkaisu on tullut tiensä päähän.",
	"Ratkaisun elinkaaren loppupää on jo näkyvissä.",
	"Samalla tarkastellaan seudullisen yhteistyön mahdollisuuksia.",
	"Kyseessä on päivitysprojekti, joka edellyttää tarkkaa suunnitelmallisuutta ja vaikutuksien arviointia eri näkökulmista.",
	"Projektin toteutuksen odotetaan edesauttavan merkittävästi sähköisen asioinnin lisääntymistä.",
	"Palvelun sisältöä on syytä tarkentaa aiempaa paremmin palvelutuotantoa tukevaksi.",
	"Tietohallinto osallistuu hankkeeseen kokonaisuutta koordinoivana tahona (arkkitehtuuri).",
	"Varsinaiset projektisuunnitelmat kulkevat substanssitoimintojen johdolla.",
	"Toteutus tapahtuu ns. SaaS-palveluna.",
	"Käyttöönottovaiheen aikana kehitetty järjestelmä tai palvelu siirretään tuotantoon ja otetaan käyttöön.",
	"Vastuun siirtäminen hankkeelta ydintoiminnalle ja IT-operaatioille käynnistyy.",
	"Digipalvelut hyödyntävät kansallisia yhteisiä ratkaisuja.",
	"Palvelut tuotetaan pääsääntöisesti Vimana Oy:n tarjoamina.",
	"Hanke tukee asukkaiden yhdenvertaisia palveluja.",
	"Kaikki työntekijät velvoitetaan suorittamaan koulutus ja siihen liittyvät testit.",
	"Samassa yhteydessä tarkastellaan loppukäyttäjien osaamisen kehittämistarvetta.",
	"Version nosto on jopa pakollinen toimenpide.",
	"Prosessit ja valvonta ovat sinänsä toimivia mutta eivät kaikilta osin palvele parhaalla mahdollisella tavalla.",
}

var vendors = []string{
	"DNA Oy", "Tiera Oy", "CGI Oy", "Visma Oy", "Medbit", "Vimana Oy", "SoteDigi Oy", "Istekki Oy",
	"Sulava Oy", "Arter Oy", "DigiFinland Oy", "Microsoft", "Efecte",
}

var tags = []string{"H", "KaPa", "tietoturva", "pilvi", "kärkihanke", "sote", "EU-rahoitus", "arkkitehtuuri"}

// osaAlueet and tyopaketit name work packages (seed 002).
var osaAlueet = []string{
	"Alueellinen valmistelu ja hankekoordinaatio", "Tiedolla johtaminen", "Asukkaan sähköiset palvelut",
	"Työntekijän digitaaliset työkalut", "Järjestämistehtävän selkiyttäminen", "Yhteiset ratkaisut",
}

var tyopaketit = []string{
	"Järjestäjän tietotarpeet", "Tietojohtamisen kyvykkyyden kehittäminen", "Tietojohtamista tukevat työvälineet",
	"Raportointijärjestelmän käyttöönotto", "Digitaalisen ohjaustaulun määrittely", "Asiakaspalautejärjestelmän käyttöönotto",
	"Terveysasemien verkkosivujen uudistaminen", "Omahoito ja yhteydenpito mobiililaitteilla", "Etäkonsultaation kehittäminen",
	"Määrittely", "Kilpailutus", "Toteutus", "Testaus", "Käyttöönotto", "Koulutus", "Tuotantoonsiirto",
	"Tiedonhallintamalli", "Muutosjohtaminen", "Viestintä",
}

var firstNames = []string{
	"Kristiina", "Hanna", "Hanne", "Jouko", "Sanna", "Paula", "Laura", "Minna-Mari", "Teemu", "Jaakko",
	"Matti", "Maija", "Juha", "Anne", "Mikko", "Päivi", "Timo", "Tuula", "Jari", "Outi",
	"Antti", "Sari", "Petri", "Riitta", "Ville", "Heidi", "Jussi", "Kaisa", "Eero", "Aino",
	"Pekka", "Marjatta", "Tapio", "Eeva", "Kimmo", "Satu", "Olli", "Tiina", "Janne", "Elina",
}

var lastNames = []string{
	"Taskinen", "Mara", "Vasankari", "Selkälä", "Aikio", "Tolonen", "Moilanen", "Tanskanen", "Röpelinen", "Ståhlberg",
	"Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen", "Koskinen", "Järvinen",
	"Lehtonen", "Lehtinen", "Saarinen", "Salminen", "Heinonen", "Niemi", "Heikkilä", "Kinnunen", "Salonen", "Turunen",
	"Salo", "Laitinen", "Tuominen", "Rantanen", "Karjalainen", "Jokinen", "Mattila", "Savolainen", "Lahtinen", "Ahonen",
	"Leinonen", "Hiltunen", "Miettinen", "Pitkänen", "Räsänen", "Väisänen", "Kärkkäinen", "Öhman", "Åberg", "Huttunen",
}

var titles = []string{
	"projektipäällikkö", "tietohallintopäällikkö", "palvelupäällikkö", "kehittämispäällikkö", "ICT-arkkitehti",
	"projektisihteeri", "hankekoordinaattori", "tietoturvapäällikkö", "toimialajohtaja", "asiantuntija",
	"pääkäyttäjä", "digiasiantuntija", "", "",
}
