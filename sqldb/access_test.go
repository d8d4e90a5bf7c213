package sqldb_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/sqldb/sqldbtest"
)

const testPassword = "kaksitoista merkkiä"

func TestUsersAndSessions(t *testing.T) {
	for _, engine := range sqldbtest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := salkku.System(context.Background())
			db := sqldbtest.MustOpen(t, engine)
			u := &salkku.User{Email: "Kristiina.Taskinen@Kainuu.fi", Name: "Kristiina Taskinen"}
			if err := db.CreateUser(ctx, u, testPassword); err != nil {
				t.Fatal(err)
			}
			if u.Email != "kristiina.taskinen@kainuu.fi" || !u.HasPassword {
				t.Fatalf("created user %+v", u)
			}
			t.Run("ErrEmailTaken", func(t *testing.T) {
				err := db.CreateUser(ctx, &salkku.User{Email: "KRISTIINA.taskinen@kainuu.fi", Name: "x"}, "")
				if salkku.ErrorCode(err) != salkku.ECONFLICT {
					t.Fatalf("got %v, want ECONFLICT", err)
				}
			})
			t.Run("ErrPasswordShort", func(t *testing.T) {
				err := db.CreateUser(ctx, &salkku.User{Email: "a@b.fi", Name: "A"}, "lyhyt")
				if e, ok := err.(*salkku.Error); !ok || e.Fields["password"] != "error.password_short" {
					t.Fatalf("got %v", err)
				}
			})
			t.Run("Authenticate", func(t *testing.T) {
				got, err := db.Authenticate(ctx, " kristiina.taskinen@KAINUU.fi ", testPassword, "10.0.0.1")
				if err != nil || got.ID != u.ID || got.LastLoginAt == nil {
					t.Fatalf("got %+v, %v", got, err)
				}
				for _, tc := range []struct{ email, pw string }{{u.Email, "väärä salasana"}, {"nobody@kainuu.fi", testPassword}} {
					_, err := db.Authenticate(ctx, tc.email, tc.pw, "10.0.0.1")
					if salkku.ErrorCode(err) != salkku.EUNAUTHORIZED || salkku.ErrorMessage(err) != "error.login_failed" {
						t.Fatalf("%s: got %v, want the generic login error", tc.email, err)
					}
				}
			})
			t.Run("Throttle", func(t *testing.T) {
				v := &salkku.User{Email: "throttle@kainuu.fi", Name: "T"}
				if err := db.CreateUser(ctx, v, testPassword); err != nil {
					t.Fatal(err)
				}
				for i := 0; i < salkku.MaxFailuresPerEmail; i++ {
					db.Authenticate(ctx, v.Email, "väärä salasana", "10.0.0.2")
				}
				// Even the right password is refused now.
				if _, err := db.Authenticate(ctx, v.Email, testPassword, "10.0.0.2"); salkku.ErrorCode(err) != salkku.ETOOMANY {
					t.Fatalf("got %v, want ETOOMANY", err)
				}
				// Fifteen minutes later it works again.
				db.Now = func() time.Time { return time.Now().Add(salkku.LoginWindow + time.Minute) }
				defer func() { db.Now = time.Now }()
				if _, err := db.Authenticate(ctx, v.Email, testPassword, "10.0.0.2"); err != nil {
					t.Fatalf("after the window: %v", err)
				}
			})
			t.Run("ThrottleParallel", func(t *testing.T) {
				v := &salkku.User{Email: "parallel@kainuu.fi", Name: "P"}
				if err := db.CreateUser(ctx, v, testPassword); err != nil {
					t.Fatal(err)
				}
				// Twenty guesses at once: each counts before its check, so
				// no more than the limit get as far as a password check.
				errs := make(chan error, 20)
				for i := 0; i < 20; i++ {
					go func() {
						_, err := db.Authenticate(ctx, v.Email, "väärä salasana", "10.0.1.1")
						errs <- err
					}()
				}
				checked := 0
				for i := 0; i < 20; i++ {
					switch err := <-errs; salkku.ErrorCode(err) {
					case salkku.EUNAUTHORIZED:
						checked++
					case salkku.ETOOMANY:
					default:
						t.Fatalf("unexpected %v", err)
					}
				}
				if checked > salkku.MaxFailuresPerEmail {
					t.Fatalf("%d guesses were checked, want at most %d", checked, salkku.MaxFailuresPerEmail)
				}
			})
			t.Run("Session", func(t *testing.T) {
				secret, s, err := db.CreateSession(ctx, u.ID)
				if err != nil || len(secret) < 40 || s.CSRF == "" {
					t.Fatalf("session %q %+v %v", secret, s, err)
				}
				got, gu, err := db.FindSession(ctx, secret)
				if err != nil || got.UserID != u.ID || gu.ID != u.ID || got.CSRF != s.CSRF {
					t.Fatalf("find session: %+v %+v %v", got, gu, err)
				}
				if _, _, err := db.FindSession(ctx, secret+"x"); salkku.ErrorCode(err) != salkku.EUNAUTHORIZED {
					t.Fatalf("wrong secret: %v", err)
				}
				db.Now = func() time.Time { return time.Now().Add(salkku.SessionIdle + time.Minute) }
				_, _, err = db.FindSession(ctx, secret)
				db.Now = time.Now
				if salkku.ErrorCode(err) != salkku.EUNAUTHORIZED {
					t.Fatalf("idle session: %v", err)
				}
				secret, _, _ = db.CreateSession(ctx, u.ID)
				if err := db.DeleteSession(ctx, secret); err != nil {
					t.Fatal(err)
				}
				if _, _, err := db.FindSession(ctx, secret); salkku.ErrorCode(err) != salkku.EUNAUTHORIZED {
					t.Fatalf("after logout: %v", err)
				}
			})
			t.Run("DisabledUserLosesSessions", func(t *testing.T) {
				w := &salkku.User{Email: "disabled@kainuu.fi", Name: "D"}
				db.CreateUser(ctx, w, testPassword)
				secret, _, _ := db.CreateSession(ctx, w.ID)
				w.Disabled = true
				if err := db.UpdateUser(ctx, w); err != nil {
					t.Fatal(err)
				}
				if _, _, err := db.FindSession(ctx, secret); salkku.ErrorCode(err) != salkku.EUNAUTHORIZED {
					t.Fatalf("session of a disabled user: %v", err)
				}
				if _, err := db.Authenticate(ctx, w.Email, testPassword, "10.0.0.3"); salkku.ErrorCode(err) != salkku.EUNAUTHORIZED {
					t.Fatalf("login of a disabled user: %v", err)
				}
			})
			t.Run("Tokens", func(t *testing.T) {
				tok := &salkku.APIToken{UserID: u.ID, Name: "Power BI"}
				secret, err := db.CreateToken(ctx, tok)
				if err != nil || !strings.HasPrefix(secret, "slk_"+tok.Prefix+"_") {
					t.Fatalf("token %q %+v %v", secret, tok, err)
				}
				if got, err := db.AuthenticateToken(ctx, secret); err != nil || got.ID != u.ID {
					t.Fatalf("authenticate: %+v %v", got, err)
				}
				for _, bad := range []string{"", "slk_", secret[:len(secret)-1] + "x", strings.Replace(secret, tok.Prefix, "aaaaaaaa", 1)} {
					if _, err := db.AuthenticateToken(ctx, bad); salkku.ErrorCode(err) != salkku.EUNAUTHORIZED {
						t.Fatalf("token %q: %v", bad, err)
					}
				}
				list, _ := db.FindTokens(ctx, u.ID)
				if len(list) != 1 || list[0].LastUsedAt == nil {
					t.Fatalf("tokens %+v", list)
				}
				// Using the token again within the minute writes nothing: an
				// API call is a read, not a write per request.
				first := *list[0].LastUsedAt
				if _, err := db.AuthenticateToken(ctx, secret); err != nil {
					t.Fatal(err)
				}
				if list, _ = db.FindTokens(ctx, u.ID); !list[0].LastUsedAt.Equal(first) {
					t.Fatalf("last used moved from %v to %v within a minute", first, list[0].LastUsedAt)
				}
				if err := db.RevokeToken(ctx, u.ID+1000, tok.ID); salkku.ErrorCode(err) != salkku.ENOTFOUND {
					t.Fatalf("revoking another user's token: %v", err)
				}
				if err := db.RevokeToken(ctx, u.ID, tok.ID); err != nil {
					t.Fatal(err)
				}
				if _, err := db.AuthenticateToken(ctx, secret); salkku.ErrorCode(err) != salkku.EUNAUTHORIZED {
					t.Fatalf("revoked token: %v", err)
				}
			})
			t.Run("SSO", func(t *testing.T) {
				id := salkku.Identity{Issuer: "https://idp.example", Subject: "abc", Email: "kristiina.taskinen@kainuu.fi", EmailVerified: true}
				got, err := db.LoginSSO(ctx, id, "10.0.0.4")
				if err != nil || got.ID != u.ID || !got.SSO {
					t.Fatalf("link by e-mail: %+v %v", got, err)
				}
				id.Email = "changed@kainuu.fi" // the link is by subject now
				if got, err = db.LoginSSO(ctx, id, "10.0.0.4"); err != nil || got.ID != u.ID {
					t.Fatalf("by subject: %+v %v", got, err)
				}
				nu, err := db.LoginSSO(ctx, salkku.Identity{Issuer: "https://idp.example", Subject: "new", Email: "uusi@kainuu.fi", Name: "Uusi", EmailVerified: true}, "")
				if err != nil || nu.ID == u.ID || nu.Name != "Uusi" || nu.HasPassword {
					t.Fatalf("new user: %+v %v", nu, err)
				}
				_, err = db.LoginSSO(ctx, salkku.Identity{Issuer: "https://idp.example", Subject: "x", Email: "kristiina.taskinen@kainuu.fi"}, "")
				if salkku.ErrorCode(err) != salkku.EUNAUTHORIZED {
					t.Fatalf("unverified e-mail must not link: %v", err)
				}
				_, err = db.LoginSSO(ctx, salkku.Identity{Issuer: "https://other-idp.example", Subject: "y", Email: "kristiina.taskinen@kainuu.fi", EmailVerified: true}, "")
				if salkku.ErrorCode(err) != salkku.EUNAUTHORIZED {
					t.Fatalf("a second identity must not take over a linked account: %v", err)
				}
				// An admin with a password is not taken over by an e-mail
				// claim; an admin made for single sign-on is linked.
				pwAdmin := &salkku.User{Email: "cio@kainuu.fi", Name: "CIO", Admin: true}
				ssoAdmin := &salkku.User{Email: "sso-admin@kainuu.fi", Name: "SSO", Admin: true}
				if err := db.CreateUser(ctx, pwAdmin, testPassword); err != nil {
					t.Fatal(err)
				}
				if err := db.CreateUser(ctx, ssoAdmin, ""); err != nil {
					t.Fatal(err)
				}
				_, err = db.LoginSSO(ctx, salkku.Identity{Issuer: "https://idp.example", Subject: "cio", Email: pwAdmin.Email, EmailVerified: true}, "")
				if salkku.ErrorCode(err) != salkku.EUNAUTHORIZED {
					t.Fatalf("an admin with a password linked by e-mail: %v", err)
				}
				if got, err := db.LoginSSO(ctx, salkku.Identity{Issuer: "https://idp.example", Subject: "sso-admin", Email: ssoAdmin.Email, EmailVerified: true}, ""); err != nil || got.ID != ssoAdmin.ID {
					t.Fatalf("an admin without a password: %+v, %v", got, err)
				}
			})
		})
	}
}

func TestGrantsAndAccess(t *testing.T) {
	for _, engine := range sqldbtest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := salkku.System(context.Background())
			db := sqldbtest.MustOpen(t, engine)
			o := &salkku.Organisation{Name: salkku.T("Kainuun sote")}
			db.CreateOrganisation(ctx, o)
			top := &salkku.Portfolio{OrganisationID: o.ID, Name: salkku.T("Kainuu")}
			db.CreatePortfolio(ctx, top)
			sub := &salkku.Portfolio{OrganisationID: o.ID, Name: salkku.T("Digi"), ParentID: &top.ID}
			db.CreatePortfolio(ctx, sub)
			other := &salkku.Portfolio{OrganisationID: o.ID, Name: salkku.T("Muu")}
			db.CreatePortfolio(ctx, other)
			p := &salkku.Project{PortfolioID: other.ID, Code: "KaRa", Name: salkku.T("KaRa")}
			if err := db.CreateProject(ctx, p); err != nil {
				t.Fatal(err)
			}
			u := &salkku.User{Email: "u@kainuu.fi", Name: "U"}
			db.CreateUser(ctx, u, "")
			for _, g := range []*salkku.Grant{
				{UserID: u.ID, Role: salkku.RoleViewer, PortfolioID: &top.ID},
				{UserID: u.ID, Role: salkku.RoleProjectManager, ProjectID: &p.ID},
			} {
				if err := db.CreateGrant(ctx, g); err != nil {
					t.Fatal(err)
				}
			}
			dup := &salkku.Grant{UserID: u.ID, Role: salkku.RoleViewer, PortfolioID: &top.ID}
			if err := db.CreateGrant(ctx, dup); salkku.ErrorCode(err) != salkku.ECONFLICT {
				t.Fatalf("duplicate grant: %v", err)
			}
			bad := int64(99999)
			if err := db.CreateGrant(ctx, &salkku.Grant{UserID: u.ID, Role: salkku.RoleViewer, PortfolioID: &bad}); salkku.ErrorCode(err) != salkku.EINVALID {
				t.Fatalf("grant on a missing portfolio: %v", err)
			}
			a, err := db.FindAccess(ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			if a.Portfolios[top.ID] != salkku.RoleViewer || a.Portfolios[sub.ID] != salkku.RoleViewer || a.Portfolios[other.ID] != "" || a.Projects[p.ID] != other.ID {
				t.Fatalf("access %+v", a)
			}
			gs, _ := db.FindGrants(ctx, u.ID)
			if len(gs) != 2 || gs[0].TargetName != "Kainuu" || gs[1].TargetName != "KaRa KaRa" {
				t.Fatalf("grants %+v %+v", gs[0], gs[1])
			}
			if err := db.DeleteGrant(ctx, gs[0].ID); err != nil {
				t.Fatal(err)
			}
			a, _ = db.FindAccess(ctx, u.ID)
			if len(a.Portfolios) != 0 {
				t.Fatalf("after revoking: %+v", a.Portfolios)
			}
			// Visible project lists follow the access.
			v := a.Visibility()
			if v == nil || len(v.PortfolioIDs) != 0 || len(v.ProjectIDs) != 1 {
				t.Fatalf("visibility %+v", v)
			}
			uctx := salkku.WithCaller(context.Background(), salkku.Actor{UserID: u.ID}, a)
			ps, n, err := db.FindProjects(uctx, salkku.ProjectFilter{})
			if err != nil || n != 1 || ps[0].ID != p.ID {
				t.Fatalf("visible projects: %d %v", n, err)
			}
			pfs, n, err := db.FindPortfolios(uctx, salkku.PortfolioFilter{})
			if err != nil || n != 1 || pfs[0].ID != other.ID {
				t.Fatalf("visible portfolios: %d %v", n, err)
			}
			nobody := salkku.WithCaller(context.Background(), salkku.Actor{UserID: u.ID}, &salkku.Access{UserID: u.ID})
			if _, n, _ := db.FindProjects(nobody, salkku.ProjectFilter{}); n != 0 {
				t.Fatalf("an empty visibility shows %d projects", n)
			}
			if _, _, err := db.FindProjects(context.Background(), salkku.ProjectFilter{}); salkku.ErrorCode(err) != salkku.EFORBIDDEN {
				t.Fatalf("no caller: %v, want forbidden", err)
			}
		})
	}
}

func jsonField(t *testing.T, doc, field string) any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(doc), &m); err != nil {
		t.Fatalf("audit JSON %q: %v", doc, err)
	}
	// "name.fi" is a text's language.
	if stem, lang, ok := strings.Cut(field, "."); ok {
		t, _ := m[stem].(map[string]any)
		return t[lang]
	}
	return m[field]
}

func TestAuditLog(t *testing.T) {
	for _, engine := range sqldbtest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			db := sqldbtest.MustOpen(t, engine)
			actor := &salkku.User{Email: "pm@kainuu.fi", Name: "Kristiina Taskinen"}
			db.CreateUser(salkku.System(context.Background()), actor, "")
			ctx := salkku.WithActor(salkku.System(context.Background()), salkku.Actor{UserID: actor.ID, Name: actor.Name})
			o := &salkku.Organisation{Name: salkku.T("Kainuun sote")}
			db.CreateOrganisation(ctx, o)
			pf := &salkku.Portfolio{OrganisationID: o.ID, Name: salkku.T("Salkku")}
			db.CreatePortfolio(ctx, pf)
			p := &salkku.Project{PortfolioID: pf.ID, Code: "1", Name: salkku.T("Ennen")}
			db.CreateProject(ctx, p)
			p.Name = salkku.T("Jälkeen")
			if err := db.UpdateProject(ctx, p); err != nil {
				t.Fatal(err)
			}
			es, n, err := db.FindAudit(ctx, salkku.AuditFilter{ProjectID: &p.ID, Count: true})
			if err != nil || n != 2 {
				t.Fatalf("project audit: %d entries, %v", n, err)
			}
			upd := es[0] // newest first
			if upd.Action != "update" || upd.ActorName != "Kristiina Taskinen" || upd.ActorID == nil || *upd.ActorID != actor.ID ||
				jsonField(t, upd.Before, "name.fi") != "Ennen" || jsonField(t, upd.After, "name.fi") != "Jälkeen" {
				t.Fatalf("update entry %+v", upd)
			}
			_, n, _ = db.FindAudit(ctx, salkku.AuditFilter{ActorID: &actor.ID, Action: "create", Count: true})
			if n != 3 {
				t.Fatalf("creates by the actor: %d, want 3", n)
			}
			_, n, _ = db.FindAudit(ctx, salkku.AuditFilter{From: time.Now().Add(time.Hour), Count: true})
			if n != 0 {
				t.Fatalf("entries from the future: %d", n)
			}
			// Passwords never reach the log.
			db.SetPassword(ctx, actor.ID, testPassword)
			all, _, _ := db.FindAudit(ctx, salkku.AuditFilter{Page: salkku.Page{Limit: 500}})
			for _, e := range all {
				if strings.Contains(e.Before+e.After, "argon2") || strings.Contains(e.Before+e.After, testPassword) {
					t.Fatalf("a password in the audit log: %+v", e)
				}
			}
		})
	}
}
