package salkku

import (
	"context"
	"slices"
)

// Risk statuses: a risk is open until its mitigation works (mitigated),
// it happens (realised) or it no longer matters (closed).
const (
	RiskOpen      = "open"
	RiskMitigated = "mitigated"
	RiskRealised  = "realised"
	RiskClosed    = "closed"
)

// RiskStatuses lists the statuses in the order a form offers them.
var RiskStatuses = []string{RiskOpen, RiskMitigated, RiskRealised, RiskClosed}

// The scale of probability and impact: 1 (very unlikely, negligible) to
// 5 (almost certain, severe), as the state's portfolio guidance scores
// risks. 0 for both is a risk not yet assessed, as one raised from a
// report's deviations box is until someone scores it (seed 002's slides
// give none): it is in the register, not on the heat map.
const (
	RiskScaleMin = 1
	RiskScaleMax = 5
)

// Risk is one risk in a project's register, possibly raised from the
// deviations box of a status report.
type Risk struct {
	Meta
	ProjectID     int64  `json:"project_id"`
	WorkPackageID *int64 `json:"work_package_id"`
	// ReportID is the status report whose deviations box raised the
	// risk, if any.
	ReportID    *int64 `json:"report_id"`
	Description Text   `json:"description"`
	Cause       Text   `json:"cause"`
	Consequence Text   `json:"consequence"`
	// Probability and Impact are 1–5, or both 0: not assessed.
	Probability int `json:"probability"`
	Impact      int `json:"impact"`
	// Score is Probability × Impact, read-only: Validate sets it; 0 for a
	// risk not assessed.
	Score      int    `json:"score"`
	OwnerID    *int64 `json:"owner_id"`
	Mitigation Text   `json:"mitigation"`
	Status     string `json:"status"`
	ReviewDate Date   `json:"review_date,omitempty"`

	// Read-only, filled by the store for display.
	OwnerName       string `json:"owner_name,omitempty"`
	WorkPackageCode string `json:"work_package_code,omitempty"`
	WorkPackageName Text   `json:"work_package_name,omitempty"`
	ProjectCode     string `json:"project_code,omitempty"`
	ProjectName     Text   `json:"project_name,omitempty"`
}

// Validate checks a risk's own fields, gives it the status open when it
// has none, and sets its score.
func (r *Risk) Validate(l Languages) error {
	fe := FieldErrors{}
	if r.ProjectID <= 0 {
		fe.Add("project_id", "error.required")
	}
	l.CheckText(fe, "description", &r.Description, true, MaxDescriptionLen)
	l.CheckText(fe, "cause", &r.Cause, false, MaxDescriptionLen)
	l.CheckText(fe, "consequence", &r.Consequence, false, MaxDescriptionLen)
	l.CheckText(fe, "mitigation", &r.Mitigation, false, MaxDescriptionLen)
	if r.Probability != 0 || r.Impact != 0 {
		checkScale(fe, "probability", r.Probability)
		checkScale(fe, "impact", r.Impact)
	}
	if r.Status == "" {
		r.Status = RiskOpen
	}
	if !slices.Contains(RiskStatuses, r.Status) {
		fe.Add("status", "error.invalid_choice")
	}
	if r.ReviewDate != "" && !r.ReviewDate.Valid() {
		fe.Add("review_date", "error.date")
	}
	r.Score = 0
	if validScale(r.Probability) && validScale(r.Impact) {
		r.Score = r.Probability * r.Impact
	}
	return fe.Err()
}

func validScale(n int) bool { return n >= RiskScaleMin && n <= RiskScaleMax }

// checkScale refuses a probability or impact off the 1–5 scale; 0 is a
// value not given (where the other one is).
func checkScale(fe FieldErrors, field string, n int) {
	switch {
	case n == 0:
		fe.Add(field, "error.required")
	case !validScale(n):
		fe.Add(field, "error.out_of_range")
	}
}

// Counted reports whether the risk counts: every status but closed.
func (r *Risk) Counted() bool { return r.Status != RiskClosed }

// Assessed reports whether the risk has its probability and impact.
func (r *Risk) Assessed() bool { return r.Score > 0 }

// Overdue reports whether the risk's review date has passed while it
// still counts.
func (r *Risk) Overdue(today Date) bool {
	return r.Counted() && r.ReviewDate != "" && r.ReviewDate < today
}

// Risk levels, from the score: how the heat map colours a cell and names
// it, so that the colour never stands alone.
const (
	RiskUnassessed = "unassessed" // 0: not scored
	RiskLow        = "low"        // 1–4
	RiskMedium     = "medium"     // 5–9
	RiskHigh       = "high"       // 10–14
	RiskCritical   = "critical"   // 15–25
)

// RiskLevels lists the levels from the lowest, as the legend shows them.
var RiskLevels = []string{RiskLow, RiskMedium, RiskHigh, RiskCritical}

// RiskLevel is the level of a score.
func RiskLevel(score int) string {
	switch {
	case score >= 15:
		return RiskCritical
	case score >= 10:
		return RiskHigh
	case score >= 5:
		return RiskMedium
	case score >= 1:
		return RiskLow
	}
	return RiskUnassessed
}

// RiskCell is the number of counted risks with one probability and
// impact.
type RiskCell struct {
	Probability int `json:"probability"`
	Impact      int `json:"impact"`
	Count       int `json:"count"`
}

// HeatMap is a portfolio's counted risks by probability and impact, over
// its sub-portfolios too.
type HeatMap struct {
	PortfolioID int64 `json:"portfolio_id"`
	// Cells has all 25 cells, impact 5 first and probability 1 first in
	// each row, as the chart reads from its top left.
	Cells []RiskCell `json:"cells"`
	// Total is the number on the map; Unassessed the counted risks not
	// yet scored, which have no cell.
	Total      int `json:"total"`
	Unassessed int `json:"unassessed"`
}

// NewHeatMap lays counts out on the full 5 × 5 grid; the count at 0 × 0
// is the unassessed risks', and others off the grid are left out.
func NewHeatMap(portfolioID int64, counts []RiskCell) *HeatMap {
	h := &HeatMap{PortfolioID: portfolioID, Cells: make([]RiskCell, 0, 25)}
	for i := RiskScaleMax; i >= RiskScaleMin; i-- {
		for p := RiskScaleMin; p <= RiskScaleMax; p++ {
			h.Cells = append(h.Cells, RiskCell{Probability: p, Impact: i})
		}
	}
	for _, c := range counts {
		if c.Probability == 0 && c.Impact == 0 {
			h.Unassessed += c.Count
		}
		if validScale(c.Probability) && validScale(c.Impact) {
			h.Cells[(RiskScaleMax-c.Impact)*RiskScaleMax+c.Probability-1].Count += c.Count
			h.Total += c.Count
		}
	}
	return h
}

// Count is the number in one cell.
func (h *HeatMap) Count(probability, impact int) int {
	for _, c := range h.Cells {
		if c.Probability == probability && c.Impact == impact {
			return c.Count
		}
	}
	return 0
}

// RiskFilter selects risks: of one project, or of a portfolio with its
// sub-portfolios; optionally one cell of the heat map (then only counted
// risks) or those past their review date on Overdue.
type RiskFilter struct {
	ProjectID   *int64
	PortfolioID *int64
	// Probability and Impact, when both set, select one cell.
	Probability int
	Impact      int
	// Overdue, when set, selects the counted risks whose review date is
	// before it.
	Overdue Date
	// ReportID selects the risks raised from one status report.
	ReportID *int64
	Page
}

// Validate checks the filter's own values.
func (f *RiskFilter) Validate() error {
	fe := FieldErrors{}
	if (f.ProjectID == nil) == (f.PortfolioID == nil) {
		fe.Add("project_id", "error.required")
	}
	if f.Probability != 0 && !validScale(f.Probability) {
		fe.Add("p", "error.out_of_range")
	}
	if f.Impact != 0 && !validScale(f.Impact) {
		fe.Add("i", "error.out_of_range")
	}
	if (f.Probability == 0) != (f.Impact == 0) {
		fe.Add("p", "error.required")
	}
	if f.Overdue != "" && !f.Overdue.Valid() {
		fe.Add("overdue", "error.date")
	}
	return fe.Err()
}

// RiskService is the projects' risk registers and the portfolios' heat
// maps. Viewing follows CanViewProject and changing CanEditRisks.
type RiskService interface {
	FindRiskByID(ctx context.Context, id int64) (*Risk, error)
	// FindRisks lists risks by score, highest first, one page at a time,
	// with the number that match.
	FindRisks(ctx context.Context, f RiskFilter) ([]*Risk, int, error)
	// CreateRisk: EINVALID for a probability or impact off 1–5, or a
	// work package of another project.
	CreateRisk(ctx context.Context, r *Risk) error
	// UpdateRisk replaces every field; ECONFLICT when r.Version is stale.
	UpdateRisk(ctx context.Context, r *Risk) error
	DeleteRisk(ctx context.Context, id int64) error
	// RiskHeatMap counts a portfolio's counted risks (those of its
	// sub-portfolios too) by probability and impact in one query.
	RiskHeatMap(ctx context.Context, portfolioID int64) (*HeatMap, error)
}
