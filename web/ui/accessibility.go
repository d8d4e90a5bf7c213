package ui

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/web"
)

// The accessibility statement (law 306/2019, following the EU model
// statement 2018/1523) and its feedback channel: public pages, for
// anyone signed in or not, that work without JavaScript.

type statementPage struct {
	web.Base
	Statement salkku.AccessibilityStatement
	// Issues is the admin's text of known non-accessible content, "" when
	// the built-in text is shown; IssuesLang is its language when it is
	// not the page's.
	Issues     string
	IssuesLang string
	// Authority is the supervisory authority's name, AuthorityLang its
	// language when it is not the page's.
	Authority, AuthorityLang string
}

// accessibility reads the statement's settings.
func (s *Server) accessibility(r *http.Request) (salkku.AccessibilityStatement, error) {
	m, err := s.Users.Settings(r.Context(), salkku.A11ySettingKeys()...)
	if err != nil {
		return salkku.AccessibilityStatement{}, err
	}
	return salkku.AccessibilityFromSettings(m), nil
}

// otherLang is in when it differs from the page's language, else "".
func otherLang(in, page string) string {
	if in == page {
		return ""
	}
	return in
}

// handleStatement shows the accessibility statement.
func (s *Server) handleStatement(w http.ResponseWriter, r *http.Request) {
	a, err := s.accessibility(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	b := s.NewBase(r, s.Catalog.T(web.Lang(r), "a11y.title"))
	page := statementPage{Base: b, Statement: a}
	if text, in := a.IssuesIn(b.Lang); text != "" {
		page.Issues, page.IssuesLang = text, otherLang(in, b.Lang)
	}
	name, in := a.AuthorityNameIn(b.Lang)
	page.Authority, page.AuthorityLang = name, otherLang(in, b.Lang)
	s.Render(w, r, http.StatusOK, "accessibility", page)
}

// The feedback form refuses spam without a puzzle: a field that people
// do not see and bots fill in, and a signed timestamp of when the form
// was shown, so that a post sent faster than a person types, or with a
// form older than a day, is refused. The store limits each address too.
const (
	feedbackMinAge = 3 * time.Second
	feedbackMaxAge = 24 * time.Hour
	// feedbackCookieAge keeps the form's CSRF cookie as long as the form
	// itself is good.
	feedbackCookieAge = int(feedbackMaxAge / time.Second)
)

type feedbackForm struct {
	Message, Name, Email, PageURL string
}

type feedbackPage struct {
	web.Base
	Form feedbackForm
	// Token is the form's CSRF token: the session's, or for one not
	// signed in the token of the sign-in cookie; Stamp the signed moment
	// the form was first shown.
	Token, Stamp string
}

// feedbackStamp signs a moment the form was shown: its Unix seconds, a
// dot, and their MAC.
func (s *Server) feedbackStamp(t time.Time) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return ts + "." + s.stampMAC(ts)
}

func (s *Server) stampMAC(ts string) string {
	mac := hmac.New(sha256.New, s.SealKey)
	mac.Write([]byte("salkku feedback form " + ts))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// stampTime reads a stamp back; false when it is missing or forged.
func (s *Server) stampTime(v string) (time.Time, bool) {
	ts, mac, ok := strings.Cut(v, ".")
	if !ok || !hmac.Equal([]byte(mac), []byte(s.stampMAC(ts))) {
		return time.Time{}, false
	}
	n, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	return time.Unix(n, 0), true
}

// handleFeedback shows the feedback form and takes what is sent. A post
// that is refused stores nothing and shows the form again with what was
// typed and why, in the user's language.
func (s *Server) handleFeedback(w http.ResponseWriter, r *http.Request) {
	b := s.NewBase(r, s.Catalog.T(web.Lang(r), "feedback.title"))
	b.Crumbs = []web.Crumb{{Label: b.T("a11y.title"), URL: "/accessibility"}, {Label: b.Title}}
	page := feedbackPage{Base: b}
	now := s.Now()
	shownAt := now
	status := http.StatusOK
	if r.Method == http.MethodPost {
		page.Form = feedbackForm{Message: r.PostFormValue("feedback_message"), Name: r.PostFormValue("sender_name"),
			Email: r.PostFormValue("sender_email"), PageURL: r.PostFormValue("page_url")}
		shown, stamped := s.stampTime(r.PostFormValue("stamp"))
		age := now.Sub(shown)
		if stamped && age <= feedbackMaxAge {
			// The form keeps its moment, so that waiting is enough.
			shownAt = shown
		}
		status = http.StatusUnprocessableEntity
		auth := web.AuthOf(r)
		switch {
		case (auth == nil || auth.Session == nil) && !s.anonTokenOK(r):
			// A signed-in session's token is checked before this.
			page.Error, status = "error.feedback_csrf", http.StatusForbidden
		case r.PostFormValue("website") != "":
			page.Error = "error.feedback_spam"
		case !stamped:
			page.Error = "error.feedback_stamp"
		case age > feedbackMaxAge:
			page.Error = "error.feedback_expired"
		case age < feedbackMinAge:
			page.Error = "error.feedback_too_fast"
		default:
			f := &salkku.Feedback{Message: page.Form.Message, Name: page.Form.Name, Email: page.Form.Email,
				PageURL: page.Form.PageURL, Lang: b.Lang}
			err := s.Feedback.CreateFeedback(r.Context(), f, s.ClientAddr(r))
			switch salkku.ErrorCode(err) {
			case "":
				s.notifyFeedback(r, f)
				http.Redirect(w, r, "/accessibility/feedback/thanks", http.StatusSeeOther)
				return
			case salkku.EINVALID:
				page.SetFormError(nil, err)
			case salkku.ETOOMANY:
				page.Error, status = "error.feedback_throttled", http.StatusTooManyRequests
			default:
				s.Error(w, r, err)
				return
			}
		}
	}
	page.Token = page.CSRF
	if page.Token == "" {
		page.Token = anonToken(w, r, feedbackCookieAge, true)
	}
	page.Stamp = s.feedbackStamp(shownAt)
	s.Render(w, r, status, "feedback", page)
}

// notifyFeedback tells the notifier, when there is one, of a message
// stored; the sender has been answered either way.
func (s *Server) notifyFeedback(r *http.Request, f *salkku.Feedback) {
	if s.FeedbackNotifier == nil {
		return
	}
	if err := s.FeedbackNotifier.FeedbackReceived(r.Context(), f); err != nil {
		s.Logger.Error("feedback notification", "feedback_id", f.ID, "err", err)
	}
}

// handleFeedbackThanks thanks the sender.
func (s *Server) handleFeedbackThanks(w http.ResponseWriter, r *http.Request) {
	b := s.NewBase(r, s.Catalog.T(web.Lang(r), "feedback.thanks_title"))
	b.Crumbs = []web.Crumb{{Label: b.T("a11y.title"), URL: "/accessibility"}, {Label: b.Title}}
	s.Render(w, r, http.StatusOK, "feedback_thanks", b)
}

type feedbackListPage struct {
	web.Base
	Items []*salkku.Feedback
	Pager pager
}

// handleAdminFeedback lists the feedback, newest first (admins).
func (s *Server) handleAdminFeedback(w http.ResponseWriter, r *http.Request) {
	if !s.Allowed(w, r, web.AccessOf(r).CanAdminister()) {
		return
	}
	b := s.NewBase(r, s.Catalog.T(web.Lang(r), "feedback.admin_title"))
	b.NavIndex, b.Flash = "admin", s.TakeFlash(w, r)
	b.Crumbs = []web.Crumb{{Label: b.T("admin.users"), URL: "/admin/users"}, {Label: b.Title}}
	page := feedbackListPage{Base: b, Pager: newPager(r.URL.Query(), salkku.DefaultPageSize)}
	err := page.Pager.load(func(pg salkku.Page) (total int, err error) {
		page.Items, total, err = s.Feedback.FindFeedback(r.Context(), salkku.FeedbackFilter{Page: pg})
		return total, err
	})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "admin_feedback", page)
}

// handleAdminFeedbackHandled marks a message handled, or not handled
// again (admins), and goes back to the page of the list it was on.
func (s *Server) handleAdminFeedbackHandled(w http.ResponseWriter, r *http.Request) {
	if !s.Allowed(w, r, web.AccessOf(r).CanAdminister()) {
		return
	}
	id, err := web.PathID(r, "id")
	if err == nil {
		err = s.Feedback.SetFeedbackHandled(r.Context(), id, r.PostFormValue("handled") == "true")
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	to := "/admin/feedback"
	if n := pageNumber(r.PostFormValue("page")); n > 1 {
		to += "?page=" + strconv.Itoa(n)
	}
	web.Redirect(w, r, to, "flash.saved")
}
