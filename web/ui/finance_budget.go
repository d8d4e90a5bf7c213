package ui

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/salkku/salkku/web"

	"github.com/salkku/salkku"
)

// A project's budget: the current and the original side by side by cost
// category and year, the revision history, and the form that revises it
// (a grid of category × year; amounts typed the Finnish way).

// maxBudgetYears bounds the grid's columns for a project with a long
// span; a longer project budgets the rest for its whole span.
const maxBudgetYears = 30

// budgetYears are the grid's years: the project's span (or the years its
// budgets name, and this year, when the span is open), then the whole
// span.
func budgetYears(p *salkku.Project, this int, revs ...*salkku.BudgetRevision) []int {
	var years []int
	if !p.Start.IsZero() && !p.End.IsZero() && p.End.Year()-p.Start.Year() < maxBudgetYears {
		for y := p.Start.Year(); y <= p.End.Year(); y++ {
			years = append(years, y)
		}
	} else {
		seen := map[int]bool{}
		add := func(y int) {
			if y != salkku.WholeSpan && !seen[y] && p.InYear(y) {
				seen[y] = true
				years = append(years, y)
			}
		}
		add(this)
		for _, r := range revs {
			if r != nil {
				for _, l := range r.Lines {
					add(l.Year)
				}
			}
		}
		slices.Sort(years)
		if len(years) > maxBudgetYears {
			years = years[:maxBudgetYears]
		}
	}
	return append(years, salkku.WholeSpan)
}

// cellName is the form field of one grid cell: "amount_12_2021".
func cellName(cat int64, year int) string { return fmt.Sprintf("amount_%d_%d", cat, year) }

// budgetSums sums a revision's lines (work packages' included) by
// category and year.
func budgetSums(r *salkku.BudgetRevision) map[string]salkku.Money {
	out := map[string]salkku.Money{}
	if r == nil {
		return out
	}
	for _, l := range r.Lines {
		out[cellName(l.CategoryID, l.Year)] += l.Amount
	}
	return out
}

// budgetCell is one category-year of the comparison and the grid.
type budgetCell struct {
	Name              string
	Year              int
	Current, Original salkku.Money
	// Input is what the grid's field shows: the current amount, or what
	// was typed; Label names it for the screen reader, Error what is
	// wrong with it.
	Input, Label, Error string
}

type budgetRow struct {
	Name, Lang string
	Cells      []budgetCell
	// Compare are the cells of the years either budget has money in.
	Compare           []budgetCell
	Current, Original salkku.Money
}

// summaryItem is one line of an error summary that links to its field.
type summaryItem struct{ Href, Label, Message string }

type budgetPage struct {
	finBase
	Project *salkku.Project
	Fin     *salkku.ProjectFinance
	Years   []int
	Rows    []budgetRow
	Totals  []budgetCell
	// CompareYears and CompareTotals are the years either budget has
	// money in, for the comparison.
	CompareYears  []int
	CompareTotals []budgetCell
	Current       salkku.Money
	Original      salkku.Money
	// The revise form.
	Number  int
	Date    string
	Reason  salkku.Text
	Summary []summaryItem
	// OtherLines counts the current revision's lines of the other units
	// (the project's own or its work packages'), which a revision keeps
	// as they are.
	OtherLines int
	// Units are what the grid can budget: the project itself (ID 0),
	// then its work packages in tree order; Unit is the one chosen.
	Units []budgetUnit
	Unit  budgetUnit
	// ByUnit is the current budget of each unit that has lines, by cost
	// category (in Rows' order).
	ByUnit []budgetUnitRow
}

// budgetUnit is a project or one of its work packages in the unit chooser.
type budgetUnit struct {
	ID    int64
	Label string
	Depth int
}

// budgetUnitRow is one unit's current budget by category.
type budgetUnitRow struct {
	Label  string
	Cats   []salkku.Money
	Total  salkku.Money
	Chosen bool
}

// budgetUnits lists the project and its work packages in tree order.
func budgetUnits(b web.Base, wps []*salkku.WorkPackage) []budgetUnit {
	out := []budgetUnit{{Label: b.T("budget.unit_project")}}
	for _, w := range salkku.FlattenTree(salkku.BuildTree(wps)) {
		name, _ := w.Name.In(b.Lang)
		out = append(out, budgetUnit{ID: w.ID, Label: strings.TrimSpace(w.Code + " " + name), Depth: w.Depth})
	}
	return out
}

// lineUnit is the unit id of a budget line: 0 for the project's own.
func lineUnit(l salkku.BudgetLine) int64 {
	if l.WorkPackageID == nil {
		return 0
	}
	return *l.WorkPackageID
}

// Indent pads a work package's label in the chooser by its depth.
func (u budgetUnit) Indent() string { return strings.Repeat("\u00a0\u00a0", u.Depth) }

// ReasonOpts: a reason is required from the second revision on.
func (p budgetPage) ReasonOpts() string {
	if p.Number > 1 {
		return "textarea,required"
	}
	return "textarea"
}

// handleBudget shows the budget and, on POST, stores a new revision of it.
func (s *Server) handleBudget(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadProject(w, r)
	if !ok {
		return
	}
	if r.Method == http.MethodPost && !s.Allowed(w, r, web.AccessOf(r).CanEditFinance(p)) {
		return
	}
	ctx := r.Context()
	pf, err := s.Register.FindProjectFinance(ctx, p.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	wps, err := s.Register.FindWorkPackages(ctx, p.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	self := projectPath(p.ID, "/finance/budget")
	b := s.NewBase(r, "")
	units := budgetUnits(b, wps)
	unit := units[0]
	if v := strings.TrimSpace(r.FormValue("unit")); v != "" && v != "0" {
		id, _ := strconv.ParseInt(v, 10, 64)
		i := slices.IndexFunc(units, func(u budgetUnit) bool { return u.ID == id })
		if id <= 0 || i < 0 {
			s.Error(w, r, salkku.Errorf(salkku.ENOTFOUND, "budget.unit_not_found"))
			return
		}
		unit = units[i]
		self += "?unit=" + strconv.FormatInt(id, 10)
	}
	b.Title = b.T("budget.title")
	b.NavIndex, b.ContentLangs, b.Flash = "portfolios", p.ContentLangs, s.TakeFlash(w, r)
	b.Crumbs = append(projectCrumbs(b, p, true), web.Crumb{Label: b.T("finance.title"), URL: projectPath(p.ID, "/finance")}, web.Crumb{Label: b.Title})
	today := salkku.Today(s.Now())
	page := budgetPage{Project: p, Fin: pf, Number: 1, Date: dayString(today), Units: units, Unit: unit}
	if pf.Current != nil {
		page.Number = pf.Current.Number + 1
	}
	page.Years = budgetYears(p, today.Time().Year(), pf.Current, pf.Original)
	current, original := budgetSums(pf.Current), budgetSums(pf.Original)
	// Only the chosen unit's lines are edited in the grid; those of the
	// other units ride along unchanged.
	own := map[string]salkku.Money{}
	var otherLines []salkku.BudgetLine
	byUnit := map[int64]map[int64]salkku.Money{}
	if pf.Current != nil {
		for _, l := range pf.Current.Lines {
			u := lineUnit(l)
			if byUnit[u] == nil {
				byUnit[u] = map[int64]salkku.Money{}
			}
			byUnit[u][l.CategoryID] += l.Amount
			if u != unit.ID {
				otherLines = append(otherLines, l)
				continue
			}
			own[cellName(l.CategoryID, l.Year)] = l.Amount
		}
	}
	page.OtherLines = len(otherLines)
	for _, u := range units {
		sums, ok := byUnit[u.ID]
		if !ok && u.ID != unit.ID {
			continue
		}
		row := budgetUnitRow{Label: u.Label, Chosen: u.ID == unit.ID}
		for _, c := range pf.Categories {
			row.Cats = append(row.Cats, sums[c.ID])
			row.Total += sums[c.ID]
		}
		page.ByUnit = append(page.ByUnit, row)
	}
	typed := map[string]string{}
	for k, v := range own {
		typed[k] = v.Input(b.Lang)
	}
	status := http.StatusOK
	cellErrors := map[string]string{}
	if r.Method == http.MethodPost {
		var done bool
		status, done = s.PostForm(w, r, &b, func() (salkku.FieldErrors, error, string) {
			fe := salkku.FieldErrors{}
			page.Number, _ = strconv.Atoi(r.PostFormValue("number"))
			page.Date, page.Reason = r.PostFormValue("date"), web.FormText(r, "reason")
			rev := &salkku.BudgetRevision{ProjectID: p.ID, Number: page.Number, Reason: page.Reason}
			rev.Date = formDate(fe, "date", page.Date)
			if strings.TrimSpace(page.Date) == "" {
				fe.Add("date", "error.required")
			}
			var cells []string
			for _, c := range pf.Categories {
				for _, y := range page.Years {
					name := cellName(c.ID, y)
					v := r.PostFormValue(name)
					typed[name] = v
					if strings.TrimSpace(v) == "" {
						continue
					}
					m, key := salkku.ParseMoney(v)
					if key != "" {
						cellErrors[name] = key
						continue
					}
					ln := salkku.BudgetLine{CategoryID: c.ID, Year: y, Amount: m}
					if unit.ID != 0 {
						ln.WorkPackageID = &unit.ID
					}
					rev.Lines = append(rev.Lines, ln)
					cells = append(cells, name)
				}
			}
			rev.Lines = append(rev.Lines, otherLines...)
			if len(cellErrors) > 0 {
				return fe, salkku.Errorf(salkku.EINVALID, "budget.fix_amounts"), ""
			}
			err := save(r, fe, rev, false, s.Register.ReviseBudget, nil)
			// The store names a line by its index: show it at its cell.
			var e *salkku.Error
			if errors.As(err, &e) {
				for f, k := range e.Fields {
					var i int
					var rest string
					if n, _ := fmt.Sscanf(f, "lines.%d.%s", &i, &rest); n >= 1 && i >= 0 && i < len(cells) {
						cellErrors[cells[i]] = k
					}
				}
			}
			return fe, err, self
		})
		if done {
			return
		}
	}
	b.Errors = withoutPrefix(b.Errors, "lines.")
	page.finBase = finBase{b}
	for _, c := range pf.Categories {
		name, lang := c.Name.In(b.Lang)
		if lang == b.Lang {
			lang = ""
		}
		row := budgetRow{Name: name, Lang: lang}
		for _, y := range page.Years {
			k := cellName(c.ID, y)
			cell := budgetCell{Name: k, Year: y, Current: current[k], Original: original[k], Input: typed[k],
				Label: name + ", " + page.YearLabel(y)}
			if key := cellErrors[k]; key != "" {
				cell.Error = b.T(key)
				page.Summary = append(page.Summary, summaryItem{Href: "#" + web.FieldID(k), Label: cell.Label, Message: cell.Error})
			}
			row.Current += cell.Current
			row.Original += cell.Original
			row.Cells = append(row.Cells, cell)
		}
		page.Rows = append(page.Rows, row)
	}
	for i, y := range page.Years {
		t := budgetCell{Year: y}
		for _, row := range page.Rows {
			t.Current += row.Cells[i].Current
			t.Original += row.Cells[i].Original
		}
		page.Totals = append(page.Totals, t)
		page.Current += t.Current
		page.Original += t.Original
		if t.Current != 0 || t.Original != 0 || anyCell(page.Rows, i) {
			page.CompareYears = append(page.CompareYears, y)
			page.CompareTotals = append(page.CompareTotals, t)
			for j := range page.Rows {
				page.Rows[j].Compare = append(page.Rows[j].Compare, page.Rows[j].Cells[i])
			}
		}
	}
	s.Render(w, r, status, "finance_budget", page)
}

// anyCell reports whether a row has money in column i.
func anyCell(rows []budgetRow, i int) bool {
	for _, r := range rows {
		if r.Cells[i].Current != 0 || r.Cells[i].Original != 0 {
			return true
		}
	}
	return false
}

// OnlyOriginal reports whether the budget has not been revised.
func (p budgetPage) OnlyOriginal() bool { return p.Fin.Current != nil && p.Fin.Current.Number == 1 }

// withoutPrefix drops the errors of a grid's cells (and the store's
// per-line keys), which the grid shows at the cells themselves.
func withoutPrefix(errs map[string]string, prefixes ...string) map[string]string {
	out := map[string]string{}
next:
	for k, v := range errs {
		for _, p := range prefixes {
			if strings.HasPrefix(k, p) {
				continue next
			}
		}
		out[k] = v
	}
	if len(errs) == 0 {
		return errs
	}
	return out
}
