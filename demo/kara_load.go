package demo

import (
	"context"
	"fmt"
	"slices"

	"github.com/salkku/salkku"
)

// karaCycle is KaRa's reporting: "Hankesalkkuraportoinnit x kk (7/2021
// alkaen 2 kk välein)" (seed 002, Osa-alue 1). The seed names no end.
var karaCycle = salkku.ReportingCycle{Kind: salkku.CycleBimonthly, Start: "2021-07-01"}

// loadKaraReports gives the portfolio KaRa's cycle and files each slide of
// seed 002 as its work package's report of 22.11.2021, submitted. They go
// with the project and the portfolio if anything fails later.
func (l *loader) loadKaraReports(ctx context.Context, pf *salkku.Portfolio, proj *salkku.Project, wpIDs map[string]int64, people map[string]int64) error {
	c := karaCycle
	c.PortfolioID = pf.ID
	if err := l.r.SetReportingCycle(ctx, &c); err != nil {
		return fmt.Errorf("demo: reporting cycle: %w", err)
	}
	tags := map[string][]string{}
	var walk func([]workPackage)
	walk = func(wps []workPackage) {
		for _, w := range wps {
			tags[w.Code] = w.Tags
			walk(w.Children)
		}
	}
	walk(karaProgramme.WorkPackages)
	reportOf := map[string]int64{}
	for _, k := range karaReports {
		wp, ok := wpIDs[k.WorkPackage]
		if !ok {
			return fmt.Errorf("demo: report of %s: no such work package", k.WorkPackage)
		}
		r := &salkku.StatusReport{
			ProjectID: proj.ID, WorkPackageID: &wp, ReportDate: karaReportDate,
			Overall: salkku.T(k.Overall), Achievements: salkku.T(k.Achievements), ToDo: salkku.T(k.ToDo), Deviations: salkku.T(k.Deviations),
			Lights: k.Lights.colours(), Tags: slices.Clone(tags[k.WorkPackage]),
		}
		if slices.Contains(r.Tags, "H") {
			r.Legend = salkku.T(karaLegend)
		}
		for _, name := range k.Responsible {
			id, ok := people[name]
			if !ok {
				return fmt.Errorf("demo: report of %s: %q is not among the people", k.WorkPackage, name)
			}
			r.ResponsibleIDs = append(r.ResponsibleIDs, id)
			if share, ok := karaShares[name]; ok {
				r.Shares = append(r.Shares, salkku.Share{PersonID: id, Percent: share})
			}
		}
		if err := l.r.CreateReport(ctx, r); err != nil {
			return fmt.Errorf("demo: report of %s: %w", k.WorkPackage, err)
		}
		if _, err := l.r.SubmitReport(ctx, r.ID, r.Version); err != nil {
			return fmt.Errorf("demo: submit report of %s: %w", k.WorkPackage, err)
		}
		reportOf[k.WorkPackage] = r.ID
	}
	// Each line of a deviations box is a risk raised from its report;
	// the slides score none, so none is scored here.
	for _, k := range karaRisks {
		wp, rep := wpIDs[k.WorkPackage], reportOf[k.WorkPackage]
		rk := &salkku.Risk{ProjectID: proj.ID, WorkPackageID: &wp, ReportID: &rep, Description: salkku.T(k.Description),
			Probability: k.Probability, Impact: k.Impact, Status: salkku.RiskOpen}
		if err := l.r.CreateRisk(ctx, rk); err != nil {
			return fmt.Errorf("demo: risk of %s %q: %w", k.WorkPackage, k.Description, err)
		}
	}
	// The communications slide, item by item.
	for _, k := range karaCommsLog {
		c := &salkku.CommsEntry{ProjectID: proj.ID, Channel: k.Channel, Scope: salkku.ScopeInternal, Subject: salkku.T(k.Title), Link: k.Link}
		if k.External {
			c.Scope = salkku.ScopeExternal
		}
		if k.WorkPackage != "" {
			wp := wpIDs[k.WorkPackage]
			c.WorkPackageID = &wp
		}
		if k.Period != "" {
			var err error
			if c.Date, c.Start, c.End, err = salkku.ParseWhen(k.Period); err != nil {
				return fmt.Errorf("demo: communications %q: %w", k.Title, err)
			}
		}
		if err := l.r.CreateCommsEntry(ctx, c); err != nil {
			return fmt.Errorf("demo: communications %q: %w", k.Title, err)
		}
	}
	return nil
}
