package salkku

import "context"

// Actor is who makes a change, as the audit log records it.
type Actor struct {
	UserID int64
	Name   string
}

type actorKey struct{}

// WithActor returns a context that carries the acting user.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the acting user of ctx; the zero Actor is the system
// itself (demo loading, migrations, command-line tools).
func ActorFrom(ctx context.Context) Actor {
	a, _ := ctx.Value(actorKey{}).(Actor)
	return a
}
