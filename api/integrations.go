package api

// integrationRoutes: API tokens and outgoing webhooks.
func (s *Server) integrationRoutes() []Route { return nil }
