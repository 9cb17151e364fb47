package api

// adminRoutes: settings, intents, teams, agents, the bot test panel, audit.
func (s *Server) adminRoutes() []Route { return nil }
