package demo

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"strings"

	"github.com/salkku/salkku"
)

// DemoUser is one sign-in of the demo, with the role it shows.
type DemoUser struct {
	Email, Name, Role string
}

// demoUsers are the demo's accounts: one per role. The portfolio roles are
// on the Naantali portfolio, except the steering group, which steers the
// Kainuu portfolio; the project manager manages KaRa.
var demoUsers = []DemoUser{
	{"admin@demo.invalid", "Demo Pääkäyttäjä", "admin"},
	{"omistaja@demo.invalid", "Demo Salkunomistaja", salkku.RolePortfolioOwner},
	{"hanketoimisto@demo.invalid", "Demo Hanketoimisto", salkku.RoleProjectOffice},
	{"hankepaallikko@demo.invalid", "Demo Hankepäällikkö", salkku.RoleProjectManager},
	{"ohjausryhma@demo.invalid", "Demo Ohjausryhmän jäsen", salkku.RoleSteeringGroup},
	{"katselija@demo.invalid", "Demo Katselija", salkku.RoleViewer},
}

// Users creates the demo's sign-ins, one per role, or resets their
// password when they exist, and returns the users and the password they
// share (fresh at every call, so it is never a known default).
func Users(ctx context.Context, r salkku.Register, us salkku.UserService) ([]DemoUser, string, error) {
	b := make([]byte, 10)
	if _, err := rand.Read(b); err != nil {
		return nil, "", err
	}
	pw := "demo-" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))

	naantali, kainuu, kara, err := demoTargets(ctx, r)
	if err != nil {
		return nil, "", err
	}
	for _, du := range demoUsers {
		u, err := us.FindUserByEmail(ctx, du.Email)
		switch salkku.ErrorCode(err) {
		case "":
			if err := us.SetPassword(ctx, u.ID, pw); err != nil {
				return nil, "", err
			}
			continue
		case salkku.ENOTFOUND:
		default:
			return nil, "", err
		}
		u = &salkku.User{Email: du.Email, Name: du.Name, Admin: du.Role == "admin"}
		if err := us.CreateUser(ctx, u, pw); err != nil {
			return nil, "", fmt.Errorf("demo: user %s: %w", du.Email, err)
		}
		g := &salkku.Grant{UserID: u.ID, Role: du.Role}
		switch du.Role {
		case "admin":
			continue
		case salkku.RoleProjectManager:
			g.ProjectID = &kara
		case salkku.RoleSteeringGroup:
			g.PortfolioID = &kainuu
		default:
			g.PortfolioID = &naantali
		}
		if err := us.CreateGrant(ctx, g); err != nil {
			return nil, "", fmt.Errorf("demo: grant %s: %w", du.Email, err)
		}
	}
	return demoUsers, pw, nil
}

// demoTargets finds the demo's Naantali and Kainuu portfolios and the
// KaRa project.
func demoTargets(ctx context.Context, r salkku.Register) (naantali, kainuu, kara int64, err error) {
	pfs, _, err := r.FindPortfolios(ctx, salkku.PortfolioFilter{Page: salkku.Page{Limit: salkku.MaxPageSize}})
	if err != nil {
		return 0, 0, 0, err
	}
	for _, p := range pfs {
		switch {
		case strings.HasPrefix(p.OrganisationName.FI, "Naantali") && naantali == 0:
			naantali = p.ID
		case strings.HasPrefix(p.OrganisationName.FI, "Kainuu") && kainuu == 0:
			kainuu = p.ID
		}
	}
	ps, _, err := r.FindProjects(ctx, salkku.ProjectFilter{Query: "kara", PortfolioID: &kainuu})
	if err != nil {
		return 0, 0, 0, err
	}
	for _, p := range ps {
		if p.Code == "KaRa" {
			kara = p.ID
		}
	}
	if naantali == 0 || kainuu == 0 || kara == 0 {
		return 0, 0, 0, fmt.Errorf("demo: the demo portfolios are not in the database")
	}
	return naantali, kainuu, kara, nil
}
