// Package gen makes a synthetic portfolio register, deterministic for a
// seed, shaped like the seed documents: organisations with a portfolio and
// sub-portfolios each, categories in order, numbered projects with month
// ranges, statuses, vendors and tags, trees of work packages (osa-alue →
// työpaketti → a/b/c), people and users with roles. It touches no
// database: it returns a salkku.Dataset for a store to write
// (sqldb.DB.LoadDataset).
package gen

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/salkku/salkku"
)

// Scale is the size of a generated register.
type Scale struct {
	Name          string
	Organisations int
	// SubPortfolios is how many sub-portfolios each organisation's
	// portfolio has.
	SubPortfolios int
	Projects      int
	WorkPackages  int
	People        int
	Users         int
}

// Scales are the named sizes: national is the shape of issue 12, city one
// city's register, region a wellbeing services county with its
// municipalities; tiny is for tests.
var Scales = []Scale{
	{Name: "tiny", Organisations: 2, SubPortfolios: 2, Projects: 60, WorkPackages: 240, People: 40, Users: 12},
	{Name: "city", Organisations: 1, SubPortfolios: 8, Projects: 1000, WorkPackages: 4000, People: 700, Users: 70},
	{Name: "region", Organisations: 20, SubPortfolios: 3, Projects: 8000, WorkPackages: 32000, People: 5000, Users: 500},
	{Name: "national", Organisations: 300, SubPortfolios: 2, Projects: 30000, WorkPackages: 120000, People: 20000, Users: 2000},
}

// ScaleByName returns the named scale.
func ScaleByName(name string) (Scale, bool) {
	for _, s := range Scales {
		if s.Name == name {
			return s, true
		}
	}
	return Scale{}, false
}

// BaseTime is the fixed time the generated records are created after, so
// that a seed gives the same rows on every run.
var BaseTime = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// Today is the month against which generated statuses are set: projects
// that ended before it are closed, those that started are active.
var Today = salkku.NewMonth(2026, 11)

// managerPool is how many of an organisation's first people manage its
// projects; its users are among them, so that project-manager grants
// follow.
const managerPool = 15

// generator holds the state of one run.
type generator struct {
	s  Scale
	r  *rand.Rand
	ds *salkku.Dataset
	// orgPeople are the ids of each organisation's people, in order.
	orgPeople [][]int64
	// orgPortfolios are each organisation's portfolios, the top one first.
	orgPortfolios [][]*salkku.Portfolio
	// portfolioCategories are each portfolio's categories by position.
	portfolioCategories map[int64][]*salkku.Category
	emails              map[string]int
}

// Generate makes the register of the scale for the seed. The same scale
// and seed give the same rows.
func Generate(s Scale, seed uint64) *salkku.Dataset {
	g := &generator{
		s:                   s,
		r:                   rand.New(rand.NewPCG(seed, 0x5a1cc0)),
		ds:                  &salkku.Dataset{},
		portfolioCategories: map[int64][]*salkku.Category{},
		emails:              map[string]int{},
	}
	g.organisations()
	g.people()
	g.portfolios()
	g.projects()
	g.workPackages()
	g.users()
	g.gates()
	g.reports()
	g.finance()
	return g.ds
}

// meta returns the Meta of a record created some time in the year after
// BaseTime and changed up to a month later.
func (g *generator) meta(id int64) salkku.Meta {
	created := BaseTime.Add(time.Duration(g.r.IntN(365*24*60)) * time.Minute)
	updated := created.Add(time.Duration(g.r.IntN(30*24*60)) * time.Minute)
	return salkku.Meta{ID: id, Version: 1, CreatedAt: created, UpdatedAt: updated}
}

func (g *generator) pick(list []string) string { return list[g.r.IntN(len(list))] }

// pickN returns up to n distinct items of list, in list order.
func (g *generator) pickN(list []string, n int) []string {
	if n > len(list) {
		n = len(list)
	}
	idx := g.r.Perm(len(list))[:n]
	out := make([]string, 0, n)
	for i, v := range list {
		for _, j := range idx {
			if i == j {
				out = append(out, v)
			}
		}
	}
	return out
}

// pickIDs returns up to n distinct ids of ids, in the order drawn.
func (g *generator) pickIDs(ids []int64, n int) []int64 {
	if n > len(ids) {
		n = len(ids)
	}
	out := make([]int64, 0, n)
	for _, j := range g.r.Perm(len(ids))[:n] {
		out = append(out, ids[j])
	}
	return out
}

// share splits total into n parts that differ by at most one.
func share(total, n, i int) int {
	v := total / n
	if i < total%n {
		v++
	}
	return v
}

func (g *generator) organisations() {
	for i := 0; i < g.s.Organisations; i++ {
		name := places[i%len(places)] + " " + bodies[(i/len(places))%len(bodies)]
		if round := i / (len(places) * len(bodies)); round > 0 {
			name += fmt.Sprintf(" %d", round+1)
		}
		g.ds.Organisations = append(g.ds.Organisations, &salkku.Organisation{
			Meta: g.meta(int64(i + 1)), Name: salkku.T(name), BusinessID: businessID(1000000 + i*7919),
		})
	}
}

// businessID returns a valid Y-tunnus at or after the number n (seven
// digits); numbers whose check digit would be 1 have none and are skipped.
func businessID(n int) string {
	weights := []int{7, 9, 10, 5, 8, 4, 2}
	for ; ; n++ {
		digits := fmt.Sprintf("%07d", n%10000000)
		sum := 0
		for i := range 7 {
			sum += int(digits[i]-'0') * weights[i]
		}
		switch r := sum % 11; r {
		case 0:
			return digits + "-0"
		case 1:
			continue
		default:
			return fmt.Sprintf("%s-%d", digits, 11-r)
		}
	}
}

// ascii spells a Finnish name for an e-mail address.
var ascii = strings.NewReplacer("ä", "a", "ö", "o", "å", "a", "Ä", "a", "Ö", "o", "Å", "a", " ", "", "-", "")

func (g *generator) people() {
	g.orgPeople = make([][]int64, g.s.Organisations)
	id := int64(0)
	for o := 0; o < g.s.Organisations; o++ {
		org := g.ds.Organisations[o]
		domain := domains[o%len(domains)] + ".example.fi"
		for range share(g.s.People, g.s.Organisations, o) {
			id++
			first, last := g.pick(firstNames), g.pick(lastNames)
			local := strings.ToLower(ascii.Replace(first) + "." + ascii.Replace(last))
			email := local + "@" + domain
			if n := g.emails[email]; n > 0 {
				email = fmt.Sprintf("%s%d@%s", local, n+1, domain)
			}
			g.emails[local+"@"+domain]++
			orgID := org.ID
			g.ds.People = append(g.ds.People, &salkku.Person{
				Meta: g.meta(id), OrganisationID: &orgID, Name: first + " " + last, Email: email, Title: g.pick(titles),
			})
			g.orgPeople[o] = append(g.orgPeople[o], id)
		}
	}
}

func (g *generator) portfolios() {
	g.orgPortfolios = make([][]*salkku.Portfolio, g.s.Organisations)
	id, catID := int64(0), int64(0)
	for o, org := range g.ds.Organisations {
		people := g.orgPeople[o]
		var top *salkku.Portfolio
		for k := 0; k <= g.s.SubPortfolios; k++ {
			id++
			p := &salkku.Portfolio{Meta: g.meta(id), OrganisationID: org.ID, Description: salkku.T(g.pick(portfolioDescriptions))}
			if k == 0 {
				p.Name = salkku.T("Kehittämissalkku – " + org.Name.FI)
				top = p
			} else {
				name := serviceAreas[(o+k-1)%len(serviceAreas)]
				if k > len(serviceAreas) {
					name += fmt.Sprintf(" %d", k)
				}
				p.Name = salkku.T(name)
				parent := top.ID
				p.ParentID = &parent
			}
			if len(people) > 0 {
				owner := people[g.r.IntN(len(people))]
				p.OwnerID = &owner
				p.BoardIDs = g.pickIDs(people, 2+g.r.IntN(4))
			}
			g.ds.Portfolios = append(g.ds.Portfolios, p)
			g.orgPortfolios[o] = append(g.orgPortfolios[o], p)
			// Chapters are numbered from 1, or from 2 in every third
			// portfolio, whose plan opens with an introduction as seed
			// 000's does; chosen by id, so the draws stay as they were.
			first := 1
			if p.ID%3 == 0 {
				first = 2
			}
			for pos, name := range g.pickN(categories, 3+g.r.IntN(4)) {
				catID++
				c := &salkku.Category{Meta: g.meta(catID), PortfolioID: p.ID, Name: salkku.T(name),
					Description: salkku.T(g.pick(categoryDescriptions)), Position: pos + 1, Chapter: first + pos}
				g.ds.Categories = append(g.ds.Categories, c)
				g.portfolioCategories[p.ID] = append(g.portfolioCategories[p.ID], c)
			}
		}
	}
}

// schedule draws a month range: most have both ends, some are open-ended,
// continuous, open at the start, or have no dates.
func (g *generator) schedule() salkku.Schedule {
	start := salkku.NewMonth(2017, 1) + salkku.Month(g.r.IntN(11*12))
	end := start + salkku.Month(g.r.IntN(36))
	switch x := g.r.IntN(100); {
	case x < 8:
		return salkku.Schedule{Start: start, Continuous: true}
	case x < 10:
		return salkku.Schedule{Continuous: true}
	case x < 15:
		return salkku.Schedule{Start: start}
	case x < 18:
		return salkku.Schedule{End: end}
	case x < 20:
		return salkku.Schedule{}
	}
	return salkku.Schedule{Start: start, End: end}
}

// status follows the schedule against Today; a few are cancelled.
func (g *generator) status(s salkku.Schedule) string {
	switch {
	case g.r.IntN(100) < 3:
		return salkku.StatusCancelled
	case !s.End.IsZero() && s.End < Today:
		return salkku.StatusClosed
	case !s.Start.IsZero() && s.Start > Today:
		return salkku.StatusProposed
	case s.Start.IsZero() && s.End.IsZero() && !s.Continuous:
		return salkku.StatusProposed
	}
	return salkku.StatusActive
}

func (g *generator) projects() {
	// Each portfolio numbers its projects per category ("2.1", "2.2"),
	// and those without one as "P1", "P2".
	type counters struct{ byCat, none map[int64]int }
	next := map[int64]*counters{}
	for i := 0; i < g.s.Projects; i++ {
		o := g.r.IntN(g.s.Organisations)
		pfs := g.orgPortfolios[o]
		pf := pfs[g.r.IntN(len(pfs))]
		cn := next[pf.ID]
		if cn == nil {
			cn = &counters{byCat: map[int64]int{}, none: map[int64]int{}}
			next[pf.ID] = cn
		}
		p := &salkku.Project{Meta: g.meta(int64(i + 1)), PortfolioID: pf.ID}
		if cats := g.portfolioCategories[pf.ID]; len(cats) > 0 && g.r.IntN(100) < 92 {
			c := cats[g.r.IntN(len(cats))]
			cid := c.ID
			p.CategoryID = &cid
			cn.byCat[c.ID]++
			p.Code = fmt.Sprintf("%d.%d", c.Position, cn.byCat[c.ID])
		} else {
			cn.none[0]++
			p.Code = fmt.Sprintf("P%d", cn.none[0])
		}
		name := g.pick(objects) + " " + g.pick(actions)
		if g.r.IntN(10) == 0 {
			name += g.pick(nameSuffixes)
		}
		p.Name = salkku.T(name)
		if g.r.IntN(20) > 0 {
			var desc []string
			for range 1 + g.r.IntN(3) {
				desc = append(desc, g.pick(sentences))
			}
			p.Description = salkku.T(strings.Join(desc, " "))
		}
		people := g.orgPeople[o]
		if len(people) > 0 {
			owner := people[g.r.IntN(len(people))]
			p.OwnerID = &owner
			if g.r.IntN(10) > 0 {
				m := people[g.r.IntN(min(managerPool, len(people)))]
				p.ManagerID = &m
			}
			if g.r.IntN(2) == 0 {
				so := people[g.r.IntN(len(people))]
				p.ServiceOwnerID = &so
			}
		}
		p.Vendors = g.pickN(vendors, max(0, g.r.IntN(4)-1))
		p.Tags = g.pickN(tags, max(0, g.r.IntN(5)-2))
		p.Schedule = g.schedule()
		p.Mandatory = g.r.IntN(100) < 15
		p.Status = g.status(p.Schedule)
		g.ds.Projects = append(g.ds.Projects, p)
	}
}

// workPackages gives about three projects in four a tree, WorkPackages in
// all.
func (g *generator) workPackages() {
	n := len(g.ds.Projects)
	if n == 0 {
		return
	}
	sizes := make([]int, n)
	left := g.s.WorkPackages
	for i := range sizes {
		if g.r.IntN(4) == 0 {
			continue
		}
		sizes[i] = min(left, 1+g.r.IntN(10))
		left -= sizes[i]
	}
	for ; left > 0; left-- {
		sizes[g.r.IntN(n)]++
	}
	id := int64(0)
	for i, p := range g.ds.Projects {
		id = g.tree(p, sizes[i], id)
	}
}

// tree makes a project's tree of size work packages, numbering from
// id+1, and returns the last id: osa-alueet "OA1", työpaketit "OA1 TP2"
// under them and sub-packages "OA1 TP2 a" under those, parents before
// children.
func (g *generator) tree(p *salkku.Project, size int, id int64) int64 {
	type node struct {
		w        *salkku.WorkPackage
		depth    int
		children int
	}
	var nodes []*node
	roots := 0
	people := g.orgPeople[g.orgOfPortfolio(p.PortfolioID)]
	for range size {
		var parent *node
		if len(nodes) > 0 && (roots >= 6 || g.r.IntN(5) > 0) {
			// A random node that may still have children.
			for tries := 0; tries < 8 && parent == nil; tries++ {
				if c := nodes[g.r.IntN(len(nodes))]; c.depth < 2 {
					parent = c
				}
			}
		}
		id++
		w := &salkku.WorkPackage{Meta: g.meta(id), ProjectID: p.ID}
		n := &node{w: w}
		if parent == nil {
			roots++
			w.Position = roots
			w.Code = fmt.Sprintf("OA%d", roots)
			w.Name = salkku.T(g.pick(osaAlueet))
		} else {
			parent.children++
			pid := parent.w.ID
			w.ParentID = &pid
			w.Position = parent.children
			n.depth = parent.depth + 1
			if n.depth == 1 {
				w.Code = fmt.Sprintf("%s TP%d", parent.w.Code, w.Position)
			} else {
				w.Code = parent.w.Code + " " + letter(w.Position)
			}
			w.Name = salkku.T(g.pick(tyopaketit))
		}
		if g.r.IntN(2) == 0 {
			w.Description = salkku.T(g.pick(sentences))
		}
		if g.r.IntN(10) == 0 {
			w.Tags = []string{"H"}
		} else {
			w.Tags = []string{}
		}
		w.ResponsibleIDs = g.pickIDs(people, g.r.IntN(3))
		nodes = append(nodes, n)
		g.ds.WorkPackages = append(g.ds.WorkPackages, w)
	}
	return id
}

// letter names the nth sub-package: a, b, … z, then a2, b2, ….
func letter(n int) string {
	s := string(rune('a' + (n-1)%26))
	if n > 26 {
		s += fmt.Sprint((n-1)/26 + 1)
	}
	return s
}

func (g *generator) orgOfPortfolio(id int64) int {
	// Portfolios are numbered organisation by organisation.
	return int((id - 1) / int64(g.s.SubPortfolios+1))
}

// users makes each organisation's first people users: an owner, a
// project office, a steering group member and a viewer of the
// organisation's portfolio, and project managers of the projects they
// manage; the first two users are admins as well.
func (g *generator) users() {
	managed := map[int64][]int64{} // person → projects managed, in id order
	for _, p := range g.ds.Projects {
		if p.ManagerID != nil {
			managed[*p.ManagerID] = append(managed[*p.ManagerID], p.ID)
		}
	}
	uid, gid := int64(0), int64(0)
	grant := func(user int64, role string, portfolio, project *int64) {
		gid++
		g.ds.Grants = append(g.ds.Grants, &salkku.Grant{ID: gid, UserID: user, Role: role,
			PortfolioID: portfolio, ProjectID: project, CreatedAt: BaseTime})
	}
	for o := 0; o < g.s.Organisations; o++ {
		people := g.orgPeople[o]
		pfs := g.orgPortfolios[o]
		n := min(len(people), share(g.s.Users, g.s.Organisations, o))
		for j := 0; j < n; j++ {
			person := g.ds.People[people[j]-1]
			uid++
			pid := person.ID
			u := &salkku.User{Meta: g.meta(uid), Email: person.Email, Name: person.Name, Admin: uid <= 2, PersonID: &pid}
			g.ds.Users = append(g.ds.Users, u)
			top := pfs[0].ID
			sub := pfs[min(1+j%max(1, len(pfs)-1), len(pfs)-1)].ID
			switch {
			case j == 0:
				grant(uid, salkku.RolePortfolioOwner, &top, nil)
			case j == 1:
				grant(uid, salkku.RoleProjectOffice, &top, nil)
			case j == 2:
				grant(uid, salkku.RoleSteeringGroup, &top, nil)
			case j == 3 || len(managed[person.ID]) == 0:
				grant(uid, salkku.RoleViewer, &sub, nil)
			default:
				for _, pid := range managed[person.ID] {
					grant(uid, salkku.RoleProjectManager, nil, &pid)
				}
			}
		}
	}
}
