package salkku

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Error codes. Every error that reaches a user carries one of them; the web
// layer maps them to HTTP status codes in one place.
const (
	ECONFLICT     = "conflict"     // stale version or a unique value already taken
	EINTERNAL     = "internal"     // a bug or an outside failure; never shown in detail
	EINVALID      = "invalid"      // the input breaks a domain rule
	ENOTFOUND     = "not_found"    // no such thing
	ETOOLARGE     = "too_large"    // a request body over the limit
	ETOOMANY      = "too_many"     // throttled: too many attempts
	EUNAUTHORIZED = "unauthorized" // who you are is not known
	EFORBIDDEN    = "forbidden"    // you may not do this
	EUNAVAILABLE  = "unavailable"  // the database does not answer now; try again later
)

// Error is an application error. Message and the values of Fields are message
// catalogue keys (see package i18n), so that each user reads them in their own
// language; Args fill the placeholders of Message.
type Error struct {
	Code    string
	Message string
	Args    []any
	// Fields names the offending fields of a form or JSON body, each with a
	// catalogue key saying what is wrong with it.
	Fields map[string]string
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "salkku error: code=%s message=%s", e.Code, e.Message)
	if len(e.Fields) > 0 {
		keys := make([]string, 0, len(e.Fields))
		for k := range e.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, " %s=%s", k, e.Fields[k])
		}
	}
	return b.String()
}

// Errorf returns an *Error with the given code and catalogue key.
func Errorf(code, message string, args ...any) *Error {
	return &Error{Code: code, Message: message, Args: args}
}

// ErrorCode returns the code of err, or EINTERNAL for errors that are not an
// *Error and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the catalogue key of err, or the generic internal one.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "error.internal"
}

// FieldErrors collects per-field validation errors.
type FieldErrors map[string]string

// Add records the first problem found with a field.
func (fe FieldErrors) Add(field, key string) {
	if _, ok := fe[field]; !ok {
		fe[field] = key
	}
}

// Err returns nil when nothing was added, else an EINVALID *Error.
func (fe FieldErrors) Err() error {
	if len(fe) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "error.invalid", Fields: fe}
}
