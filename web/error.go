package web

import (
	"errors"
	"net/http"

	"github.com/salkku/salkku"
)

// Error codes of the HTTP layer itself, which no domain rule produces: a
// method the route does not serve and a request body that is not JSON.
const (
	CodeMethodNotAllowed     = "method_not_allowed"
	CodeUnsupportedMediaType = "unsupported_media_type"
)

// errorStatus maps error codes to HTTP status codes, in one place.
var errorStatus = map[string]int{
	CodeMethodNotAllowed:     http.StatusMethodNotAllowed,
	CodeUnsupportedMediaType: http.StatusUnsupportedMediaType,
	salkku.ECONFLICT:         http.StatusConflict,
	salkku.EINVALID:          http.StatusBadRequest,
	salkku.ENOTFOUND:         http.StatusNotFound,
	salkku.ETOOLARGE:         http.StatusRequestEntityTooLarge,
	salkku.ETOOMANY:          http.StatusTooManyRequests,
	salkku.EUNAUTHORIZED:     http.StatusUnauthorized,
	salkku.EFORBIDDEN:        http.StatusForbidden,
	salkku.EINTERNAL:         http.StatusInternalServerError,
	salkku.EUNAVAILABLE:      http.StatusServiceUnavailable,
}

// ErrorStatus returns the HTTP status for err.
func ErrorStatus(err error) int {
	if st, ok := errorStatus[salkku.ErrorCode(err)]; ok {
		return st
	}
	return http.StatusInternalServerError
}

// Error writes err as JSON for the API and as an HTML page otherwise.
// Internal errors are logged and shown only generically.
func (s *Server) Error(w http.ResponseWriter, r *http.Request, err error) {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		err = salkku.Errorf(salkku.ETOOLARGE, "error.too_large")
	}
	code := salkku.ErrorCode(err)
	if code == salkku.EINTERNAL {
		s.Logger.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		err = salkku.Errorf(salkku.EINTERNAL, "error.internal")
	}
	status := ErrorStatus(err)
	if c := internalCall(r.Context()); c != nil {
		c.fail(err)
	}
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "5")
	}
	if IsAPI(r) {
		WriteJSON(w, status, s.errorBody(r, err))
		return
	}
	s.RenderError(w, r, status, err)
}

// apiError is the JSON shape of an error.
type apiError struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields,omitempty"`
	} `json:"error"`
}

func (s *Server) errorBody(r *http.Request, err error) apiError {
	lang := Lang(r)
	var body apiError
	body.Error.Code = salkku.ErrorCode(err)
	var e *salkku.Error
	if errors.As(err, &e) {
		msg := e.Message
		if msg == "error.stale" {
			msg = "error.stale_api" // the page's wording talks of a form
		}
		body.Error.Message = s.Catalog.T(lang, msg, LocalArgs(lang, e.Args)...)
		if len(e.Fields) > 0 {
			body.Error.Fields = map[string]string{}
			for f, k := range e.Fields {
				body.Error.Fields[f] = s.Catalog.T(lang, k)
			}
		}
	} else {
		body.Error.Message = s.Catalog.T(lang, "error.internal")
	}
	return body
}
