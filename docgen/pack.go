package docgen

import (
	"strconv"
	"strings"
	"time"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/doc"
	"github.com/salkku/salkku/i18n"
)

// Pack is what a steering-group pack is made of: one project (a
// programme with its work packages) and the reports of one report date.
type Pack struct {
	Lang         string
	Organisation salkku.Text
	Project      *salkku.Project
	Date         salkku.Date
	// Reports are the current submitted reports of the date, in unit
	// order: the project's own first, then its work packages by code.
	Reports []*salkku.StatusReport
	// People are the reports' responsible people, for their titles.
	People map[int64]*salkku.Person
	// Comms is the project's communications log in time order.
	Comms []*salkku.CommsEntry
	// Finance is the project's follow-up; nil leaves the budget out.
	Finance *salkku.FinanceFollowUp
	Printed time.Time
}

// day writes a date the document's way.
func day(lang string, d salkku.Date) string {
	if !d.Valid() {
		return string(d)
	}
	return i18n.FormatDate(lang, d.Time())
}

// SteeringPack lays the pack out as seed 002 does: a title page, a page
// per work package with its title block, lights and four boxes, the
// communications log, the budget chart with its figures, and a contact
// page.
func SteeringPack(p Pack, t T) *doc.Document {
	text := func(x salkku.Text) string { s, _ := x.In(p.Lang); return s }
	name := text(p.Project.Name)
	title := name
	if p.Project.Code != "" {
		title += " (" + p.Project.Code + ")"
	}
	date := day(p.Lang, p.Date)
	printed := t("docs.printed", i18n.FormatDate(p.Lang, p.Printed))
	d := &doc.Document{
		Lang: p.Lang, Title: title, Subject: t("docs.pack.subject"),
		Organisation: text(p.Organisation), Footer: t("docs.pack.footer", date) + " · " + printed,
		PageLabel: t("docs.page_label"), Landscape: true,
	}
	d.Blocks = append(d.Blocks,
		doc.Title{Text: title, Subtitle: t("docs.pack.subtitle", date), Lines: []string{text(p.Organisation), printed}},
		doc.Contents{Title: t("docs.contents")},
	)
	for _, r := range p.Reports {
		d.Blocks = append(d.Blocks, reportPage(p.Lang, p.People, t, r)...)
	}
	d.Blocks = append(d.Blocks, commsPage(p, t)...)
	d.Blocks = append(d.Blocks, budgetPage(p.Lang, t, name, p.Finance)...)
	if contact := text(p.Project.Description); contact != "" {
		d.Blocks = append(d.Blocks, doc.Heading{Level: 1, Text: t("docs.pack.contact"), PageBreak: true})
		d.Blocks = append(d.Blocks, doc.Prose(contact)...)
	}
	return d
}

// unitLabel names a report's unit: the work package's code and name, or
// the project's.
func unitLabel(lang string, r *salkku.StatusReport) (code, name string) {
	if r.WorkPackageID != nil {
		s, _ := r.WorkPackageName.In(lang)
		return r.WorkPackageCode, s
	}
	s, _ := r.ProjectName.In(lang)
	return r.ProjectCode, s
}

// reportPage is one work package's slide.
func reportPage(lang string, people map[int64]*salkku.Person, t T, r *salkku.StatusReport) []doc.Block {
	code, name := unitLabel(lang, r)
	heading := strings.TrimSpace(code + " " + name)
	for _, tag := range r.Tags {
		heading += " (" + tag + ")"
	}
	out := []doc.Block{doc.Heading{Level: 1, Text: heading, PageBreak: true}}
	var who []string
	for i, id := range r.ResponsibleIDs {
		n := ""
		if i < len(r.ResponsibleNames) {
			n = r.ResponsibleNames[i]
		}
		if pe := people[id]; pe != nil {
			n = pe.Name
			if pe.Title != "" {
				n += ", " + pe.Title
			}
		}
		if sh := r.ShareOf(id); sh > 0 {
			n += " (" + strconv.Itoa(sh) + " %)"
		}
		who = append(who, n)
	}
	if len(who) > 0 {
		out = append(out, doc.Fields{Items: []doc.Field{{Label: t("docs.pack.responsible"), Value: strings.Join(who, "\n")}}})
	}
	light := func(l string) string {
		if l == "" {
			return t("report.light.none")
		}
		return t("report.light." + l)
	}
	var lights []string
	for _, dim := range salkku.LightDimensions {
		if v := r.Lights.Get(dim); v != "" {
			lights = append(lights, t("report.dim."+dim)+": "+light(v))
		}
	}
	box := func(title string, x salkku.Text, l string) doc.Box {
		s, _ := x.In(lang)
		b := doc.Box{Title: title, Blocks: doc.Prose(s)}
		if s == "" {
			b.Blocks = []doc.Block{doc.Paragraph{Runs: []doc.Run{{Text: t("form.not_set"), Italic: true}}}}
		}
		if l != "" {
			b.Light, b.LightText = l, light(l)
		}
		return b
	}
	out = append(out, doc.Boxes{Columns: 2, Items: []doc.Box{
		box(t("field.overall"), r.Overall, r.Lights.Overall),
		box(t("report.achievements_by", day(lang, r.ReportDate)), r.Achievements, ""),
		box(t("field.todo"), r.ToDo, ""),
		box(t("field.deviations"), r.Deviations, ""),
	}})
	legend := doc.Legend{Title: t("report.lights_legend")}
	for _, l := range salkku.LightValues {
		legend.Items = append(legend.Items, doc.LegendItem{Light: l, Text: light(l)})
	}
	out = append(out, legend)
	if len(lights) > 0 {
		out = append(out, doc.Paragraph{Small: true, Runs: []doc.Run{{Text: strings.Join(lights, " · ")}}})
	}
	if leg, _ := r.Legend.In(lang); leg != "" {
		out = append(out, doc.Paragraph{Small: true, Runs: []doc.Run{{Text: leg}}})
	}
	return out
}

// commsPage is the communications log as a table.
func commsPage(p Pack, t T) []doc.Block {
	if len(p.Comms) == 0 {
		return nil
	}
	tab := doc.Table{Caption: t("docs.pack.comms_caption"), Columns: []doc.Column{
		{Title: t("docs.pack.comms.scope"), Width: 2}, {Title: t("docs.pack.comms.unit"), Width: 2},
		{Title: t("docs.pack.comms.channel"), Width: 2}, {Title: t("docs.pack.comms.subject"), Width: 6},
		{Title: t("docs.pack.comms.when"), Width: 2},
	}}
	for _, c := range p.Comms {
		subject, _ := c.Subject.In(p.Lang)
		if c.Link != "" {
			subject += "\n" + c.Link
		}
		when := ""
		switch {
		case c.Date != "":
			when = day(p.Lang, c.Date)
		case !c.Start.IsZero():
			when = salkku.Schedule{Start: c.Start, End: c.End}.Format("")
			if c.End.IsZero() || c.End == c.Start {
				when = c.Start.String()
			}
		}
		scope := ""
		if c.Scope != "" {
			scope = t("comms.scope." + c.Scope)
		}
		channel := ""
		if c.Channel != "" {
			channel = t("comms.channel." + c.Channel)
		}
		tab.Rows = append(tab.Rows, doc.Row{Cells: []string{scope, c.WorkPackageCode, channel, subject, when}})
	}
	return []doc.Block{doc.Heading{Level: 1, Text: t("docs.pack.comms"), PageBreak: true}, tab}
}

// budgetPage is the budget chart "Toteutunut / Käyttämättä" by cost
// category with the totals, and its figures in a table.
func budgetPage(lang string, t T, name string, f *salkku.FinanceFollowUp) []doc.Block {
	if f == nil || f.Empty() {
		return nil
	}
	money := func(m salkku.Money) string { return m.Format(lang, true) }
	period := t("finance.period", day(lang, f.From), day(lang, f.Through))
	switch {
	case f.From == "" && f.Through == "":
		period = t("finance.followup")
	case f.Through == "":
		period = t("finance.period_from", day(lang, f.From))
	case f.From == "":
		period = t("finance.period_through", day(lang, f.Through))
	}
	realised := doc.Series{Name: t("docs.pack.realised")}
	unused := doc.Series{Name: t("docs.pack.unused"), Pattern: "hatch"}
	tab := doc.Table{Caption: period, Columns: []doc.Column{
		{Title: t("docs.pack.category"), Width: 5}, {Title: t("docs.pack.budget"), Width: 2, Numeric: true},
		{Title: t("docs.pack.realised"), Width: 2, Numeric: true}, {Title: t("docs.pack.unused"), Width: 2, Numeric: true},
	}}
	var cats []string
	add := func(name string, l salkku.FinanceLine, bold bool) {
		cats = append(cats, name)
		u := l.Unused()
		if u < 0 {
			u = 0
		}
		realised.Values = append(realised.Values, int64(l.Actual))
		realised.Labels = append(realised.Labels, money(l.Actual.Rounded()))
		unused.Values = append(unused.Values, int64(u))
		unused.Labels = append(unused.Labels, money(u.Rounded()))
		tab.Rows = append(tab.Rows, doc.Row{Bold: bold, Cells: []string{name, money(l.Budget.Rounded()), money(l.Actual.Rounded()), money(l.Unused().Rounded())}})
	}
	for _, l := range f.Lines {
		if l.Budget == 0 && l.Actual == 0 {
			continue
		}
		s, _ := l.Name.In(lang)
		add(s, l, false)
	}
	add(t("docs.pack.total"), f.Total, true)
	chart := doc.Chart{Title: period, Alt: t("docs.pack.chart_alt", money(f.Total.Actual.Rounded()), money(f.Total.Unused().Rounded())),
		Categories: cats, Series: []doc.Series{realised, unused}, Full: true}
	return []doc.Block{
		doc.Heading{Level: 1, Text: t("docs.pack.budget_heading"), PageBreak: true},
		doc.P(name),
		chart, tab,
	}
}

// PortfolioPack is what a portfolio's steering-group pack is made of: the
// latest report of every project and work package of the portfolio and
// its sub-portfolios in the period of a date, as the status summary has
// them.
type PortfolioPack struct {
	Lang         string
	Organisation salkku.Text
	Portfolio    *salkku.Portfolio
	Date         salkku.Date
	Period       salkku.Period
	// Units are the summary's rows with a report, in its order; Reports
	// the whole reports, by id.
	Units   []*salkku.ReportUnit
	Reports map[int64]*salkku.StatusReport
	People  map[int64]*salkku.Person
	// Finance is the portfolio's roll-up; nil leaves the budget out.
	Finance *salkku.FinanceFollowUp
	Printed time.Time
}

// PortfolioSteeringPack lays a portfolio's pack out as a programme's is:
// a title page, the period's lights as a table, then a page per report
// and the budget of the whole portfolio.
func PortfolioSteeringPack(p PortfolioPack, t T) *doc.Document {
	text := func(x salkku.Text) string { s, _ := x.In(p.Lang); return s }
	title := text(p.Portfolio.Name)
	period := day(p.Lang, p.Period.Start) + " – " + day(p.Lang, p.Period.Due)
	printed := t("docs.printed", i18n.FormatDate(p.Lang, p.Printed))
	d := &doc.Document{
		Lang: p.Lang, Title: title, Subject: t("docs.pack.subject"),
		Organisation: text(p.Organisation), Footer: t("docs.pack.footer", day(p.Lang, p.Date)) + " · " + printed,
		PageLabel: t("docs.page_label"), Landscape: true,
	}
	d.Blocks = append(d.Blocks,
		doc.Title{Text: title, Subtitle: t("docs.pack.subtitle", day(p.Lang, p.Date)), Lines: []string{text(p.Organisation), t("docs.pack.period", period), printed}},
		doc.Contents{Title: t("docs.contents")},
		doc.Heading{Level: 1, Text: t("docs.pack.overview"), PageBreak: true},
	)
	tab := doc.Table{Caption: t("docs.pack.period", period), Columns: []doc.Column{
		{Title: t("docs.pack.col.unit"), Width: 6}, {Title: t("docs.pack.col.date"), Width: 2}, {Title: t("docs.pack.col.light"), Width: 2},
	}}
	var pages []doc.Block
	for _, u := range p.Units {
		r := p.Reports[u.Report.ID]
		if r == nil {
			continue
		}
		code, name := unitLabel(p.Lang, r)
		light := t("report.light.none")
		if r.Lights.Overall != "" {
			light = t("report.light." + r.Lights.Overall)
		}
		tab.Rows = append(tab.Rows, doc.Row{Cells: []string{strings.TrimSpace(code + " " + name), day(p.Lang, r.ReportDate), light}})
		pages = append(pages, reportPage(p.Lang, p.People, t, r)...)
	}
	d.Blocks = append(d.Blocks, tab)
	d.Blocks = append(d.Blocks, pages...)
	d.Blocks = append(d.Blocks, budgetPage(p.Lang, t, title, p.Finance)...)
	return d
}
