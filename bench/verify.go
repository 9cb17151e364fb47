package bench

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// verifyResult counts, over the checked visitors, acked messages missing
// from a full resume (or present with another seq) and extra copies.
type verifyResult struct {
	visitors   int
	failed     int // visitors whose resume could not be completed
	firstErr   error
	checked    int // acked messages checked
	lost       int
	wrongSeq   int // counted in lost as well
	duplicated int
}

// verify resumes each sampled visitor with hello{token, last_seq: 0} and
// compares the replay with the acks the load received.
func verify(ctx context.Context, d *dialer, visitors []*visitor, sample int) verifyResult {
	picked := visitors
	if sample > 0 && sample < len(visitors) {
		picked = make([]*visitor, sample)
		for i := range picked {
			picked[i] = visitors[i*len(visitors)/sample]
		}
	}
	var mu sync.Mutex
	res := verifyResult{visitors: len(picked)}
	next := make(chan *visitor)
	var wg sync.WaitGroup
	for range min(connectParallel/2, len(picked)) {
		wg.Go(func() {
			for v := range next {
				counts, seqs, err := replay(ctx, d, v)
				mu.Lock()
				res.add(v, counts, seqs, err)
				mu.Unlock()
			}
		})
	}
	for _, v := range picked {
		if ctx.Err() != nil {
			break
		}
		next <- v
	}
	close(next)
	wg.Wait()
	return res
}

func (res *verifyResult) add(v *visitor, counts []int, seqs []int64, err error) {
	if err != nil {
		res.failed++
		if res.firstErr == nil {
			res.firstErr = err
		}
		return
	}
	for n, m := range v.msgs {
		if m.seq == 0 {
			continue // never acked: the server owes nothing
		}
		res.checked++
		switch {
		case counts[n] == 0:
			res.lost++
		case seqs[n] != m.seq:
			res.lost++
			res.wrongSeq++
		}
		if counts[n] > 1 {
			res.duplicated += counts[n] - 1
		}
	}
	res.duplicated += v.mismatch
}

// replay counts how often each of v's client ids comes back in a resume
// from seq 0, and with which seq. It sends one marker message and reads
// until the marker's echo: replay is ordered and gap-free (protocol,
// guarantee 3), so everything stored before the marker has arrived by then.
func replay(ctx context.Context, d *dialer, v *visitor) ([]int, []int64, error) {
	ws, _, err := d.hello(ctx, v.idx, v.token, 0)
	if err != nil {
		return nil, nil, err
	}
	defer ws.Close()
	marker := "verify-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	send := fmt.Appendf(nil, `{"type":"send","client_id":%q,"text":"bench verify marker"}`, marker)
	if err := ws.WriteMessage(websocket.TextMessage, send); err != nil {
		return nil, nil, err
	}
	counts, seqs := make([]int, len(v.msgs)), make([]int64, len(v.msgs))
	deadline := time.Now().Add(30 * time.Second)
	_ = ws.SetReadDeadline(deadline)
	var f frame
	var buf []byte
	for {
		if buf, err = readFrame(ws, buf); err != nil {
			return nil, nil, fmt.Errorf("resume of visitor %d: %w", v.idx, err)
		}
		if err := parseFrame(buf, &f); err != nil {
			return nil, nil, err
		}
		switch {
		case f.kind == kindMessage && string(f.clientID) == marker:
			_ = ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(time.Second))
			return counts, seqs, nil
		case f.kind == kindMessage:
			if n, ok := parseClientID(f.clientID); ok && n < len(counts) {
				counts[n]++
				if counts[n] == 1 || f.seq == v.msgs[n].seq {
					seqs[n] = f.seq
				}
			}
		case f.kind == kindError && f.code == "rate_limited" && string(f.clientID) == marker:
			time.Sleep(max(f.retry, time.Millisecond))
			if err := ws.WriteMessage(websocket.TextMessage, send); err != nil {
				return nil, nil, err
			}
		case f.kind == kindError && string(f.clientID) == marker:
			return nil, nil, errors.New("resume: marker refused: " + f.code)
		}
		if ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
	}
}
