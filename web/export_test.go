package web

// APIRoutes exposes the registered API patterns to the tests of package
// web_test.
func (s *Server) APIRoutes() []string { return s.apiRoutes }

// SetAuditBatch makes the audit export read n entries at a time, so that
// a test sees it page; it returns a function that puts the size back.
func SetAuditBatch(n int) func() {
	old := auditBatch
	auditBatch = n
	return func() { auditBatch = old }
}
