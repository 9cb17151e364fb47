package handoff

import (
	"time"

	"github.com/parley-chat/parley"
)

// Policy returns the SLA policy for a conversation: the most specific one
// matching its urgency and segment (both set beats one set beats none).
func Policy(ps []parley.SLAPolicy, u parley.Urgency, seg parley.Segment) (parley.SLAPolicy, bool) {
	best, score := parley.SLAPolicy{}, -1
	for _, p := range ps {
		if (p.Urgency != "" && p.Urgency != u) || (p.Segment != "" && p.Segment != seg) {
			continue
		}
		s := 0
		if p.Urgency != "" {
			s += 2
		}
		if p.Segment != "" {
			s++
		}
		if s > score {
			best, score = p, s
		}
	}
	return best, score >= 0
}

// Dues computes the first-response and resolution due times of a
// conversation queued at start, counting business hours when the policy
// says so. A zero target gives a zero due time (no target).
func Dues(p parley.SLAPolicy, h *Hours, start time.Time) (first, resolution time.Time) {
	return due(p, h, start, p.FirstResponse), due(p, h, start, p.Resolution)
}

// NextDue is when the next response is due after a person replied at t.
func NextDue(p parley.SLAPolicy, h *Hours, t time.Time) time.Time {
	return due(p, h, t, p.NextResponse)
}

func due(p parley.SLAPolicy, h *Hours, start time.Time, d time.Duration) time.Time {
	if d <= 0 {
		return time.Time{}
	}
	if p.BusinessHours && h != nil {
		return h.Add(start, d)
	}
	return start.Add(d)
}
