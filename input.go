package salkku

import (
	"context"
	"strings"
	"unicode/utf8"
)

// ValidText reports whether s can be stored and searched as text: valid
// UTF-8 without a NUL, which PostgreSQL cannot hold in a text value and no
// user needs.
func ValidText(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

// checkFilterText adds an error for a filter's text value that is not
// ValidText or is longer than max characters; field is the name of the
// query parameter that carries it.
func checkFilterText(fe FieldErrors, field, value string, max int) {
	switch {
	case !ValidText(value):
		fe.Add(field, "error.invalid_text")
	case utf8.RuneCountInString(value) > max:
		fe.Add(field, "error.too_long")
	}
}

// MaxVersion is the highest version a record can have: versions are
// stored as 32-bit integers.
const MaxVersion = 1<<31 - 1

type inputErrorsKey struct{}

// WithInputErrors returns a context carrying the problems a channel found
// while reading its input, before it had a value to pass on: a month typed
// "13/2017", an id that is not a number. A store method that creates or
// updates a record reports them together with its own checks (the domain
// rules, references, a code already taken), so that a form answers in one
// round, and writes nothing while there are any. Errors already in ctx
// are kept.
func WithInputErrors(ctx context.Context, fe FieldErrors) context.Context {
	if len(fe) == 0 {
		return ctx
	}
	all := InputErrors(ctx)
	for k, v := range fe {
		all.Add(k, v)
	}
	return context.WithValue(ctx, inputErrorsKey{}, all)
}

// InputErrors returns a copy of the input errors of ctx (see
// WithInputErrors), never nil, for a store method to add its own to.
func InputErrors(ctx context.Context) FieldErrors {
	in, _ := ctx.Value(inputErrorsKey{}).(FieldErrors)
	fe := make(FieldErrors, len(in))
	for k, v := range in {
		fe[k] = v
	}
	return fe
}
