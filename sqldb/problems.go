package sqldb

import (
	"context"
	"errors"

	"github.com/salkku/salkku"
)

// problems gathers everything wrong with a record about to be written, so
// that one answer names every field at once: the caller's input errors
// (salkku.WithInputErrors), the domain rules, references that do not
// exist and values already taken. A form then answers in one round.
type problems struct {
	fe salkku.FieldErrors
	// conflict is the first value found taken (ECONFLICT); it is the
	// answer when nothing else is wrong.
	conflict *salkku.Error
}

// newProblems starts with the input errors of ctx and the error of the
// record's Validate.
func newProblems(ctx context.Context, validate error) (*problems, error) {
	p := &problems{fe: salkku.InputErrors(ctx)}
	return p, p.add(validate)
}

// add merges the field errors of err, from a check; any other error (the
// database failing) is returned for the caller to return.
func (p *problems) add(err error) error {
	var e *salkku.Error
	if err == nil {
		return nil
	}
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	if e.Code == salkku.ECONFLICT && p.conflict == nil {
		p.conflict = e
	}
	for k, v := range e.Fields {
		p.fe.Add(k, v)
	}
	return nil
}

// check runs a check of the given fields unless one of them is already
// wrong: a code that is not valid text is not looked up.
func (p *problems) check(check func() error, fields ...string) error {
	for _, f := range fields {
		if _, bad := p.fe[f]; bad {
			return nil
		}
	}
	return p.add(check())
}

// err is nil when nothing is wrong; a conflict alone is its ECONFLICT, as
// before; anything else is one EINVALID naming every field.
func (p *problems) err() error {
	if len(p.fe) == 0 {
		return nil
	}
	if c := p.conflict; c != nil && len(c.Fields) == len(p.fe) {
		return c
	}
	return &salkku.Error{Code: salkku.EINVALID, Message: "error.invalid", Fields: p.fe}
}

// validInput is the error of a record's Validate together with the input
// errors of ctx, for a method whose other checks need no field errors.
func validInput(ctx context.Context, validate error) error {
	pr, err := newProblems(ctx, validate)
	if err != nil {
		return err
	}
	return pr.err()
}

// failed reports whether anything is wrong already.
func (p *problems) failed() bool { return len(p.fe) > 0 }
