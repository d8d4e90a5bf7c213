package web

import (
	"errors"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/salkku/salkku"
)

// checkInput refuses what no handler could use before any handler runs:
// a query string with text that cannot be stored (a NUL, bytes that are
// not UTF-8) is a 400 naming the parameters, on a page and in the API
// alike. A form body is read here, so that one over MaxBodyBytes is a 413
// and not a missing CSRF token, and its unusable fields become the
// request's input errors (salkku.WithInputErrors).
func (s *Server) checkInput(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := badTextErr(r.URL.Query()); err != nil {
			s.Error(w, r, err)
			return
		}
		if UnsafeMethod(r.Method) && !IsAPI(r) {
			if err := readForm(r); err != nil {
				s.Error(w, r, err)
				return
			}
			// A form's bad text and version go with the request: the form
			// shows them at their fields, and a store method that writes
			// reports them with its own checks and writes nothing.
			for name := range r.PostForm {
				if !salkku.ValidText(name) {
					// No form has such a field: not one to show an error at.
					s.Error(w, r, salkku.Errorf(salkku.EINVALID, "error.form"))
					return
				}
			}
			fe := badText(r.PostForm)
			if _, ok := r.PostForm["version"]; ok {
				formVersion(fe, r.PostForm.Get("version"))
			}
			r = r.WithContext(salkku.WithInputErrors(r.Context(), fe))
		}
		next.ServeHTTP(w, r)
	})
}

// readForm parses a posted form, URL-encoded or multipart. A body over
// MaxBodyBytes is ETOOLARGE; anything else unreadable is EINVALID.
func readForm(r *http.Request) error {
	var err error
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
		// A multipart form uploads a file (an import's): it may be as
		// large as an import; its parts over MaxBodyBytes wait on disk.
		LargeBody(r, MaxImportBytes)
		err = r.ParseMultipartForm(MaxBodyBytes)
	} else {
		err = r.ParseForm()
	}
	var mbe *http.MaxBytesError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &mbe):
		return salkku.Errorf(salkku.ETOOLARGE, "error.too_large")
	}
	return salkku.Errorf(salkku.EINVALID, "error.form")
}

// fieldName is how a parameter whose own name is not valid text is named
// in an error: with the bad bytes replaced.
func fieldName(name string) string {
	return strings.ReplaceAll(strings.ToValidUTF8(name, "\uFFFD"), "\x00", "\uFFFD")
}

// badText returns an "error.invalid_text" field error for every parameter
// whose name or values are not salkku.ValidText.
func badText(vs url.Values) salkku.FieldErrors {
	fe := salkku.FieldErrors{}
	for name, values := range vs {
		ok := salkku.ValidText(name)
		for _, v := range values {
			ok = ok && salkku.ValidText(v)
		}
		if !ok {
			fe.Add(fieldName(name), "error.invalid_text")
		}
	}
	return fe
}

// badTextErr is the EINVALID error of a query whose text cannot be used,
// naming the parameters; nil when all is well.
func badTextErr(vs url.Values) error {
	fe := badText(vs)
	if len(fe) == 0 {
		return nil
	}
	names := make([]string, 0, len(fe))
	for n := range fe {
		names = append(names, n)
	}
	sort.Strings(names)
	return &salkku.Error{Code: salkku.EINVALID, Message: "error.query", Args: []any{strings.Join(names, ", ")}, Fields: fe}
}

// formVersion reads the version a form edits: empty on a new record, else
// a whole number up to salkku.MaxVersion (0 on a new record).
func formVersion(fe salkku.FieldErrors, v string) int {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > salkku.MaxVersion {
		fe.Add("version", "error.version_invalid")
		return 0
	}
	return n
}
