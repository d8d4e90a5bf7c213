// Package site assembles Salkku's web server from the core and its
// channels: the pages (web/ui) and the JSON API (web/api). The command and
// the end-to-end tests build the server here, so that both serve the same
// route table.
package site

import (
	"github.com/salkku/salkku/web"
	"github.com/salkku/salkku/web/api"
	"github.com/salkku/salkku/web/ui"
)

// New builds the whole server: the core with every channel.
func New(cfg web.Config) (*web.Server, error) {
	cfg.Channels = []web.Channel{api.Routes, ui.Routes}
	return web.NewServer(cfg)
}
