package api

// siteRoutes: per-site settings and proactive message rules.
func (s *Server) siteRoutes() []Route { return nil }
