package api

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/parley-chat/parley"
)

// Business hours on the wire: days by three-letter English name.
var dayNames = [...]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

type hoursJSON struct {
	TimeZone string                 `json:"timezone"`
	Days     map[string][][2]string `json:"days"`
	Holidays []string               `json:"holidays"`
}

type teamJSON struct {
	Key   string    `json:"key"`
	Name  string    `json:"name"`
	Hours hoursJSON `json:"hours"`
}

func toTeamJSON(t parley.Team) teamJSON {
	h := hoursJSON{TimeZone: t.Hours.TimeZone, Days: map[string][][2]string{}, Holidays: nonNil(t.Hours.Holidays)}
	for day, shifts := range t.Hours.Weekly {
		out := [][2]string{}
		for _, s := range shifts {
			out = append(out, [2]string{s.From, s.To})
		}
		h.Days[dayNames[day]] = out
	}
	return teamJSON{Key: t.Key, Name: t.Name, Hours: h}
}

func fromHoursJSON(h hoursJSON) (parley.BusinessHours, error) {
	out := parley.BusinessHours{TimeZone: h.TimeZone, Holidays: h.Holidays}
	for name, shifts := range h.Days {
		day := -1
		for i, n := range dayNames {
			if strings.EqualFold(n, name) {
				day = i
			}
		}
		if day < 0 {
			return out, parley.Errorf(parley.EINVALID, "hours: unknown day %q (use sun, mon, … sat)", name)
		}
		if out.Weekly == nil {
			out.Weekly = map[time.Weekday][]parley.Shift{}
		}
		list := []parley.Shift{}
		for _, s := range shifts {
			list = append(list, parley.Shift{From: s[0], To: s[1]})
		}
		out.Weekly[time.Weekday(day)] = list
	}
	return out, nil
}

func (s *Server) listTeams(w http.ResponseWriter, r *http.Request) {
	ts, err := s.store.Teams(r.Context())
	s.respond(w, r, err, http.StatusOK, map[string]any{"teams": each(ts, toTeamJSON)})
}

type teamInput struct {
	Name  string    `json:"name"`
	Hours hoursJSON `json:"hours"`
}

// putTeam creates or replaces the team with the path's key; the store
// checks the hours (time zone, shifts, dates).
func (s *Server) putTeam(w http.ResponseWriter, r *http.Request) {
	var in teamInput
	err := readJSON(r, &in)
	var t parley.Team
	if err == nil {
		t = parley.Team{Key: r.PathValue("key"), Name: in.Name}
		t.Hours, err = fromHoursJSON(in.Hours)
	}
	if err == nil {
		t, err = s.store.PutTeam(r.Context(), t)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, "team.put", t.Key, in)
	writeJSON(w, http.StatusOK, map[string]any{"team": toTeamJSON(t)})
}

func (s *Server) deleteTeam(w http.ResponseWriter, r *http.Request) {
	s.remove(w, r, "key", "team.delete", s.store.DeleteTeam)
}

type slaPolicyJSON struct {
	Urgency       string `json:"urgency"`
	Segment       string `json:"segment"`
	FirstResponse string `json:"first_response"`
	NextResponse  string `json:"next_response"`
	Resolution    string `json:"resolution"`
	BusinessHours bool   `json:"business_hours"`
}

func (s *Server) listSLA(w http.ResponseWriter, r *http.Request) {
	ps, err := s.store.SLAPolicies(r.Context())
	s.respond(w, r, err, http.StatusOK, map[string]any{"policies": each(ps, toSLAPolicyJSON)})
}

func toSLAPolicyJSON(p parley.SLAPolicy) slaPolicyJSON {
	return slaPolicyJSON{string(p.Urgency), string(p.Segment), p.FirstResponse.String(), p.NextResponse.String(),
		p.Resolution.String(), p.BusinessHours}
}

type slaInput struct {
	Policies []slaPolicyJSON `json:"policies"`
}

// putSLA replaces every policy; durations are Go durations ("15m", "8h").
func (s *Server) putSLA(w http.ResponseWriter, r *http.Request) {
	in, ok := decode[slaInput](s, w, r)
	if !ok {
		return
	}
	ps := make([]parley.SLAPolicy, len(in.Policies))
	for i, p := range in.Policies {
		var ds [3]time.Duration
		for j, v := range []string{p.FirstResponse, p.NextResponse, p.Resolution} {
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				s.fail(w, r, parley.Errorf(parley.EINVALID, "policies[%d]: %q is not a positive duration like 15m or 8h", i, v))
				return
			}
			ds[j] = d
		}
		ps[i] = parley.SLAPolicy{Urgency: parley.Urgency(p.Urgency), Segment: parley.Segment(p.Segment),
			FirstResponse: ds[0], NextResponse: ds[1], Resolution: ds[2], BusinessHours: p.BusinessHours}
	}
	if err := s.store.PutSLAPolicies(r.Context(), ps); err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, "sla.put", "", in)
	s.listSLA(w, r)
}

func (s *Server) listAgents(w http.ResponseWriter, r *http.Request) {
	as, err := s.store.Agents(r.Context())
	s.respond(w, r, err, http.StatusOK, map[string]any{"agents": each(as, toAgentJSON)})
}

type agentInput struct {
	Email     string   `json:"email"`
	Name      string   `json:"name"`
	Role      string   `json:"role"`
	Password  string   `json:"password"`
	Teams     []string `json:"teams"`
	Languages []string `json:"languages"`
	Capacity  int      `json:"capacity"`
	// Disabled disables (true) or enables (false) the agent; omitted keeps
	// its state.
	Disabled *bool `json:"disabled"`
}

// hashPassword applies the same rules as `parley user add`.
func hashPassword(p string) ([]byte, error) {
	if len(p) < 8 || len(p) > 72 {
		return nil, parley.Errorf(parley.EINVALID, "password must have 8–72 bytes")
	}
	return bcrypt.GenerateFromPassword([]byte(p), bcrypt.DefaultCost)
}

func (s *Server) createAgent(w http.ResponseWriter, r *http.Request) {
	var in agentInput
	err := personOnly(r, "create agents")
	if err == nil {
		err = readJSON(r, &in)
	}
	var hash []byte
	if err == nil {
		hash, err = hashPassword(in.Password)
	}
	var a parley.Agent
	if err == nil {
		a, err = s.store.CreateAgent(r.Context(), parley.Agent{Email: in.Email, Name: in.Name, Role: parley.Role(in.Role),
			Teams: in.Teams, Languages: in.Languages, Capacity: in.Capacity}, hash)
	}
	if err == nil && in.Disabled != nil && *in.Disabled {
		a, err = s.store.SetAgentState(r.Context(), a.ID, parley.AgentDisabled)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, "agent.create", a.ID, toAgentJSON(a))
	writeJSON(w, http.StatusCreated, map[string]any{"agent": toAgentJSON(a)})
}

// updateAgent replaces an agent's fields; a non-empty password resets it.
// An admin cannot demote themselves: someone must be able to undo it.
func (s *Server) updateAgent(w http.ResponseWriter, r *http.Request) {
	var in agentInput
	err := readJSON(r, &in)
	id := r.PathValue("id")
	if err == nil && in.Email != "" {
		err = parley.Errorf(parley.EINVALID, "email cannot be changed; create another agent")
	}
	if err == nil && id == agentFrom(r.Context()).ID && parley.Role(in.Role) != parley.RoleAdmin {
		err = parley.Errorf(parley.EINVALID, "you cannot remove your own admin role")
	}
	var a parley.Agent
	if err == nil {
		a, err = s.store.Agent(r.Context(), id)
	}
	if err == nil && in.Password != "" {
		err = personOnly(r, "set passwords")
	}
	if err == nil && parley.Role(in.Role) != a.Role {
		err = personOnly(r, "change roles")
	}
	state := a.State
	if err == nil && in.Disabled != nil {
		state = parley.AgentActive
		if *in.Disabled {
			state = parley.AgentDisabled
		}
		switch {
		case a.State == parley.AgentDeleted:
			err = parley.Errorf(parley.ENOTFOUND, "agent %s is deleted", id)
		case state != a.State && id == agentFrom(r.Context()).ID:
			err = parley.Errorf(parley.EINVALID, "you cannot disable yourself")
		case state == parley.AgentActive && a.State != state:
			// A token may take access away, never give it back.
			err = personOnly(r, "enable agents")
		}
	}
	var hash []byte
	if err == nil && in.Password != "" {
		hash, err = hashPassword(in.Password)
	}
	if err == nil {
		a.Name, a.Role, a.Teams, a.Languages, a.Capacity = in.Name, parley.Role(in.Role), in.Teams, in.Languages, in.Capacity
		a, err = s.store.UpdateAgent(r.Context(), a)
	}
	if err == nil && hash != nil {
		err = s.store.SetAgentPassword(r.Context(), a.ID, hash)
	}
	changed := err == nil && state != a.State
	if changed {
		a, err = s.store.SetAgentState(r.Context(), a.ID, state)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if changed && !a.Active() {
		s.requeue(r, a.ID)
	}
	s.audit(r, "agent.update", a.ID, map[string]any{"agent": toAgentJSON(a), "password_reset": hash != nil})
	writeJSON(w, http.StatusOK, map[string]any{"agent": toAgentJSON(a)})
}

// deleteAgent deletes an agent for good. The row is kept (soft delete) as
// the author of its messages, assignments and audit entries; its email is
// freed, its password, sessions and tokens are gone, and its open
// conversations go back to their team's queue.
func (s *Server) deleteAgent(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if id == agentFrom(r.Context()).ID {
		s.fail(w, r, parley.Errorf(parley.EINVALID, "you cannot delete yourself"))
		return
	}
	a, err := s.store.SetAgentState(r.Context(), id, parley.AgentDeleted)
	if errors.Is(err, parley.ErrNotFound) {
		err = parley.Errorf(parley.ENOTFOUND, "no agent with id %q", id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.requeue(r, a.ID)
	s.audit(r, "agent.delete", a.ID, map[string]any{"email": a.Email, "name": a.Name})
	w.WriteHeader(http.StatusNoContent)
}

// requeue puts an agent's assigned conversations back in their team's
// queue; history (messages, assignment activities) is kept. Failures are
// logged: the agent is already out, and routing skips it.
func (s *Server) requeue(r *http.Request, agentID string) {
	cs, err := s.store.Queue(r.Context(), parley.QueueFilter{Mode: parley.ModeAssigned, AssigneeID: agentID, Limit: 1000})
	if err != nil {
		s.cfg.Log.Error("requeue an inactive agent's conversations", "agent", agentID, "err", err)
		return
	}
	by := agentFrom(r.Context())
	for _, c := range cs {
		if _, err := s.desk.Transfer(r.Context(), c.ID, c.Team, by); err != nil {
			s.cfg.Log.Error("requeue conversation", "conversation", c.ID, "agent", agentID, "err", err)
		}
	}
}
