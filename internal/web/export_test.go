package web

// DropCaches forgets the cached versions and rendered content, for
// benchmarks of the first request after a change.
func (s *Server) DropCaches() {
	s.versions = newVersionCache()
	s.fragments = newFragmentCache()
	s.responses = newResponseCache()
}
