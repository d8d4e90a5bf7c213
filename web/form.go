package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/i18n"
)

// Field is what the form partials need to render one labelled control with
// its hint and error.
type Field struct {
	ID, Name, Label, Value, Hint, Error, Type string
	// Lang is the language of a text field's value.
	Lang string
	// CheckValue is what a checkbox of a group posts ("true" when unset).
	CheckValue string
	Required   bool
	Checked    bool
	Options    []Option
	Multiple   bool
}

// Option is one choice of a select.
type Option struct {
	Value, Label string
	Selected     bool
}

// F builds a Field: the label is the catalogue key "field.NAME", the hint
// "hint.NAME" when the catalogue has one. opts is a comma-separated list of
// "required", "textarea", "checkbox", "month", "email", "number", and
// "nohint" for a field that shares its name with another form's.
func (b Base) F(name, value, opts string) Field {
	f := Field{ID: "f-" + name, Name: name, Label: b.T("field." + name), Value: value, Type: "text"}
	if b.cat.Has(b.Lang, "hint."+name) {
		f.Hint = b.T("hint." + name)
	}
	if k, ok := b.Errors[name]; ok {
		f.Error = b.T(k)
	}
	for _, o := range strings.Split(opts, ",") {
		switch o = strings.TrimSpace(o); o {
		case "required":
			f.Required = true
		case "textarea", "checkbox", "email", "number", "password":
			f.Type = o
		case "month":
			f.Type = "text"
		case "nohint":
			f.Hint = ""
		}
	}
	f.Checked = f.Type == "checkbox" && value == "true"
	return f
}

// WithHint replaces a field's hint with another catalogue key, for a field
// whose name is shared by forms that need different hints ("code" of a
// project and of a work package).
func (b Base) WithHint(f Field, key string) Field {
	f.Hint = b.T(key)
	return f
}

// WithLabel replaces a field's label with another catalogue key, for a
// field whose name means something else in another form ("start" is a
// project's start month, a reporting cycle's first day).
func (b Base) WithLabel(f Field, key string) Field {
	f.Label = b.T(key)
	return f
}

// S builds a select Field with options.
func (b Base) S(name string, options []Option, opts string) Field {
	f := b.F(name, "", opts)
	f.Type, f.Options = "select", options
	f.Multiple = strings.Contains(opts, "multiple")
	return f
}

// IDString writes an optional id for a form value.
func IDString(id *int64) string {
	if id == nil {
		return ""
	}
	return strconv.FormatInt(*id, 10)
}

// FormID parses an optional id from a form value; "" is nil.
func FormID(fe salkku.FieldErrors, field, v string) *int64 {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		fe.Add(field, "error.invalid_choice")
		return nil
	}
	return &id
}

// FormIDs parses a multi-select of ids.
func FormIDs(fe salkku.FieldErrors, field string, vs []string) []int64 {
	out := []int64{}
	for _, v := range vs {
		if id := FormID(fe, field, v); id != nil {
			out = append(out, *id)
		}
	}
	return out
}

// FormMonth parses a month field ("10/2017" or "2017-10").
func FormMonth(fe salkku.FieldErrors, field, v string) salkku.Month {
	m, err := salkku.ParseMonth(v)
	if err != nil {
		fe.Add(field, salkku.ErrorMessage(err))
	}
	return m
}

// FormInt parses an optional whole number.
func FormInt(fe salkku.FieldErrors, field, v string) int {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		fe.Add(field, "error.number")
	}
	return n
}

// SplitLines splits a textarea of one item per line (commas also separate).
func SplitLines(v string) []string {
	return salkku.CleanList(strings.FieldsFunc(v, func(r rune) bool { return r == '\n' || r == '\r' || r == ',' || r == ';' }))
}

// ParseForm reads a posted form for a handler that needs a value before
// PostForm runs (which then finds it parsed); errors as parseForm's.
func ParseForm(r *http.Request) error { return parseForm(r) }

// parseForm reads a posted form. A body over MaxBodyBytes keeps its
// *http.MaxBytesError, which Server.Error turns into 413; anything else
// unreadable is EINVALID.
func parseForm(r *http.Request) error {
	err := r.ParseForm()
	if err == nil {
		return nil
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return err
	}
	return salkku.Errorf(salkku.EINVALID, "error.form")
}

// formStatus is the status of a form sent back to be corrected: 422 when
// the input breaks a rule, 409 when it conflicts with what is stored (a
// stale version, a taken code).
func formStatus(err error) int {
	if salkku.ErrorCode(err) == salkku.ECONFLICT {
		return http.StatusConflict
	}
	return http.StatusUnprocessableEntity
}

// SetFormError fills b with a failed save's field errors (fe, and those of
// a service error) and the message to show above the form.
func (b *Base) SetFormError(fe salkku.FieldErrors, err error) {
	b.Errors = map[string]string(fe)
	if b.Errors == nil {
		b.Errors = map[string]string{}
	}
	b.Error = MergeErrors(b.Errors, err)
	var e *salkku.Error
	if errors.As(err, &e) && b.Error == e.Message {
		b.ErrorArgs = e.Args
	}
}

// PathID reads a numeric path value; a bad one is "not found".
func PathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, salkku.Errorf(salkku.ENOTFOUND, "error.not_found")
	}
	return id, nil
}

// MergeErrors folds a service error's field errors into the form's, so a
// rule checked in the store (a duplicate code) shows at its field too. It
// returns the message key to show above the form.
func MergeErrors(errs map[string]string, err error) string {
	if e, ok := err.(*salkku.Error); ok {
		for f, k := range e.Fields {
			if _, seen := errs[f]; !seen {
				errs[f] = k
			}
		}
		if e.Message != "error.invalid" {
			return e.Message
		}
		return ""
	}
	return "error.internal"
}

// MergeValidate adds the field errors of a domain Validate to fe, keeping
// the first problem found with each field.
func MergeValidate(fe salkku.FieldErrors, err error) {
	var e *salkku.Error
	if errors.As(err, &e) {
		for k, v := range e.Fields {
			fe.Add(k, v)
		}
	}
}

// postForm runs the POST half of a form page, the same for every record:
// parse the body, let save read the form and store the record (returning
// the form's own field errors, the store's error and where to go next),
// then Redirect with a flash on success. It returns done when it has
// answered (a Redirect, or an error page for a failure that is not the
// user's); otherwise b holds the errors to show and status is the one to
// render the form with, keeping what the user typed.
func (s *Server) PostForm(w http.ResponseWriter, r *http.Request, b *Base, save func() (salkku.FieldErrors, error, string)) (status int, done bool) {
	if err := parseForm(r); err != nil {
		s.Error(w, r, err)
		return 0, true
	}
	fe, err, to := save()
	// The request's input errors (text that cannot be stored, a bad
	// version: see checkInput) show at their fields too.
	all := salkku.InputErrors(r.Context())
	for k, v := range fe {
		all.Add(k, v)
	}
	fe = all
	if err == nil {
		err = fe.Err()
	}
	if err == nil {
		Redirect(w, r, to, "flash.saved")
		return 0, true
	}
	if code := salkku.ErrorCode(err); code != salkku.EINVALID && code != salkku.ECONFLICT {
		s.Error(w, r, err)
		return 0, true
	}
	b.SetFormError(fe, err)
	return formStatus(err), false
}

// AuditFilter reads the audit log's filter from the query string; dates
// as lang writes them (or ISO). It returns the dates as typed alongside.
func AuditFilter(lang string, q url.Values) (salkku.AuditFilter, error) {
	f := salkku.AuditFilter{Entity: q.Get("entity"), Action: q.Get("action")}
	fe := salkku.FieldErrors{}
	f.ActorID = FormID(fe, "actor_id", q.Get("actor_id"))
	for _, d := range []struct {
		name string
		t    *time.Time
		add  int
	}{{"from", &f.From, 0}, {"to", &f.To, 1}} {
		if v := q.Get(d.name); v != "" {
			t, err := i18n.ParseDate(lang, v)
			if err != nil {
				fe.Add(d.name, "error.date")
				continue
			}
			*d.t = t.AddDate(0, 0, d.add)
		}
	}
	for _, name := range []string{"before", "after"} {
		if v := q.Get(name); v != "" {
			id, err := strconv.ParseInt(v, 10, 64)
			if err != nil || id <= 0 {
				fe.Add(name, "error.invalid")
				continue
			}
			if name == "before" {
				f.Before = id
			} else {
				f.After = id
			}
		}
	}
	return f, fe.Err()
}
