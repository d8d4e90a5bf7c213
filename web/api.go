package web

// routesAPI registers the JSON API under /api/v1.
func (s *Server) routesAPI() {}
