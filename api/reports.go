package api

// reportRoutes: the numbers (reports.go).
func (s *Server) reportRoutes() []Route { return nil }
