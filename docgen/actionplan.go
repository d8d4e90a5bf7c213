// Package docgen builds the documents Salkku hands to a board from the
// register's data: the action plan of a portfolio (seed 000) and the
// steering-group pack of a programme (seed 002). It is pure: callers read
// the data with the caller's access, docgen lays it out as a doc.Document
// in one language, and a writer (doc/html, doc/docx, doc/pdf) prints it.
package docgen

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/doc"
	"github.com/salkku/salkku/i18n"
)

// T looks a catalogue key up in the document's language.
type T func(key string, args ...any) string

// Plan is what an action plan is made of.
type Plan struct {
	Lang         string
	Organisation salkku.Text
	Portfolio    *salkku.Portfolio
	// Categories in the portfolio's order, with their chapter numbers.
	Categories []*salkku.Category
	// Projects in the plan, ordered by category and code (the overview's
	// default order).
	Projects []*salkku.Project
	// PhaseName names a phase by its key.
	PhaseName func(key string) string
	// Filters describes the filters the plan was printed with, e.g.
	// "Tila: käynnissä", empty when it holds the whole portfolio.
	Filters []string
	Printed time.Time
}

// ActionPlan lays the plan out as seed 000 does: section 1 is the plan's
// introduction (the portfolio's description), each category is a numbered
// chapter with its introduction, each project a numbered section
// "2.1 Name (10/2017 – 4/2018)" with its description, vendors and phase,
// and the last chapter is the follow-up. Projects with no category form a
// chapter of their own after the categories.
func ActionPlan(p Plan, t T) *doc.Document {
	text := func(x salkku.Text) string { s, _ := x.In(p.Lang); return s }
	title := text(p.Portfolio.Name)
	printed := t("docs.printed", i18n.FormatDate(p.Lang, p.Printed))
	d := &doc.Document{
		Lang: p.Lang, Title: title, Subject: t("docs.plan.subject"),
		Organisation: text(p.Organisation), Footer: printed, PageLabel: t("docs.page_label"),
	}
	lines := []string{text(p.Organisation), printed}
	if len(p.Filters) > 0 {
		lines = append(lines, t("docs.filters", strings.Join(p.Filters, ", ")))
	}
	d.Blocks = append(d.Blocks,
		doc.Title{Text: title, Subtitle: t("docs.plan.subject"), Lines: lines},
		doc.Contents{Title: t("docs.contents")},
		doc.Heading{Level: 1, Number: "1.", Text: t("docs.plan.intro")},
	)
	d.Blocks = append(d.Blocks, doc.Prose(text(p.Portfolio.Description))...)

	byCategory := map[int64][]*salkku.Project{}
	var loose []*salkku.Project
	for _, pr := range p.Projects {
		if pr.CategoryID == nil {
			loose = append(loose, pr)
		} else {
			byCategory[*pr.CategoryID] = append(byCategory[*pr.CategoryID], pr)
		}
	}
	last := 1
	chapter := func(n int, name string, intro salkku.Text, projects []*salkku.Project) {
		if n <= last {
			n = last + 1
		}
		last = n
		num := strconv.Itoa(n)
		d.Blocks = append(d.Blocks, doc.Heading{Level: 1, Number: num + ".", Text: name})
		d.Blocks = append(d.Blocks, doc.Prose(text(intro))...)
		if len(projects) == 0 {
			d.Blocks = append(d.Blocks, doc.Paragraph{Runs: []doc.Run{{Text: t("docs.plan.no_projects"), Italic: true}}})
		}
		for i, pr := range projects {
			d.Blocks = append(d.Blocks, projectSection(p, t, sectionNumber(num, i, pr.Code), pr)...)
		}
	}
	for _, c := range p.Categories {
		projects := byCategory[c.ID]
		// A filtered plan leaves out the chapters it has no project for;
		// the whole plan keeps every chapter, as the seed does.
		if len(projects) == 0 && len(p.Filters) > 0 {
			continue
		}
		chapter(c.Chapter, text(c.Name), c.Description, projects)
	}
	if len(loose) > 0 {
		chapter(0, t("docs.plan.uncategorised"), salkku.Text{}, loose)
	}
	if follow := text(p.Portfolio.FollowUp); follow != "" {
		d.Blocks = append(d.Blocks, doc.Heading{Level: 1, Number: strconv.Itoa(last+1) + ".", Text: t("docs.plan.follow_up")})
		d.Blocks = append(d.Blocks, doc.Prose(follow)...)
	}
	return d
}

// projectSection is one project: its numbered heading with its months,
// its description, and a line of vendors and phase.
func projectSection(p Plan, t T, number string, pr *salkku.Project) []doc.Block {
	name, _ := pr.Name.In(p.Lang)
	if months := pr.Schedule.Format(t("schedule.continuous")); months != "" {
		name += " (" + months + ")"
	}
	out := []doc.Block{doc.Heading{Level: 2, Number: number, Text: name}}
	desc, _ := pr.Description.In(p.Lang)
	out = append(out, doc.Prose(desc)...)
	var facts []doc.Run
	add := func(label, value string) {
		if value == "" {
			return
		}
		if len(facts) > 0 {
			facts = append(facts, doc.Run{Text: " · "})
		}
		facts = append(facts, doc.Run{Text: label + ": ", Bold: true}, doc.Run{Text: value})
	}
	add(t("docs.plan.vendors"), strings.Join(pr.Vendors, ", "))
	if p.PhaseName != nil && pr.Phase != "" {
		add(t("docs.plan.phase"), p.PhaseName(pr.Phase))
	}
	add(t("docs.plan.status"), t("status."+pr.Status))
	if pr.Mandatory {
		add(t("docs.plan.mandatory"), t("docs.yes"))
	}
	if len(facts) > 0 {
		out = append(out, doc.Paragraph{Runs: facts, Small: true})
	}
	return out
}

// sectionNumber numbers a project within its chapter: its own code where
// the code is already that number ("2.1" in chapter 2, as the demo's
// projects are coded after the plan), else the chapter and its place.
func sectionNumber(chapter string, i int, code string) string {
	if rest, ok := strings.CutPrefix(code, chapter+"."); ok && rest != "" && digitsOnly(rest) {
		return code
	}
	return fmt.Sprintf("%s.%d", chapter, i+1)
}

func digitsOnly(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
