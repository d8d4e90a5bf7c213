package salkku_test

import (
	"reflect"
	"testing"

	"github.com/salkku/salkku"
)

// The portfolio tree of these tests: 1 (city) → 2 (sote) → 3 (digi); 4 apart.
// Projects: 10 in portfolio 2, 11 in portfolio 3, 12 in portfolio 4.
var (
	testParents          = map[int64]*int64{1: nil, 2: ptr(1), 3: ptr(2), 4: nil}
	testProjectPortfolio = map[int64]int64{10: 2, 11: 3, 12: 4}
	// Portfolios 1–3 belong to organisation 100, portfolio 4 to 200.
	testOrgOf = map[int64]int64{1: 100, 2: 100, 3: 100, 4: 200}
)

func accessOf(admin bool, grants ...*salkku.Grant) *salkku.Access {
	return salkku.ExpandGrants(7, admin, grants, testParents, testOrgOf, testProjectPortfolio)
}

func onPortfolio(role string, id int64) *salkku.Grant {
	return &salkku.Grant{UserID: 7, Role: role, PortfolioID: &id}
}

func TestExpandGrantsInherits(t *testing.T) {
	a := accessOf(false, onPortfolio(salkku.RoleViewer, 1), onPortfolio(salkku.RoleProjectOffice, 2),
		&salkku.Grant{UserID: 7, Role: salkku.RoleProjectManager, ProjectID: ptr(12)})
	for _, tc := range []struct {
		portfolio int64
		want      string
	}{
		{1, salkku.RoleViewer},
		{2, salkku.RoleProjectOffice}, // the stronger of viewer (inherited) and office
		{3, salkku.RoleProjectOffice}, // inherited from 2
		{4, ""},                       // only a project in it is managed
	} {
		if got := a.Portfolios[tc.portfolio]; got != tc.want {
			t.Errorf("portfolio %d: got %q, want %q", tc.portfolio, got, tc.want)
		}
	}
	if a.Projects[12] != 4 {
		t.Errorf("managed projects: got %v, want 12 → 4", a.Projects)
	}
}

// TestExpandGrantsPartialTree: the store passes only the granted
// portfolios and what lies below them (the ancestors of a granted
// portfolio are not needed), and the organisations of managed projects'
// portfolios; the Access is the same as over the whole tree.
func TestExpandGrantsPartialTree(t *testing.T) {
	for _, tc := range []struct {
		name    string
		grants  []*salkku.Grant
		parents map[int64]*int64 // the part of the tree the store reads
		orgOf   map[int64]int64
	}{
		{"office on 2", []*salkku.Grant{onPortfolio(salkku.RoleProjectOffice, 2)},
			map[int64]*int64{2: ptr(1), 3: ptr(2)}, map[int64]int64{2: 100, 3: 100}},
		{"viewer on 1, owner on 3", []*salkku.Grant{onPortfolio(salkku.RoleViewer, 1), onPortfolio(salkku.RolePortfolioOwner, 3)},
			map[int64]*int64{1: nil, 2: ptr(1), 3: ptr(2)}, map[int64]int64{1: 100, 2: 100, 3: 100}},
		{"manager of 12 only", []*salkku.Grant{{UserID: 7, Role: salkku.RoleProjectManager, ProjectID: ptr(12)}},
			map[int64]*int64{}, map[int64]int64{4: 200}},
		{"steering on 3, manager of 10", []*salkku.Grant{onPortfolio(salkku.RoleSteeringGroup, 3), {UserID: 7, Role: salkku.RoleProjectManager, ProjectID: ptr(10)}},
			map[int64]*int64{3: ptr(2)}, map[int64]int64{3: 100, 2: 100}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := accessOf(false, tc.grants...)
			got := salkku.ExpandGrants(7, false, tc.grants, tc.parents, tc.orgOf, testProjectPortfolio)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %+v, want %+v", got, want)
			}
		})
	}
}

// TestAccessMatrix is the permission matrix of access.go, role by role.
func TestAccessMatrix(t *testing.T) {
	p10 := &salkku.Project{Meta: salkku.Meta{ID: 10}, PortfolioID: 2}
	p11 := &salkku.Project{Meta: salkku.Meta{ID: 11}, PortfolioID: 3}
	p12 := &salkku.Project{Meta: salkku.Meta{ID: 12}, PortfolioID: 4}
	sub := &salkku.Portfolio{Meta: salkku.Meta{ID: 3}, ParentID: ptr(2)}
	top := &salkku.Portfolio{Meta: salkku.Meta{ID: 1}}
	checks := []struct {
		name string
		fn   func(a *salkku.Access) bool
	}{
		{"view portfolio 2", func(a *salkku.Access) bool { return a.CanViewPortfolio(2) }},
		{"view sub-portfolio 3", func(a *salkku.Access) bool { return a.CanViewPortfolio(3) }},
		{"view portfolio 4", func(a *salkku.Access) bool { return a.CanViewPortfolio(4) }},
		{"view project 10", func(a *salkku.Access) bool { return a.CanViewProject(p10) }},
		{"view project 12", func(a *salkku.Access) bool { return a.CanViewProject(p12) }},
		{"edit portfolio 2", func(a *salkku.Access) bool { return a.CanEditPortfolio(2) }},
		{"create sub-portfolio of 2", func(a *salkku.Access) bool { return a.CanCreatePortfolio(ptr(2)) }},
		{"create top-level portfolio", func(a *salkku.Access) bool { return a.CanCreatePortfolio(nil) }},
		{"delete sub-portfolio 3", func(a *salkku.Access) bool { return a.CanDeletePortfolio(sub) }},
		{"delete top-level portfolio", func(a *salkku.Access) bool { return a.CanDeletePortfolio(top) }},
		{"categories of 2", func(a *salkku.Access) bool { return a.CanManageCategories(2) }},
		{"create project in 2", func(a *salkku.Access) bool { return a.CanCreateProject(2) }},
		{"edit project 10", func(a *salkku.Access) bool { return a.CanEditProject(p10) }},
		{"edit project 11", func(a *salkku.Access) bool { return a.CanEditProject(p11) }},
		{"delete project 10", func(a *salkku.Access) bool { return a.CanDeleteProject(p10) }},
		{"manage people", func(a *salkku.Access) bool { return a.CanManagePeople() }},
		{"administer", func(a *salkku.Access) bool { return a.CanAdminister() }},
	}
	roles := []struct {
		name   string
		access *salkku.Access
		// want lists, in the order of checks, what the role may do.
		want string
	}{
		//                                                                            view2 view3 view4 vp10 vp12 edit2 sub2 top delsub deltop cat2 cp2 ep10 ep11 dp10 people admin
		{"admin", accessOf(true), "11111" + "11111" + "1111111"},
		{"owner of 2", accessOf(false, onPortfolio(salkku.RolePortfolioOwner, 2)), "11010" + "11010" + "1111110"},
		{"office of 2", accessOf(false, onPortfolio(salkku.RoleProjectOffice, 2)), "11010" + "00000" + "1111110"},
		{"manager of 10", accessOf(false, &salkku.Grant{UserID: 7, Role: salkku.RoleProjectManager, ProjectID: ptr(10)}), "10010" + "00000" + "0010000"},
		{"steering group of 2", accessOf(false, onPortfolio(salkku.RoleSteeringGroup, 2)), "11010" + "00000" + "0000000"},
		{"viewer of 2", accessOf(false, onPortfolio(salkku.RoleViewer, 2)), "11010" + "00000" + "0000000"},
		{"viewer of 4", accessOf(false, onPortfolio(salkku.RoleViewer, 4)), "00101" + "00000" + "0000000"},
		{"no roles", accessOf(false), "00000" + "00000" + "0000000"},
		{"nil access", nil, "00000" + "00000" + "0000000"},
	}
	for _, r := range roles {
		t.Run(r.name, func(t *testing.T) {
			if len(r.want) != len(checks) {
				t.Fatalf("matrix row has %d entries, want %d", len(r.want), len(checks))
			}
			for i, c := range checks {
				if got, want := c.fn(r.access), r.want[i] == '1'; got != want {
					t.Errorf("%s: got %v, want %v", c.name, got, want)
				}
			}
		})
	}
}

func TestGrantValidate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		g     salkku.Grant
		field string
	}{
		{"ok portfolio role", salkku.Grant{UserID: 1, Role: salkku.RoleViewer, PortfolioID: ptr(1)}, ""},
		{"ok manager", salkku.Grant{UserID: 1, Role: salkku.RoleProjectManager, ProjectID: ptr(1)}, ""},
		{"manager without project", salkku.Grant{UserID: 1, Role: salkku.RoleProjectManager}, "project_id"},
		{"viewer on a project", salkku.Grant{UserID: 1, Role: salkku.RoleViewer, PortfolioID: ptr(1), ProjectID: ptr(1)}, "project_id"},
		{"unknown role", salkku.Grant{UserID: 1, Role: "king", PortfolioID: ptr(1)}, "role"},
		{"no user", salkku.Grant{Role: salkku.RoleViewer, PortfolioID: ptr(1)}, "user_id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.g.Validate()
			if tc.field == "" {
				if err != nil {
					t.Fatalf("got %v, want nil", err)
				}
				return
			}
			e, ok := err.(*salkku.Error)
			if !ok || e.Fields[tc.field] == "" {
				t.Fatalf("got %v, want an error on %s", err, tc.field)
			}
		})
	}
}

func TestValidatePassword(t *testing.T) {
	for _, tc := range []struct {
		pw string
		ok bool
	}{{"lyhyt", false}, {"kaksitoista1", true}, {"ääääääääääää", true}, {"ääääääääääa", false}} {
		if err := salkku.ValidatePassword(tc.pw); (err == nil) != tc.ok {
			t.Errorf("ValidatePassword(%q) = %v, want ok=%v", tc.pw, err, tc.ok)
		}
	}
}

// TestAccessPeople: people are seen and managed within the user's own
// organisations (100 holds portfolios 1–3, 200 holds portfolio 4).
func TestAccessPeople(t *testing.T) {
	org100, org200 := ptr(100), ptr(200)
	for _, tc := range []struct {
		name                                  string
		access                                *salkku.Access
		view100, view200, viewNone            bool
		manage100, manage200, manageNone, any bool
	}{
		{"admin", accessOf(true), true, true, true, true, true, true, true},
		{"owner of 2", accessOf(false, onPortfolio(salkku.RolePortfolioOwner, 2)), true, false, true, true, false, true, true},
		{"office of 4", accessOf(false, onPortfolio(salkku.RoleProjectOffice, 4)), false, true, true, false, true, true, true},
		{"viewer of 1", accessOf(false, onPortfolio(salkku.RoleViewer, 1)), true, false, true, false, false, false, false},
		{"manager of 12", accessOf(false, &salkku.Grant{UserID: 7, Role: salkku.RoleProjectManager, ProjectID: ptr(12)}), false, true, true, false, false, false, false},
		{"no roles", accessOf(false), false, false, true, false, false, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := tc.access
			for _, c := range []struct {
				what      string
				got, want bool
			}{
				{"view people of 100", a.CanViewPerson(org100), tc.view100},
				{"view people of 200", a.CanViewPerson(org200), tc.view200},
				{"view people of none", a.CanViewPerson(nil), tc.viewNone},
				{"manage people of 100", a.CanManagePerson(org100), tc.manage100},
				{"manage people of 200", a.CanManagePerson(org200), tc.manage200},
				{"manage people of none", a.CanManagePerson(nil), tc.manageNone},
				{"manage some people", a.CanManagePeople(), tc.any},
			} {
				if c.got != c.want {
					t.Errorf("%s: got %v, want %v", c.what, c.got, c.want)
				}
			}
			vis := a.PeopleVisibility()
			if tc.name == "admin" && vis != nil {
				t.Errorf("an admin's people are limited to %v", vis)
			}
		})
	}
}
