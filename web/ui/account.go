package ui

import (
	"net/http"

	"github.com/salkku/salkku/web"

	"github.com/salkku/salkku"
)

type accountPage struct {
	web.Base
	User     *salkku.User
	Grants   []*salkku.Grant
	Tokens   []*salkku.APIToken
	NewToken string
	Form     struct{ TokenName string }
}

// handleAccount shows the signed-in user's details, roles and API tokens,
// and changes the password, creates tokens or revokes them.
func (s *Server) handleAccount(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	me := web.AuthOf(r).User
	b := s.NewBase(r, s.Catalog.T(web.Lang(r), "account.title"))
	b.NavIndex, b.Flash = "account", s.TakeFlash(w, r)
	page := accountPage{Base: b, User: me}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		var err error
		switch r.PostFormValue("action") {
		case "password":
			err = s.Users.ChangePassword(ctx, salkku.PasswordChange{Current: r.PostFormValue("current_password"),
				New: r.PostFormValue("new_password"), Repeat: r.PostFormValue("new_password2")}, s.ClientAddr(r))
			if err == nil {
				// ChangePassword ended every session, this one too: start anew.
				if err := s.startSession(w, r, me); err != nil {
					s.Error(w, r, err)
					return
				}
				web.Redirect(w, r, "/account", "flash.password_changed")
				return
			}
		case "token":
			page.Form.TokenName = r.PostFormValue("token_name")
			t := &salkku.APIToken{UserID: me.ID, Name: page.Form.TokenName}
			var secret string
			if secret, err = s.Users.CreateToken(ctx, t); err == nil {
				page.NewToken = secret
				page.Form.TokenName = ""
			} else if e, ok := err.(*salkku.Error); ok && e.Fields["name"] != "" {
				err = &salkku.Error{Code: salkku.EINVALID, Message: "error.invalid", Fields: map[string]string{"token_name": e.Fields["name"]}}
			}
		case "revoke":
			id, perr := formInt64(r.PostFormValue("token_id"))
			if err = perr; err == nil {
				err = s.Users.RevokeToken(ctx, me.ID, id)
			}
			if err == nil {
				web.Redirect(w, r, "/account", "flash.token_revoked")
				return
			}
		default:
			err = salkku.Errorf(salkku.EINVALID, "error.form")
		}
		if err != nil {
			if c := salkku.ErrorCode(err); c != salkku.EINVALID && c != salkku.ENOTFOUND {
				s.Error(w, r, err)
				return
			}
			page.Errors = map[string]string{}
			page.Error = web.MergeErrors(page.Errors, err)
			status = http.StatusUnprocessableEntity
		}
	}
	var err error
	if page.Grants, err = s.Users.FindGrants(ctx, me.ID); err != nil {
		s.Error(w, r, err)
		return
	}
	if page.Tokens, err = s.Users.FindTokens(ctx, me.ID); err != nil {
		s.Error(w, r, err)
		return
	}
	s.Render(w, r, status, "account", page)
}

func formInt64(v string) (int64, error) {
	fe := salkku.FieldErrors{}
	id := web.FormID(fe, "id", v)
	if id == nil {
		return 0, salkku.Errorf(salkku.ENOTFOUND, "error.not_found")
	}
	return *id, nil
}
