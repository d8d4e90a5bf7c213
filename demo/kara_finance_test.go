package demo_test

import (
	"context"
	"strings"
	"testing"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/demo"
	"github.com/salkku/salkku/sqldb/sqldbtest"
)

// TestKaraFinance checks that the KaRa programme's follow-up is seed
// 002's budget slide: realised and unused per category and in total.
func TestKaraFinance(t *testing.T) {
	want := []struct{ name, realised, unused string }{
		{"Henkilöstömenot", "480 157 €", "509 883 €"},
		{"Palvelujen ostot", "210 257 €", "413 183 €"},
		{"Aineet, tarvikkeet ja tavarat", "3 748 €", "5 242 €"},
		{"Vuokrat", "19 385 €", "15 995 €"},
		{"Muut menot", "7 290 €", "0 €"},
		{"Investointimenot", "0 €", "56 210 €"},
	}
	nb := func(s string) string { return strings.ReplaceAll(s, " ", "\u00a0") }
	for _, engine := range sqldbtest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := salkku.System(context.Background())
			db := sqldbtest.MustOpen(t, engine)
			if err := demo.Load(ctx, db); err != nil {
				t.Fatal(err)
			}
			ps, _, err := db.FindProjects(ctx, salkku.ProjectFilter{Query: "KaRa"})
			if err != nil {
				t.Fatal(err)
			}
			var kara *salkku.Project
			for _, p := range ps {
				if p.Code == "KaRa" {
					kara = p
				}
			}
			if kara == nil {
				t.Fatal("no KaRa project")
			}
			pf, err := db.FindProjectFinance(ctx, kara.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(pf.FollowUp.Lines) != len(want) {
				t.Fatalf("%d lines, want %d", len(pf.FollowUp.Lines), len(want))
			}
			for i, w := range want {
				l := pf.FollowUp.Lines[i]
				if l.Name.FI != w.name || l.Actual.Rounded().Format("fi", true) != nb(w.realised) || l.Unused().Rounded().Format("fi", true) != nb(w.unused) {
					t.Errorf("line %d: %s %s / %s, want %s %s / %s", i, l.Name.FI, l.Actual.Rounded().Format("fi", true), l.Unused().Rounded().Format("fi", true), w.name, w.realised, w.unused)
				}
			}
			tot := pf.FollowUp.Total
			if tot.Actual.Rounded().Format("fi", true) != nb("720 836 €") || tot.Unused().Rounded().Format("fi", true) != nb("1 000 514 €") {
				t.Errorf("total %s / %s, want 720 836 € / 1 000 514 €", tot.Actual.Rounded().Format("fi", true), tot.Unused().Rounded().Format("fi", true))
			}
			if pf.FollowUp.From != "2020-08-01" || pf.FollowUp.Through != "2021-11-15" {
				t.Errorf("period %s – %s, want 2020-08-01 – 2021-11-15", pf.FollowUp.From, pf.FollowUp.Through)
			}
			if len(pf.Funding) != 1 || pf.Funding[0].Kind != salkku.FundingStateGrant || len(pf.Funding[0].Applications) != 3 {
				t.Fatalf("funding %+v, want one state grant with three applications", pf.Funding)
			}
			apps := pf.Funding[0].Applications
			if apps[0].Status != salkku.ApplicationSubmitted || apps[1].Status != salkku.ApplicationSubmitted || apps[2].Status != salkku.ApplicationPlanned || apps[2].Due != "2022-02-28" {
				t.Errorf("applications %+v %+v %+v, want two made and the third due 28.2.2022", apps[0], apps[1], apps[2])
			}
			// The portfolio's roll-up is the programme's.
			roll, err := db.FindPortfolioFinance(ctx, kara.PortfolioID, "", 50)
			if err != nil {
				t.Fatal(err)
			}
			if roll.FollowUp.Total != tot {
				t.Errorf("portfolio roll-up %+v, want %+v", roll.FollowUp.Total, tot)
			}
		})
	}
	// The figures are the slide's, where the seed is at hand.
	t.Run("seed", func(t *testing.T) { checkKaraFinanceSeed(t, readSeeds(t).kara, want) })
}

func checkKaraFinanceSeed(t *testing.T, seed string, want []struct{ name, realised, unused string }) {
	for _, s := range []string{"Toteutuma 1.8.2020 - 15.11.2021", "720 836 €", "1000 514 €", "3. Maksatushakemus hankkeen jälkeen", "28.2.2022", "Maksatushakemus x 2"} {
		if !strings.Contains(seed, s) {
			t.Errorf("seed 002 does not say %q", s)
		}
	}
	for _, w := range want {
		for _, s := range []string{w.name, w.realised, w.unused} {
			if !strings.Contains(seed, s) {
				t.Errorf("seed 002 does not say %q", s)
			}
		}
	}
}
