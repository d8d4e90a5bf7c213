package ui

import "github.com/salkku/salkku/web"

// Server is the web core seen from this channel: its handlers are methods
// of Server, over the same store, sessions, rendering and error path.
type Server struct{ *web.Server }
