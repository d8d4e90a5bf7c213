package salkku

// Dataset is a whole register as rows whose ids are already set and refer
// to one another: what a generator makes (package gen) and a store writes
// in one go into an empty database (sqldb.DB.LoadDataset). Portfolios carry
// their boards in BoardIDs and work packages their people in
// ResponsibleIDs; read-only display fields are ignored.
type Dataset struct {
	Organisations []*Organisation
	People        []*Person
	Portfolios    []*Portfolio
	Categories    []*Category
	Projects      []*Project
	WorkPackages  []*WorkPackage
	Users         []*User
	Grants        []*Grant
	// Models are the organisations' life-cycle models; projects name
	// theirs in ModelID and stand at Phase and NextGate, where
	// GateDecisions, in order per project, brought them. A project
	// without a model is placed by its status when loaded.
	Models        []*Model
	GateDecisions []*GateDecision
	// ReportingCycles are portfolios' own cycles; Reports are submitted
	// status reports, each with its Period under its portfolio's cycle.
	// The loader builds the roll-up of the latest reports from them.
	ReportingCycles []*ReportingCycle
	Reports         []*StatusReport
	// CostCategories are the organisations' (an organisation with none
	// gets the defaults); Budgets are budget revisions with their lines,
	// Actuals the money spent. The loader builds the finance roll-ups.
	CostCategories []*CostCategory
	Budgets        []*BudgetRevision
	Actuals        []*Actual
}
