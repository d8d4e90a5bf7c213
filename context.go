package salkku

import "context"

// Actor is who makes a change, as the audit log records it.
type Actor struct {
	UserID int64
	Name   string
}

// caller is who makes a request and what they may do. Every exported store
// method reads it from the context and checks its rules against it inside
// its own transaction, so that no way in (a page, the API, an export, a
// background job) can skip a check.
type caller struct {
	actor  Actor
	access *Access
}

type callerKey struct{}

// WithCaller returns a context that carries the acting user and their
// access.
func WithCaller(ctx context.Context, a Actor, access *Access) context.Context {
	return context.WithValue(ctx, callerKey{}, caller{actor: a, access: access})
}

// WithActor keeps the caller's access but records another acting user:
// signing in acts as the user who signs in.
func WithActor(ctx context.Context, a Actor) context.Context {
	c, _ := ctx.Value(callerKey{}).(caller)
	c.actor = a
	return context.WithValue(ctx, callerKey{}, c)
}

// System returns a context for Salkku itself (demo loading, migrations,
// command-line tools, tests' fixtures): every right, recorded in the audit
// log as the system. A context without a caller has no rights at all.
func System(ctx context.Context) context.Context {
	return WithCaller(ctx, Actor{}, &Access{Admin: true, System: true})
}

// ActorFrom returns the acting user of ctx; the zero Actor is the system
// itself.
func ActorFrom(ctx context.Context) Actor {
	c, _ := ctx.Value(callerKey{}).(caller)
	return c.actor
}

// AccessFrom returns what the caller of ctx may do; nil, which allows
// nothing, when ctx carries no caller.
func AccessFrom(ctx context.Context) *Access {
	c, _ := ctx.Value(callerKey{}).(caller)
	return c.access
}

type langKey struct{}

// WithLang is ctx for a reader of lang: lists sort by the texts in that
// language, where a record has one.
func WithLang(ctx context.Context, lang string) context.Context {
	return context.WithValue(ctx, langKey{}, lang)
}

// LangFrom is the reader's language of ctx, Finnish by default.
func LangFrom(ctx context.Context) string {
	if l, ok := ctx.Value(langKey{}).(string); ok && ValidLang(l) {
		return l
	}
	return LangFI
}
