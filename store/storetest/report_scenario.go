package storetest

import (
	"time"

	"github.com/parley-chat/parley"
)

// scenario stores the conversations RunReports counts. Day 1 is Sunday
// 2031-03-02, day 2 the Monday after (UTC); docs/reports.md defines each
// figure, and the comments give each conversation's part in it.
func (sc *script) scenario(siteID, otherSite string) {
	d1 := time.Date(2031, 3, 2, 9, 0, 0, 0, time.UTC)
	d2 := time.Date(2031, 3, 3, 10, 0, 0, 0, time.UTC)
	plus := func(t time.Time, m int) time.Time { return t.Add(time.Duration(m) * time.Minute) }
	s, ctx := sc.s, ctx(sc.t)

	// A: answered, voted helpful, kept by the bot. NPS 9 (promoter).
	sc.at(d1)
	a := sc.conv(siteID)
	reply := sc.bot(a, sc.say(a, "how do I reset my password"), parley.ActionAnswer, "reset_password", "")
	sc.must("feedback", s.RecordFeedback(ctx, a, reply, true))
	sc.must("nps", s.RecordNPS(ctx, a, 9, ""))

	// B: answered, then handed off on the same intent (a false answer);
	// first response 180 s, resolved 1680 s after the handoff, on time.
	// CSAT 5, NPS 10.
	sc.at(plus(d1, 10))
	b := sc.conv(siteID)
	sc.bot(b, sc.say(b, "refund please"), parley.ActionAnswer, "refund", "")
	sc.at(plus(d1, 11))
	sc.bot(b, sc.say(b, "I need a refund for my order"), parley.ActionHandoff, "refund", "low_confidence")
	sc.at(plus(d1, 12))
	sc.handoff(b, "billing", "low_confidence", 5*time.Minute, time.Hour)
	sc.served(b, plus(d1, 13), plus(d1, 15), plus(d1, 40), 5)
	sc.must("nps", s.RecordNPS(ctx, b, 10, ""))

	// C: answered, then a person asked for (another intent: not a false
	// answer, not a gap); first response 600 s, 5 minutes late; resolved
	// 5880 s after the handoff. CSAT 2, NPS first 3 then 6 (detractor).
	sc.at(plus(d1, 20))
	c := sc.conv(siteID)
	sc.bot(c, sc.say(c, "where is my parcel"), parley.ActionAnswer, "shipping", "")
	sc.at(plus(d1, 21))
	sc.bot(c, sc.say(c, "talk to a human"), parley.ActionHandoff, "", "human_requested")
	sc.at(plus(d1, 22))
	sc.handoff(c, "support", "human_requested", 5*time.Minute, 2*time.Hour)
	sc.served(c, plus(d1, 30), plus(d1, 32), plus(d1, 120), 2)
	sc.must("nps", s.RecordNPS(ctx, c, 3, ""))
	sc.must("nps", s.RecordNPS(ctx, c, 6, ""))

	// D: no knowledge, handed off, never answered: both targets breached.
	sc.at(plus(d1, 60))
	d := sc.conv(siteID)
	sc.bot(d, sc.say(d, "can I pay with bitcoin"), parley.ActionHandoff, "", "no_knowledge")
	sc.at(plus(d1, 61))
	sc.handoff(d, "billing", "no_knowledge", 5*time.Minute, 4*time.Hour)

	// G: another site's handoff, counted only without the site filter.
	sc.at(plus(d1, 180))
	g := sc.conv(otherSite)
	sc.bot(g, sc.say(g, "this is useless"), parley.ActionHandoff, "", "frustration")
	sc.handoff(g, "support", "frustration", 5*time.Minute, time.Hour)

	// E: day 2, a clarification (the same gap as D's), kept by the bot.
	sc.at(d2)
	e := sc.conv(siteID)
	sc.bot(e, sc.say(e, "How can I pay with Bitcoin?"), parley.ActionClarify, "", "")

	// F: day 2, answered but voted unhelpful (a false answer), resolved
	// without a handoff and reopened: not kept by the bot.
	sc.at(plus(d2, 60))
	f := sc.conv(siteID)
	reply = sc.bot(f, sc.say(f, "password reset link expired"), parley.ActionAnswer, "reset_password", "")
	sc.must("feedback", s.RecordFeedback(ctx, f, reply, false))
	sc.at(plus(d2, 65))
	_, err := s.Resolve(ctx, f, time.Time{})
	sc.must("resolve", err)
	sc.at(plus(d2, 120))
	sc.say(f, "it expired again")
	_, err = s.Reopen(ctx, f, parley.ModeBot)
	sc.must("reopen", err)

	// H: at the window's end, which is not in it.
	sc.at(time.Date(2031, 3, 4, 0, 0, 0, 0, time.UTC))
	h := sc.conv(siteID)
	sc.bot(h, sc.say(h, "can I pay with bitcoin"), parley.ActionHandoff, "", "no_knowledge")
	sc.handoff(h, "billing", "no_knowledge", 5*time.Minute, time.Hour)
}

// served has the agent claim conv at claimed, answer it at answered and
// resolve it at resolved, and the visitor rate it csat.
func (sc *script) served(conv string, claimed, answered, resolved time.Time, csat int) {
	s, ctx := sc.s, ctx(sc.t)
	sc.at(claimed)
	mustClaim(sc.t, s, conv, sc.agent.ID)
	sc.must("mark response", s.MarkResponse(ctx, conv, answered, time.Time{}))
	sc.at(resolved)
	_, err := s.Resolve(ctx, conv, time.Time{})
	sc.must("resolve", err)
	sc.must("csat", s.RecordCSAT(ctx, conv, csat, ""))
}
