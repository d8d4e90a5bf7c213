package ui

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/export"
	"github.com/salkku/salkku/web"
)

// Finance tables as files: each table of a project's finance page, and a
// portfolio's roll-up with its projects, to XLSX or CSV (package export),
// amounts as numbers of euros. Large tables stream page by page.

// financeTables are the tables a project's finance exports.
var financeTables = []string{"follow_up", "budget", "actuals", "funding"}

// startExport answers with the headers of a download and returns its
// writer, or false after answering with an error.
func (s *Server) startExport(w http.ResponseWriter, r *http.Request, base string, cols []string, b web.Base) (export.Writer, bool) {
	f, err := export.ParseFormat(r.URL.Query().Get("format"))
	if err != nil {
		s.Error(w, r, err)
		return nil, false
	}
	w.Header().Set("Content-Type", export.ContentType(f))
	w.Header().Set("Content-Disposition", `attachment; filename="`+export.FileName(base, f)+`"`)
	ew, err := export.New(f, w, b.Lang)
	if err != nil {
		s.Error(w, r, err)
		return nil, false
	}
	columns := make([]export.Column, len(cols))
	for i, c := range cols {
		columns[i] = export.Column{Title: b.T("finance_export." + c)}
	}
	if err := ew.Columns(columns); err != nil {
		s.Error(w, r, err)
		return nil, false
	}
	return ew, true
}

// handleProjectFinanceExport is GET /projects/{id}/finance/export/{table}.
func (s *Server) handleProjectFinanceExport(w http.ResponseWriter, r *http.Request) {
	table := r.PathValue("table")
	if !strings.Contains(" "+strings.Join(financeTables, " ")+" ", " "+table+" ") {
		s.Error(w, r, salkku.Errorf(salkku.ENOTFOUND, "error.not_found"))
		return
	}
	p, ok := s.loadProject(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	pf, err := s.Register.FindProjectFinance(ctx, p.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	b := s.NewBase(r, "")
	names := map[int64]salkku.Text{}
	for _, c := range pf.Categories {
		names[c.ID] = c.Name
	}
	base := exportName(p.Code, table)
	var ew export.Writer
	switch table {
	case "follow_up":
		if ew, ok = s.startExport(w, r, base, []string{"category", "budget", "original", "actual", "unused", "forecast"}, b); !ok {
			return
		}
		for _, l := range append(pf.FollowUp.Lines, totalLine(pf.FollowUp.Total, b)) {
			if err = ew.Row(l.Name, l.Budget, l.Original, l.Actual, l.Unused(), l.Forecast); err != nil {
				break
			}
		}
	case "budget":
		if ew, ok = s.startExport(w, r, base, []string{"revision", "date", "work_package", "category", "year", "amount"}, b); !ok {
			return
		}
		wps, werr := s.workPackageCodes(r, p.ID)
		if werr != nil {
			err = werr
			break
		}
		revs := []*salkku.BudgetRevision{pf.Current}
		if pf.Original != pf.Current {
			revs = append(revs, pf.Original)
		}
		for _, rev := range revs {
			if rev == nil || err != nil {
				continue
			}
			for _, ln := range rev.Lines {
				var year any = b.T("finance_export.whole_span")
				if ln.Year != salkku.WholeSpan {
					year = ln.Year
				}
				wp := ""
				if ln.WorkPackageID != nil {
					wp = wps[*ln.WorkPackageID]
				}
				if err = ew.Row(rev.Number, rev.Date.Time(), wp, names[ln.CategoryID], year, ln.Amount); err != nil {
					break
				}
			}
		}
	case "actuals":
		if ew, ok = s.startExport(w, r, base, []string{"month", "category", "work_package", "amount", "description"}, b); !ok {
			return
		}
		f := salkku.ActualFilter{ProjectID: p.ID, Limit: salkku.MaxPageSize}
		for err == nil {
			var page []*salkku.Actual
			if page, err = s.Register.FindActuals(ctx, f); err != nil || len(page) == 0 {
				break
			}
			for _, a := range page {
				if err = ew.Row(a.Month, a.CategoryName, a.WorkPackageCode, a.Amount, a.Description); err != nil {
					break
				}
			}
			last := page[len(page)-1]
			f.AfterMonth, f.AfterID = last.Month, last.ID
			if len(page) < f.Limit {
				break
			}
		}
	case "funding":
		if ew, ok = s.startExport(w, r, base, []string{"funding_kind", "funding_name", "amount", "share", "decision_number", "decision_date", "granted",
			"application", "application_status", "application_due", "application_submitted", "applied", "received"}, b); !ok {
			return
		}
		for _, f := range pf.Funding {
			head := []any{b.T("finance_export.kind." + f.Kind), f.Name, f.Amount, f.Share, f.DecisionNumber, dateOrNil(f.DecisionDate), f.Granted}
			if len(f.Applications) == 0 {
				err = ew.Row(head...)
			}
			for _, a := range f.Applications {
				if err = ew.Row(append(head, a.Number, b.T("finance_export.status."+a.Status), dateOrNil(a.Due), dateOrNil(a.Submitted), a.Applied, a.Received)...); err != nil {
					break
				}
			}
			if err != nil {
				break
			}
		}
	}
	if err == nil {
		err = ew.Close()
	}
	if err != nil {
		// The headers are gone: the download ends short, and the log says why.
		s.Logger.Error("finance export", "project", p.ID, "table", table, "err", err)
		web.ReportFailure(r.Context(), err)
	}
}

// handlePortfolioFinanceExport is GET /portfolios/{id}/finance/export: the
// roll-up by category, then every project directly in the portfolio.
func (s *Server) handlePortfolioFinanceExport(w http.ResponseWriter, r *http.Request) {
	pf, ok := s.loadPortfolio(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	b := s.NewBase(r, "")
	res, err := s.Register.FindPortfolioFinance(ctx, pf.ID, "", salkku.MaxPageSize)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	ew, ok := s.startExport(w, r, exportName("salkku-"+strconv.FormatInt(pf.ID, 10), "follow_up"), []string{"row_kind", "code", "name", "budget", "original", "actual", "unused", "forecast"}, b)
	if !ok {
		return
	}
	row := func(kind, code string, l salkku.FinanceLine) error {
		return ew.Row(b.T("finance_export."+kind), code, l.Name, l.Budget, l.Original, l.Actual, l.Unused(), l.Forecast)
	}
	for _, l := range append(res.FollowUp.Lines, totalLine(res.FollowUp.Total, b)) {
		if err = row("row_category", "", l); err != nil {
			break
		}
	}
	for _, c := range res.Children {
		if err != nil {
			break
		}
		t := c.Total
		t.Name = c.Name
		err = row("row_portfolio", "", t)
	}
	for err == nil {
		for _, p := range res.Projects {
			t := p.Total
			t.Name = p.Name
			if err = row("row_project", p.Code, t); err != nil {
				break
			}
		}
		if err != nil || res.Next == "" {
			break
		}
		res, err = s.Register.FindPortfolioFinance(ctx, pf.ID, res.Next, salkku.MaxPageSize)
	}
	if err == nil {
		err = ew.Close()
	}
	if err != nil {
		s.Logger.Error("portfolio finance export", "portfolio", pf.ID, "err", err)
		web.ReportFailure(r.Context(), err)
	}
}

// totalLine is the total row of a follow-up, named as the seed's slide
// names it ("Yhteensä").
func totalLine(t salkku.FinanceLine, b web.Base) salkku.FinanceLine {
	t.Name = salkku.Text{}
	t.Name.Set(b.Lang, b.T("finance_export.total"))
	return t
}

func dateOrNil(d salkku.Date) any {
	if !d.Valid() {
		return nil
	}
	return d.Time()
}

// exportName is a file name of letters, digits and hyphens.
func exportName(code, table string) string {
	clean := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-':
			return r
		}
		return '-'
	}, code)
	return "talous-" + clean + "-" + strings.ReplaceAll(table, "_", "-")
}

// workPackageCodes maps a project's work packages to their codes.
func (s *Server) workPackageCodes(r *http.Request, projectID int64) (map[int64]string, error) {
	wps, err := s.Register.FindWorkPackages(r.Context(), projectID)
	if err != nil {
		return nil, err
	}
	out := map[int64]string{}
	for _, wp := range wps {
		out[wp.ID] = wp.Code
	}
	return out, nil
}
