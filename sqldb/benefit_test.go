package sqldb_test

import (
	"testing"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/sqldb"
)

func decimal(d salkku.Decimal) *salkku.Decimal { return &d }

func mustCreateBenefit(t *testing.T, db *sqldb.DB, b *salkku.Benefit) *salkku.Benefit {
	t.Helper()
	if b.Description.IsZero() {
		b.Description = salkku.T("Käsittelyaika lyhenee")
	}
	if b.Kind == "" {
		b.Kind = salkku.BenefitTime
	}
	if err := db.CreateBenefit(salkku.System(t.Context()), b); err != nil {
		t.Fatalf("create benefit: %v", err)
	}
	return b
}

func mustMeasure(t *testing.T, db *sqldb.DB, b *salkku.Benefit, on salkku.Date, v salkku.Decimal) *salkku.Measurement {
	t.Helper()
	m := &salkku.Measurement{BenefitID: b.ID, Date: on, Value: v}
	if err := db.CreateMeasurement(salkku.System(t.Context()), m); err != nil {
		t.Fatalf("create measurement: %v", err)
	}
	return m
}

func TestBenefitCRUD(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustWorld(t, engine)
		sys := salkku.System(t.Context())
		p := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "KaRa"})
		wp := mustCreateWorkPackage(t, w.db, p, nil, "OA2 TP1 Asiakasohjaus")

		t.Run("OK", func(t *testing.T) {
			b := &salkku.Benefit{ProjectID: p.ID, WorkPackageID: &wp.ID, Description: salkku.T("Asiakasohjauksen käsittelyaika lyhenee"),
				Kind: salkku.BenefitTime, Metric: salkku.T("Käsittelyaika"), Unit: "pv", Baseline: decimal(1400), Target: decimal(550),
				TargetDate: "2022-06-30", OwnerID: &w.kristiina.ID}
			if err := w.db.CreateBenefit(sys, b); err != nil {
				t.Fatal(err)
			}
			got, err := w.db.FindBenefitByID(sys, b.ID)
			if err != nil {
				t.Fatal(err)
			}
			wantEqual(t, got, b)
			if *got.Target != 550 || got.OwnerName != "Kristiina Taskinen" || got.WorkPackageName.FI != wp.Name.FI || got.Latest != nil || got.Measurements != 0 {
				t.Errorf("stored %+v", got)
			}
			got.Target = nil
			if err := w.db.UpdateBenefit(sys, got); err != nil {
				t.Fatal(err)
			}
			if got.Target != nil || got.Version != 2 {
				t.Errorf("after update: %+v", got)
			}
			wantErr(t, w.db.UpdateBenefit(sys, b), salkku.ECONFLICT, "")

			// Measurements: the latest by date is the benefit's, whatever
			// the order they are written in.
			m1 := mustMeasure(t, w.db, b, "2022-03-31", 900)
			mustMeasure(t, w.db, b, "2022-01-31", 1200)
			got, _ = w.db.FindBenefitByID(sys, b.ID)
			if got.Latest == nil || got.Latest.ID != m1.ID || got.Latest.Value != 900 || got.Measurements != 2 {
				t.Errorf("latest %+v, %d measurements", got.Latest, got.Measurements)
			}
			ms, err := w.db.FindMeasurements(sys, b.ID)
			if err != nil || len(ms) != 2 || ms[0].Date != "2022-01-31" || ms[1].ID != m1.ID || ms[0].ProjectID != p.ID {
				t.Fatalf("measurements %v %v", ms, err)
			}
			m1.Date, m1.Value = "2021-12-31", 1300
			if err := w.db.UpdateMeasurement(sys, m1); err != nil {
				t.Fatal(err)
			}
			wantErr(t, w.db.UpdateMeasurement(sys, &salkku.Measurement{Meta: salkku.Meta{ID: m1.ID, Version: 1}, Date: "2022-01-01"}), salkku.ECONFLICT, "")
			got, _ = w.db.FindBenefitByID(sys, b.ID)
			if got.Latest.Date != "2022-01-31" {
				t.Errorf("latest after moving m1 back: %+v", got.Latest)
			}
			if err := w.db.DeleteMeasurement(sys, got.Latest.ID); err != nil {
				t.Fatal(err)
			}
			got, _ = w.db.FindBenefitByID(sys, b.ID)
			if got.Latest == nil || got.Latest.ID != m1.ID || got.Measurements != 1 {
				t.Errorf("latest after delete: %+v", got.Latest)
			}

			// Deleting the benefit takes its measurements.
			if err := w.db.DeleteBenefit(sys, b.ID); err != nil {
				t.Fatal(err)
			}
			_, err = w.db.FindBenefitByID(sys, b.ID)
			wantErr(t, err, salkku.ENOTFOUND, "")
			_, err = w.db.FindMeasurementByID(sys, m1.ID)
			wantErr(t, err, salkku.ENOTFOUND, "")
		})
		t.Run("ErrKind", func(t *testing.T) {
			err := w.db.CreateBenefit(sys, &salkku.Benefit{ProjectID: p.ID, Description: salkku.T("x"), Kind: "joy"})
			wantErr(t, err, salkku.EINVALID, "kind")
			if _, n, _ := w.db.FindBenefits(sys, salkku.BenefitFilter{ProjectID: &p.ID}); n != 0 {
				t.Errorf("%d benefits after a refused one", n)
			}
		})
		t.Run("ErrWorkPackageOfAnotherProject", func(t *testing.T) {
			other := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "9.9"})
			owp := mustCreateWorkPackage(t, w.db, other, nil, "Muu")
			err := w.db.CreateBenefit(sys, &salkku.Benefit{ProjectID: p.ID, WorkPackageID: &owp.ID, Description: salkku.T("x"), Kind: salkku.BenefitOther})
			wantErr(t, err, salkku.EINVALID, "work_package_id")
		})
		t.Run("ErrUnknownProject", func(t *testing.T) {
			err := w.db.CreateBenefit(sys, &salkku.Benefit{ProjectID: 99999, Description: salkku.T("x"), Kind: salkku.BenefitOther})
			wantErr(t, err, salkku.EINVALID, "project_id")
		})
		t.Run("ErrMeasurementDate", func(t *testing.T) {
			b := mustCreateBenefit(t, w.db, &salkku.Benefit{ProjectID: p.ID})
			wantErr(t, w.db.CreateMeasurement(sys, &salkku.Measurement{BenefitID: b.ID}), salkku.EINVALID, "date")
			wantErr(t, w.db.CreateMeasurement(sys, &salkku.Measurement{BenefitID: 99999, Date: "2022-01-01"}), salkku.ENOTFOUND, "")
		})
		t.Run("Deleting the project deletes its benefits", func(t *testing.T) {
			q := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "4.4"})
			b := mustCreateBenefit(t, w.db, &salkku.Benefit{ProjectID: q.ID})
			m := mustMeasure(t, w.db, b, "2022-01-01", 1)
			if err := w.db.SaveProfitability(sys, &salkku.Profitability{ProjectID: q.ID, Years: 2, Savings: []salkku.Money{100}}); err != nil {
				t.Fatal(err)
			}
			if err := w.db.DeleteProject(sys, q.ID); err != nil {
				t.Fatal(err)
			}
			_, err := w.db.FindMeasurementByID(sys, m.ID)
			wantErr(t, err, salkku.ENOTFOUND, "")
			_, err = w.db.FindBenefitByID(sys, b.ID)
			wantErr(t, err, salkku.ENOTFOUND, "")
		})
	})
}

// TestBenefitsOfPortfolio: a portfolio's benefits include its
// sub-portfolios'; the unverified are those past their target date with
// no measurement on or after it; a manager sees and keeps only their own
// project's.
func TestBenefitsOfPortfolio(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustWorld(t, engine)
		sys := salkku.System(t.Context())
		sub := mustCreatePortfolio(t, w.db, w.org, w.pf, "Sote")
		other := mustCreatePortfolio(t, w.db, w.org, nil, "Muu salkku")
		p1 := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "1"})
		p2 := mustCreateProject(t, w.db, sub, &salkku.Project{Code: "2"})
		p3 := mustCreateProject(t, w.db, other, &salkku.Project{Code: "3"})
		late := mustCreateBenefit(t, w.db, &salkku.Benefit{ProjectID: p1.ID, TargetDate: "2021-06-30"})
		mustMeasure(t, w.db, late, "2021-05-31", 5) // before the target date: not verified
		verified := mustCreateBenefit(t, w.db, &salkku.Benefit{ProjectID: p2.ID, TargetDate: "2021-06-30"})
		mustMeasure(t, w.db, verified, "2021-06-30", 5)
		lateSub := mustCreateBenefit(t, w.db, &salkku.Benefit{ProjectID: p2.ID, TargetDate: "2021-12-31"})
		mustCreateBenefit(t, w.db, &salkku.Benefit{ProjectID: p2.ID, TargetDate: "2099-01-01"})
		mustCreateBenefit(t, w.db, &salkku.Benefit{ProjectID: p1.ID})
		mustCreateBenefit(t, w.db, &salkku.Benefit{ProjectID: p3.ID, TargetDate: "2021-01-01"})

		all, n, err := w.db.FindBenefits(sys, salkku.BenefitFilter{PortfolioID: &w.pf.ID})
		if err != nil {
			t.Fatal(err)
		}
		if n != 5 || len(all) != 5 || all[0].TargetDate != "2021-06-30" || all[4].TargetDate != "" {
			t.Errorf("portfolio's benefits: %d %v", n, all)
		}
		un, n, err := w.db.FindBenefits(sys, salkku.BenefitFilter{PortfolioID: &w.pf.ID, Unverified: "2022-01-01"})
		if err != nil {
			t.Fatal(err)
		}
		if n != 2 || un[0].ID != late.ID || un[1].ID != lateSub.ID || un[0].Latest == nil {
			t.Errorf("unverified: %d %v", n, un)
		}
		for _, b := range un {
			if !b.Unverified("2022-01-01") {
				t.Errorf("the store's unverified %d is not the domain's", b.ID)
			}
		}

		u := &salkku.User{Email: "pm@naantali.fi", Name: "PM"}
		if err := w.db.CreateUser(sys, u, testPassword); err != nil {
			t.Fatal(err)
		}
		if err := w.db.CreateGrant(sys, &salkku.Grant{UserID: u.ID, Role: salkku.RoleProjectManager, ProjectID: &p1.ID}); err != nil {
			t.Fatal(err)
		}
		pm := ctxFor(t, w.db, u.ID)
		mine, n, err := w.db.FindBenefits(pm, salkku.BenefitFilter{PortfolioID: &w.pf.ID})
		if err != nil || n != 2 || mine[0].ProjectID != p1.ID {
			t.Errorf("manager's: %d %v %v", n, mine, err)
		}
		_, _, err = w.db.FindBenefits(pm, salkku.BenefitFilter{PortfolioID: &other.ID})
		wantErr(t, err, salkku.ENOTFOUND, "")
		if err := w.db.CreateBenefit(pm, &salkku.Benefit{ProjectID: p1.ID, Description: salkku.T("oma"), Kind: salkku.BenefitOther}); err != nil {
			t.Fatal(err)
		}
		wantErr(t, w.db.CreateBenefit(pm, &salkku.Benefit{ProjectID: p2.ID, Description: salkku.T("vieras"), Kind: salkku.BenefitOther}), salkku.EFORBIDDEN, "")
		wantErr(t, w.db.CreateMeasurement(pm, &salkku.Measurement{BenefitID: verified.ID, Date: "2022-01-01"}), salkku.EFORBIDDEN, "")
		wantErr(t, w.db.SaveProfitability(pm, &salkku.Profitability{ProjectID: p2.ID, Years: 1}), salkku.EFORBIDDEN, "")
		if err := w.db.SaveProfitability(pm, &salkku.Profitability{ProjectID: p1.ID, Years: 1}); err != nil {
			t.Fatal(err)
		}
	})
}

// TestBenefitsQueries: a page of a portfolio's benefits is the same
// number of queries whatever the number of benefits and measurements.
func TestBenefitsQueries(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustWorld(t, engine)
		sys := salkku.System(t.Context())
		p := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "1"})
		count := func() int64 {
			ctx, n := sqldb.CountQueries(sys)
			if _, _, err := w.db.FindBenefits(ctx, salkku.BenefitFilter{PortfolioID: &w.pf.ID, Unverified: "2030-01-01"}); err != nil {
				t.Fatal(err)
			}
			return n.Load()
		}
		before := count()
		for i := range 12 {
			b := mustCreateBenefit(t, w.db, &salkku.Benefit{ProjectID: p.ID, TargetDate: "2021-01-01"})
			mustMeasure(t, w.db, b, "2020-01-01", salkku.Decimal(i))
		}
		if after := count(); after != before {
			t.Errorf("%d queries with 12 benefits, %d with none", after, before)
		}
	})
}

func TestProfitabilityStore(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		w := mustWorld(t, engine)
		sys := salkku.System(t.Context())
		p := mustCreateProject(t, w.db, w.pf, &salkku.Project{Code: "1"})
		_, err := w.db.FindProfitability(sys, p.ID)
		wantErr(t, err, salkku.ENOTFOUND, "")

		in := &salkku.Profitability{ProjectID: p.ID, Investment: 10000000, Years: 5, Rate: 300,
			Costs: []salkku.Money{500000}, Savings: []salkku.Money{3000000}}
		if err := w.db.SaveProfitability(sys, in); err != nil {
			t.Fatal(err)
		}
		got, err := w.db.FindProfitability(sys, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, got, in)
		if got.Version != 1 || len(got.Savings) != 5 || got.Savings[4] != 3000000 || got.Compute().NPV != 1449268 {
			t.Errorf("stored %+v", got)
		}
		// Creating again over existing inputs, or a stale replace: a
		// conflict.
		wantErr(t, w.db.SaveProfitability(sys, &salkku.Profitability{ProjectID: p.ID, Years: 1}), salkku.ECONFLICT, "")
		got.Years, got.Savings, got.Costs = 3, []salkku.Money{1, 2, 3}, nil
		if err := w.db.SaveProfitability(sys, got); err != nil {
			t.Fatal(err)
		}
		if got.Version != 2 || len(got.Savings) != 3 || got.Savings[2] != 3 || got.Costs[2] != 0 {
			t.Errorf("replaced %+v", got)
		}
		in.Years, in.Costs, in.Savings = 2, nil, nil
		wantErr(t, w.db.SaveProfitability(sys, in), salkku.ECONFLICT, "")
		wantErr(t, w.db.SaveProfitability(sys, &salkku.Profitability{Meta: salkku.Meta{Version: 2}, ProjectID: p.ID, Years: 31}), salkku.EINVALID, "years")
	})
}
