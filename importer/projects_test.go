package importer_test

import (
	"strings"
	"testing"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/importer"
)

func TestProjectRows(t *testing.T) {
	csv := "Tunnus;Nimi;Nimi (sv);Kuvaus;Luokka;Aikataulu;Toimittajat;Projektipäällikkö;Pakollinen;Tunnisteet\r\n" +
		"2.1;Palomuuri;Brandvägg;Kilpailutus;2;10/2017 – 04/2018;Tieto Oyj, CGI;Aino Aalto;x;turva, verkko\r\n" +
		"2.2;Verkko;;;;8-10/2017;;;ei;\r\n" +
		"2.3;Jatkuva;;;;jatkuva;;;;\r\n" +
		"2.4;Avoin;;;;5/2017–;;;;\r\n" +
		"2.5;Väärin;;;;4/2018 – 1/2018;;;ehkä;\r\n" +
		";;;;;;;;;x\r\n"
	tab := mustRead(t, "hankkeet.csv", []byte(csv))
	m := importer.Guess(tab.Header, importer.ProjectFields)
	for field, col := range map[string]string{"code": "Tunnus", "name": "Nimi", "name_sv": "Nimi (sv)", "description": "Kuvaus", "category": "Luokka",
		"schedule": "Aikataulu", "vendors": "Toimittajat", "manager": "Projektipäällikkö", "mandatory": "Pakollinen", "tags": "Tunnisteet"} {
		if m[field] != col {
			t.Errorf("guessed %s = %q, want %q", field, m[field], col)
		}
	}
	b, err := importer.BindProjects(m, tab.Header)
	if err != nil {
		t.Fatal(err)
	}
	in := importer.ProjectList("hankkeet.csv", tab, b, "")
	for _, f := range []string{"code", "name.fi", "name.sv", "description.fi", "category", "start", "end", "continuous", "vendors", "manager", "mandatory", "tags"} {
		if !in.Fields[f] {
			t.Errorf("field %s not written", f)
		}
	}
	if in.Fields["name.en"] || in.Fields["description.sv"] {
		t.Errorf("fields the file lacks: %v", in.Fields)
	}
	rows := in.Rows
	r := rows[0]
	if r.Code != "2.1" || r.Name != (salkku.Text{FI: "Palomuuri", SV: "Brandvägg"}) || r.Category != "2" || !r.Mandatory || r.Manager != "Aino Aalto" ||
		strings.Join(r.Vendors, "|") != "Tieto Oyj|CGI" || strings.Join(r.Tags, "|") != "turva|verkko" ||
		r.Schedule != (salkku.Schedule{Start: salkku.NewMonth(2017, 10), End: salkku.NewMonth(2018, 4)}) || len(r.Problems) != 0 {
		t.Errorf("row 2: %+v", r)
	}
	for i, want := range []salkku.Schedule{
		{Start: salkku.NewMonth(2017, 8), End: salkku.NewMonth(2017, 10)},
		{Continuous: true},
		{Start: salkku.NewMonth(2017, 5)},
	} {
		if got := rows[i+1].Schedule; got != want || len(rows[i+1].Problems) != 0 {
			t.Errorf("row %d: schedule %+v, want %+v (%v)", rows[i+1].Row, got, want, rows[i+1].Problems)
		}
	}
	keys := map[string]string{}
	for _, p := range rows[4].Problems {
		keys[p.Column] = p.Key
	}
	if keys["Aikataulu"] != "error.end_before_start" || keys["Pakollinen"] != importer.ErrYesNo {
		t.Errorf("row 6: %+v", rows[4].Problems)
	}
	keys = map[string]string{}
	for _, p := range rows[5].Problems {
		keys[p.Column] = p.Key
	}
	if keys["Tunnus"] != importer.ErrCellEmpty || keys["Nimi"] != importer.ErrCellEmpty {
		t.Errorf("row 7: %+v", rows[5].Problems)
	}

	// A schedule column and start and end columns both: refused.
	m["start"] = "Kuvaus"
	if _, err := importer.BindProjects(m, tab.Header); err == nil {
		t.Error("schedule and start both mapped")
	}
}

// FuzzScheduleCell: a schedule cell never panics, and what it reads is a
// valid schedule that reads back from how it is written.
func FuzzScheduleCell(f *testing.F) {
	for _, s := range []string{"10/2017 – 4/2018", "8-10/2017", "jatkuva", "5/2017–", "( - 12/2018)", "5/2017 – jatkuva", "13/2017", "1-2-3", "–", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sch, key := importer.Schedule(importer.Cell{Text: s})
		if key != "" {
			return
		}
		fe := salkku.FieldErrors{}
		sch.Validate(fe)
		if len(fe) > 0 {
			t.Fatalf("%q read as invalid %+v", s, sch)
		}
		if text := sch.Format("jatkuva"); text != "" {
			back, key := importer.Schedule(importer.Cell{Text: text})
			if key != "" || back != sch {
				t.Fatalf("%q → %+v → %q → %+v (%s)", s, sch, text, back, key)
			}
		}
	})
}
