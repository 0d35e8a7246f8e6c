package web

// DropCaches forgets the cached versions and rendered content, for
// benchmarks of the first request after a change.
func (s *Server) DropCaches() {
	s.versions = newVersionCache()
	s.fragments = newFragmentCache()
	s.responses = newResponseCache()
}

// KeptPages is how many whole pages the response cache holds.
func (s *Server) KeptPages() int {
	s.responses.mu.Lock()
	defer s.responses.mu.Unlock()
	return len(s.responses.m)
}
