package salkku

import "slices"

// Access is what one user may see and do: the permission rules of Salkku
// in one place. Portfolio roles apply to the portfolio's sub-portfolios
// too; the store expands them when it builds an Access.
//
// The matrix (✓ = allowed; "own" = the projects the user manages):
//
//	                          admin owner office manager steering viewer
//	view portfolio/projects     ✓     ✓     ✓     own      ✓        ✓
//	edit portfolio, board       ✓     ✓
//	create sub-portfolio        ✓     ✓
//	create top-level portfolio  ✓
//	categories                  ✓     ✓     ✓
//	create/delete project       ✓     ✓     ✓
//	edit project, packages      ✓     ✓     ✓     own
//	risks, project logs         ✓     ✓     ✓     own
//	budget, actuals, funding    ✓     ✓     ✓     own
//	cost categories, import     ✓     ✓     ✓
//	benefits, profitability     ✓     ✓     ✓     own
//	portfolio decision log      ✓     ✓     ✓
//	organisations, users, roles ✓
//	people (add, edit)          ✓     ✓     ✓
//	organisation-wide audit log ✓
type Access struct {
	UserID int64
	Admin  bool
	// System is Salkku itself (see System); it has every right.
	System bool
	// Portfolios maps each portfolio the user holds a role on, directly
	// or through a parent, to the strongest such role.
	Portfolios map[int64]string
	// Projects maps the projects the user manages to their portfolio.
	Projects map[int64]int64
	// Organisations maps each organisation where the user holds a role to
	// the strongest one (a project manager counts as a viewer there).
	Organisations map[int64]string
	// Steers maps the projects whose own steering group has the user's
	// person to their portfolio: the steering-group role on that project.
	Steers map[int64]int64
	// Boards holds the portfolios whose board has the user's person.
	Boards map[int64]bool
}

// roleRank orders portfolio roles; a smaller rank is stronger.
var roleRank = map[string]int{RolePortfolioOwner: 1, RoleProjectOffice: 2, RoleSteeringGroup: 3, RoleViewer: 4}

// Stronger reports whether role a gives more than role b.
func Stronger(a, b string) bool {
	ra, ok := roleRank[a]
	if !ok {
		return false
	}
	rb, ok := roleRank[b]
	return !ok || ra < rb
}

// ExpandGrants builds an Access from a user's grants, the portfolio tree
// (each portfolio's parent, nil for roots) and each portfolio's
// organisation.
func ExpandGrants(userID int64, admin bool, grants []*Grant, parents map[int64]*int64, orgOf map[int64]int64, projectPortfolio map[int64]int64) *Access {
	a := &Access{UserID: userID, Admin: admin, Portfolios: map[int64]string{}, Projects: map[int64]int64{}, Organisations: map[int64]string{}}
	direct := map[int64]string{}
	for _, g := range grants {
		switch {
		case g.Role == RoleProjectManager && g.ProjectID != nil:
			if pf, ok := projectPortfolio[*g.ProjectID]; ok {
				a.Projects[*g.ProjectID] = pf
			}
		case g.PortfolioID != nil:
			if cur, ok := direct[*g.PortfolioID]; !ok || Stronger(g.Role, cur) {
				direct[*g.PortfolioID] = g.Role
			}
		}
	}
	// Each portfolio takes the strongest role found on it or any ancestor.
	for id := range parents {
		best := ""
		for cur, steps := &id, 0; cur != nil && steps < 100; steps++ {
			if r, ok := direct[*cur]; ok && (best == "" || Stronger(r, best)) {
				best = r
			}
			cur = parents[*cur]
		}
		if best != "" {
			a.Portfolios[id] = best
		}
	}
	for id, role := range a.Portfolios {
		if org, ok := orgOf[id]; ok {
			if cur, seen := a.Organisations[org]; !seen || Stronger(role, cur) {
				a.Organisations[org] = role
			}
		}
	}
	for _, pf := range a.Projects {
		if org, ok := orgOf[pf]; ok {
			if _, seen := a.Organisations[org]; !seen {
				a.Organisations[org] = RoleViewer
			}
		}
	}
	return a
}

// AddBodies records the user's seats in decision bodies: the projects
// whose steering group has them (with each project's portfolio) and the
// portfolios whose board has them. A seat lets the user see the project
// and counts as a viewer role in the organisation (orgOf maps portfolios
// to organisations).
func (a *Access) AddBodies(steers map[int64]int64, boards []int64, orgOf map[int64]int64) {
	for id, pf := range steers {
		if a.Steers == nil {
			a.Steers = map[int64]int64{}
		}
		a.Steers[id] = pf
		if org, ok := orgOf[pf]; ok {
			if _, seen := a.Organisations[org]; !seen {
				a.Organisations[org] = RoleViewer
			}
		}
	}
	for _, id := range boards {
		if a.Boards == nil {
			a.Boards = map[int64]bool{}
		}
		a.Boards[id] = true
		if org, ok := orgOf[id]; ok {
			if _, seen := a.Organisations[org]; !seen {
				a.Organisations[org] = RoleViewer
			}
		}
	}
}

// role returns the user's role on a portfolio, or "".
func (a *Access) role(portfolioID int64) string {
	if a == nil {
		return ""
	}
	return a.Portfolios[portfolioID]
}

func (a *Access) isAdmin() bool { return a != nil && a.Admin }

// atLeast reports whether the user's role on the portfolio is r or stronger.
func (a *Access) atLeast(portfolioID int64, r string) bool {
	have := a.role(portfolioID)
	return have != "" && (have == r || Stronger(have, r))
}

// CanViewPortfolio: any role on it, or managing one of its projects.
func (a *Access) CanViewPortfolio(id int64) bool {
	return a.isAdmin() || a.visiblePortfolios()[id]
}

// CanViewProject: any role on its portfolio, managing it, or sitting in
// its steering group or its portfolio's board.
func (a *Access) CanViewProject(p *Project) bool {
	return a.isAdmin() || a.role(p.PortfolioID) != "" || a.manages(p.ID) || a.steers(p.ID) || a.onBoard(p.PortfolioID)
}

func (a *Access) onBoard(portfolioID int64) bool { return a != nil && a.Boards[portfolioID] }

func (a *Access) steers(projectID int64) bool {
	if a == nil {
		return false
	}
	_, ok := a.Steers[projectID]
	return ok
}

// CanEditModel: an organisation's life-cycle model is edited by admins and
// by owners and project offices of its portfolios.
func (a *Access) CanEditModel(organisationID int64) bool {
	if a.isAdmin() {
		return true
	}
	r := ""
	if a != nil {
		r = a.Organisations[organisationID]
	}
	return r == RolePortfolioOwner || r == RoleProjectOffice
}

// CanWorkOnGates: ticking the checklist, linking deliverables and
// requesting a gate decision are for those who edit the project.
func (a *Access) CanWorkOnGates(p *Project) bool { return a.CanEditProject(p) }

// CanSetSteeringGroup: a project's steering group is named by the
// portfolio's owner and project office.
func (a *Access) CanSetSteeringGroup(p *Project) bool {
	return a.isAdmin() || a.atLeast(p.PortfolioID, RoleProjectOffice)
}

// CanRecordDecision: members of the deciding body, or the project office
// on its behalf. The body at LevelPortfolio is the portfolio's board
// (its members, holders of the steering-group role on it, and its owner), at LevelSteering the project's steering group, at
// LevelProject the project's manager.
func (a *Access) CanRecordDecision(p *Project, level string) bool {
	if a.isAdmin() || a.atLeast(p.PortfolioID, RoleProjectOffice) {
		return true
	}
	if a == nil {
		return false
	}
	switch level {
	case LevelPortfolio:
		// The board (salkun johtoryhmä), by seat or by the
		// steering-group role on the portfolio.
		return a.Boards[p.PortfolioID] || a.role(p.PortfolioID) == RoleSteeringGroup
	case LevelSteering:
		return a.steers(p.ID)
	case LevelProject:
		return a.manages(p.ID)
	}
	return false
}

func (a *Access) manages(projectID int64) bool {
	if a == nil {
		return false
	}
	_, ok := a.Projects[projectID]
	return ok
}

// CanEditPortfolio: its owner, or an admin.
func (a *Access) CanEditPortfolio(id int64) bool {
	return a.isAdmin() || a.atLeast(id, RolePortfolioOwner)
}

// CanCreatePortfolio: admins anywhere; owners under their portfolios.
func (a *Access) CanCreatePortfolio(parentID *int64) bool {
	if a.isAdmin() {
		return true
	}
	return parentID != nil && a.atLeast(*parentID, RolePortfolioOwner)
}

// CanDeletePortfolio: as CanEditPortfolio, but a top-level portfolio only
// by an admin.
func (a *Access) CanDeletePortfolio(p *Portfolio) bool {
	if a.isAdmin() {
		return true
	}
	return p.ParentID != nil && a.atLeast(*p.ParentID, RolePortfolioOwner)
}

// CanManageCategories: the owner and the project office.
func (a *Access) CanManageCategories(portfolioID int64) bool {
	return a.isAdmin() || a.atLeast(portfolioID, RoleProjectOffice)
}

// CanCreateProject: the owner and the project office.
func (a *Access) CanCreateProject(portfolioID int64) bool {
	return a.isAdmin() || a.atLeast(portfolioID, RoleProjectOffice)
}

// CanEditProject: the owner, the project office and the project's manager.
// Moving a project to another portfolio also needs CanCreateProject there.
func (a *Access) CanEditProject(p *Project) bool {
	return a.isAdmin() || a.atLeast(p.PortfolioID, RoleProjectOffice) || a.manages(p.ID)
}

// CanEditRisks: a project's risk register and its decision and
// communications logs are kept by those who edit the project.
func (a *Access) CanEditRisks(p *Project) bool { return a.CanEditProject(p) }

// CanEditFinance: a project's budget, actuals, forecast and funding are
// kept by those who edit the project; its manager prepares them, the
// project office checks them.
func (a *Access) CanEditFinance(p *Project) bool { return a.CanEditProject(p) }

// CanManageCostCategories: an organisation's cost categories and the
// import of its finance system's actuals belong to its owners and project
// offices (the controller works in the office), as its life-cycle model
// does.
func (a *Access) CanManageCostCategories(organisationID int64) bool {
	return a.CanEditModel(organisationID)
}

// CanViewPortfolioFinance: a portfolio's money rolled up over all its
// projects is for those with a role on it or a seat on its board, not for
// the manager of one of its projects, who sees only that project's.
func (a *Access) CanViewPortfolioFinance(portfolioID int64) bool {
	return a.isAdmin() || a.role(portfolioID) != "" || a.onBoard(portfolioID)
}

// CanViewCostCategories: anyone with a role in the organisation.
func (a *Access) CanViewCostCategories(organisationID int64) bool {
	if a.isAdmin() {
		return true
	}
	if a == nil {
		return false
	}
	_, ok := a.Organisations[organisationID]
	return ok
}

// CanEditBenefits: a project's benefits, their measurements and its
// life-cycle profitability are kept by those who edit the project.
func (a *Access) CanEditBenefits(p *Project) bool { return a.CanEditProject(p) }

// CanEditPortfolioLog: a portfolio's decision log is kept by its owner and
// project office (the board's secretary is usually the office).
func (a *Access) CanEditPortfolioLog(portfolioID int64) bool {
	return a.isAdmin() || a.atLeast(portfolioID, RoleProjectOffice)
}

// CanDeleteProject: the owner and the project office.
func (a *Access) CanDeleteProject(p *Project) bool {
	return a.isAdmin() || a.atLeast(p.PortfolioID, RoleProjectOffice)
}

// CanManagePeople: admins, and owners and project offices of any
// portfolio, who name the people of their projects; it says whether to
// offer "new person" at all.
func (a *Access) CanManagePeople() bool {
	if a.isAdmin() {
		return true
	}
	if a != nil {
		for _, r := range a.Organisations {
			if r == RolePortfolioOwner || r == RoleProjectOffice {
				return true
			}
		}
	}
	return false
}

// CanManagePerson: admins; owners and project offices for the people of
// their own organisations, and for people of no organisation.
func (a *Access) CanManagePerson(organisationID *int64) bool {
	if a.isAdmin() {
		return true
	}
	if organisationID == nil {
		return a.CanManagePeople()
	}
	r := ""
	if a != nil {
		r = a.Organisations[*organisationID]
	}
	return r == RolePortfolioOwner || r == RoleProjectOffice
}

// CanViewPerson: people of the organisations where the user has a role,
// and people of no organisation.
func (a *Access) CanViewPerson(organisationID *int64) bool {
	if a == nil {
		return false
	}
	if a.isAdmin() || organisationID == nil {
		return true
	}
	_, ok := a.Organisations[*organisationID]
	return ok
}

// PeopleVisibility returns the organisations whose people the user sees
// (besides people of no organisation); nil for admins, who see everyone.
func (a *Access) PeopleVisibility() []int64 {
	if a.isAdmin() {
		return nil
	}
	ids := []int64{}
	if a != nil {
		for id := range a.Organisations {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// CanAdminister: organisations, users, roles, settings and the
// organisation-wide audit log are for admins only.
func (a *Access) CanAdminister() bool { return a.isAdmin() }

// Visibility limits a list to what a user may see: the projects of the
// portfolios in PortfolioIDs plus the projects in ProjectIDs; a portfolio
// list shows PortfolioIDs plus the portfolios of ProjectIDs. A nil
// *Visibility limits nothing.
type Visibility struct {
	PortfolioIDs []int64
	ProjectIDs   []int64
}

// Visibility returns the limit for the user's lists: nil for admins.
func (a *Access) Visibility() *Visibility {
	if a.isAdmin() {
		return nil
	}
	v := &Visibility{PortfolioIDs: []int64{}, ProjectIDs: []int64{}}
	if a == nil {
		return v
	}
	for id := range a.Portfolios {
		v.PortfolioIDs = append(v.PortfolioIDs, id)
	}
	for id := range a.Boards {
		if _, dup := a.Portfolios[id]; !dup {
			v.PortfolioIDs = append(v.PortfolioIDs, id)
		}
	}
	for id := range a.Projects {
		v.ProjectIDs = append(v.ProjectIDs, id)
	}
	for id := range a.Steers {
		if _, dup := a.Projects[id]; !dup {
			v.ProjectIDs = append(v.ProjectIDs, id)
		}
	}
	slices.Sort(v.PortfolioIDs)
	slices.Sort(v.ProjectIDs)
	return v
}

// visiblePortfolios returns the portfolios a user sees: those with
// a role and those holding a project the user manages.
func (a *Access) visiblePortfolios() map[int64]bool {
	out := map[int64]bool{}
	if a == nil {
		return out
	}
	for id := range a.Portfolios {
		out[id] = true
	}
	for _, pf := range a.Projects {
		out[pf] = true
	}
	for _, pf := range a.Steers {
		out[pf] = true
	}
	for pf := range a.Boards {
		out[pf] = true
	}
	return out
}

// CanUpdatePortfolio: editing a portfolio is for its owner; moving it
// under another parent also needs the right to create portfolios there,
// and moving it to another organisation is for admins.
func (a *Access) CanUpdatePortfolio(before, after *Portfolio) bool {
	if !a.CanEditPortfolio(before.ID) {
		return false
	}
	if !sameID(before.ParentID, after.ParentID) && !a.CanCreatePortfolio(after.ParentID) {
		return false
	}
	return before.OrganisationID == after.OrganisationID || a.CanAdminister()
}

// CanUpdateProject: editing a project; moving it to another portfolio also
// needs the right to delete it here and to create it there.
func (a *Access) CanUpdateProject(before, after *Project) bool {
	if !a.CanEditProject(before) {
		return false
	}
	return before.PortfolioID == after.PortfolioID || a.CanDeleteProject(before) && a.CanCreateProject(after.PortfolioID)
}

// CanUpdatePerson: the person's organisation now and the one they move to
// must both be the caller's to manage.
func (a *Access) CanUpdatePerson(before, after *Person) bool {
	return a.CanManagePerson(before.OrganisationID) && a.CanManagePerson(after.OrganisationID)
}

// CanActAsUser: a user's own account (password, tokens, roles shown to
// them) is theirs; admins manage every account.
func (a *Access) CanActAsUser(userID int64) bool {
	return a.isAdmin() || a != nil && a.UserID != 0 && a.UserID == userID
}

func sameID(a, b *int64) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

// SignedIn: anyone with a caller may read what is not anyone's own, such as
// the list of organisations.
func (a *Access) SignedIn() bool { return a != nil }

// CanWriteReport: status reports are written by those who edit the
// project.
func (a *Access) CanWriteReport(p *Project) bool { return a.CanEditProject(p) }

// CanReviewReport: a submitted report is reviewed by the portfolio's
// owner or project office, by its board (a seat or the steering-group
// role on the portfolio) or by the project's own steering group.
func (a *Access) CanReviewReport(p *Project) bool {
	return a.isAdmin() || a.atLeast(p.PortfolioID, RoleSteeringGroup) || a.steers(p.ID) || a.onBoard(p.PortfolioID)
}

// CanSetReportingCycle: a portfolio's reporting cycle is set by its owner
// and project office.
func (a *Access) CanSetReportingCycle(portfolioID int64) bool {
	return a.isAdmin() || a.atLeast(portfolioID, RoleProjectOffice)
}

// CanCreateJob: any signed-in user queues jobs for themselves.
func (a *Access) CanCreateJob() bool { return a != nil && a.UserID != 0 }

// CanSeeJob: a job and its file are its creator's; admins see all.
func (a *Access) CanSeeJob(createdBy int64) bool {
	return a != nil && (a.Admin || a.System || a.UserID != 0 && a.UserID == createdBy)
}

// CanRunJobs: only Salkku itself runs jobs.
func (a *Access) CanRunJobs() bool { return a != nil && a.System }
