package importer

import (
	"errors"
	"maps"

	"github.com/salkku/salkku"
)

// ProjectFields are the columns of a project list (an organisation's
// register kept in Excel, or the action plan's table), with the header
// texts that usually name them. A name or description goes into the
// organisation's primary content language; its Swedish and English
// columns ("Nimi (sv)") are optional. The schedule is one column as the
// action plan writes it ("10/2017 – 4/2018", "jatkuva") or two, its start
// and end months.
var ProjectFields = []Field{
	{Key: "code", Required: true, Names: []string{"Tunnus", "Numero", "Hankenumero", "Projektinumero", "Hanketunnus", "Koodi", "Nro", "Kod", "Nummer", "Code", "Number", "ID"}},
	{Key: "name", Required: true, Names: []string{"Nimi", "Hanke", "Projekti", "Hankkeen nimi", "Projektin nimi", "Namn", "Projekt", "Name", "Project", "Project name"}},
	{Key: "name_sv", Names: []string{"Nimi (sv)", "Nimi ruotsiksi", "Namn (sv)", "Name (sv)", "Namn på svenska"}},
	{Key: "name_en", Names: []string{"Nimi (en)", "Nimi englanniksi", "Namn (en)", "Name (en)", "Name in English"}},
	{Key: "description", Names: []string{"Kuvaus", "Sisältö", "Beskrivning", "Description"}},
	{Key: "description_sv", Names: []string{"Kuvaus (sv)", "Beskrivning (sv)", "Description (sv)"}},
	{Key: "description_en", Names: []string{"Kuvaus (en)", "Beskrivning (en)", "Description (en)"}},
	{Key: "category", Names: []string{"Luokka", "Kategoria", "Pääluku", "Luku", "Kategori", "Kapitel", "Category", "Chapter"}},
	{Key: "schedule", Names: []string{"Aikataulu", "Ajankohta", "Tidtabell", "Schema", "Schedule"}},
	{Key: "start", Names: []string{"Alku", "Alkaa", "Aloitus", "Alkukuukausi", "Början", "Start", "Start month"}},
	{Key: "end", Names: []string{"Loppu", "Päättyy", "Päättyminen", "Loppukuukausi", "Slut", "End", "End month"}},
	{Key: "vendors", Names: []string{"Toimittajat", "Toimittaja", "Leverantörer", "Leverantör", "Vendors", "Vendor", "Suppliers"}},
	{Key: "manager", Names: []string{"Projektipäällikkö", "Hankepäällikkö", "Vastuuhenkilö", "Projektledare", "Manager", "Project manager"}},
	{Key: "mandatory", Names: []string{"Pakollinen", "Obligatorisk", "Mandatory"}},
	{Key: "tags", Names: []string{"Tunnisteet", "Avainsanat", "Taggar", "Tags"}},
}

// Errors of ProjectRows and BindProjects, catalogue keys.
const (
	ErrScheduleTwice = "projectimport.schedule_twice" // a schedule column and start or end columns both mapped
	ErrYesNo         = "projectimport.yes_no"         // a mandatory cell that is neither yes nor no
)

// BindProjects binds m to the header as Bind does, and refuses a
// schedule column mapped beside start or end columns.
func BindProjects(m Mapping, header []string) (*Binding, error) {
	if m["schedule"] != "" && (m["start"] != "" || m["end"] != "") {
		fe := salkku.FieldErrors{}
		var e *salkku.Error
		if err := Check(m, header, ProjectFields); errors.As(err, &e) {
			maps.Copy(fe, e.Fields)
		}
		fe.Add("schedule", ErrScheduleTwice)
		return nil, fe.Err()
	}
	return Bind(m, header, ProjectFields)
}

// ProjectFieldsOf are the project's fields the binding writes, and the
// header text of each, for salkku.ProjectRows; primary is the
// organisation's primary content language, the one the plain name and
// description columns write.
func ProjectFieldsOf(b *Binding, primary string) (map[string]bool, map[string]string) {
	fields, cols := map[string]bool{}, map[string]string{}
	set := func(field, key string) {
		if b.Mapped(key) {
			fields[field] = true
			cols[field] = b.Column(key)
		}
	}
	for _, t := range []string{"name", "description"} {
		set(t+"."+salkku.LangSV, t+"_sv")
		set(t+"."+salkku.LangEN, t+"_en")
		set(t+"."+primary, t)
		if b.Mapped(t) {
			cols[t] = b.Column(t)
		}
	}
	for _, f := range []string{"code", "category", "vendors", "manager", "mandatory", "tags", "start", "end"} {
		set(f, f)
	}
	if b.Mapped("schedule") {
		for _, f := range []string{"start", "end", "continuous", "schedule"} {
			fields[f], cols[f] = true, b.Column("schedule")
		}
		delete(fields, "schedule")
	}
	return fields, cols
}

// ProjectRows reads each row of t through b into a project to import,
// the problems of its cells with it; primary is the organisation's
// primary content language.
func ProjectRows(t *Table, b *Binding, primary string) []salkku.ProjectRow {
	out := make([]salkku.ProjectRow, 0, len(t.Rows))
	for _, r := range t.Rows {
		rec := b.Record(r)
		p := salkku.ProjectRow{Row: r.Number, Code: rec.Text("code"), Category: categoryText(b.Cell(r, "category"))}
		for _, t := range []struct {
			text  *salkku.Text
			field string
		}{{&p.Name, "name"}, {&p.Description, "description"}} {
			t.text.Set(salkku.LangSV, rec.Text(t.field+"_sv"))
			t.text.Set(salkku.LangEN, rec.Text(t.field+"_en"))
			if b.Mapped(t.field) {
				t.text.Set(primary, rec.Text(t.field))
			}
		}
		if b.Mapped("schedule") {
			p.Schedule = rec.Schedule("schedule")
		} else {
			p.Schedule.Start, p.Schedule.End = rec.Month("start"), rec.Month("end")
		}
		p.Vendors = salkku.SplitList(rec.Text("vendors"))
		p.Tags = salkku.SplitList(rec.Text("tags"))
		p.Manager = rec.Text("manager")
		if c := b.Cell(r, "mandatory"); !c.IsEmpty() {
			v, ok := salkku.ParseYesNo(c.Text)
			if c.IsNum {
				v, ok = c.Num != 0, true
			}
			if !ok {
				rec.Add("mandatory", ErrYesNo)
			}
			p.Mandatory = v
		}
		p.Problems = rec.Problems()
		out = append(out, p)
	}
	return out
}

// categoryText is a category cell as text: a workbook keeps the chapter
// 3 as the number 3.
func categoryText(c Cell) string { return accountText(c) }

// Schedule reads the field as a month range (see Schedule).
func (rec *Record) Schedule(field string) salkku.Schedule { return read(rec, field, Schedule) }

// Schedule reads a project's schedule as the action plan writes it:
// "10/2017 – 4/2018", "8-10/2017", "5/2017–", "jatkuva" (see
// salkku.ParseSchedule); a date cell is the one month it falls in.
func Schedule(c Cell) (salkku.Schedule, string) {
	switch {
	case c.IsEmpty():
		return salkku.Schedule{}, ErrCellEmpty
	case c.IsDate, c.IsNum:
		m, key := Month(c)
		return salkku.Schedule{Start: m, End: m}, key
	}
	s, err := salkku.ParseSchedule(c.Text)
	if err != nil {
		return salkku.Schedule{}, salkku.ErrorMessage(err)
	}
	return s, ""
}

// ProjectList is the project list a file makes through b, for
// ImportProjects: its rows, the fields it writes and their columns.
// primary is the organisation's primary content language ("" for
// Finnish).
func ProjectList(name string, t *Table, b *Binding, primary string) salkku.ProjectRows {
	if primary == "" {
		primary = salkku.LangFI
	}
	fields, cols := ProjectFieldsOf(b, primary)
	return salkku.ProjectRows{FileName: name, Fields: fields, Columns: cols, Rows: ProjectRows(t, b, primary)}
}
