package web

// APIRoutes exposes the registered API patterns to the tests of package
// web_test.
func (s *Server) APIRoutes() []string { return s.apiRoutes }
