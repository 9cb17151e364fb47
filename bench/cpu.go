package bench

import (
	"bytes"
	"context"
	"os"
	"strconv"
	"time"
)

// cpuMark is the CPU time used so far by the server (from its /metrics,
// when it has them), by this process, and by the whole machine (Linux
// /proc/stat): the difference tells how much other processes took.
type cpuMark struct {
	server      float64
	serverOK    bool
	self        time.Duration
	busy, total float64 // machine CPU seconds
	machineOK   bool
	limiter     limiterCounts
}

func (l *load) mark(ctx context.Context) cpuMark {
	m, err := scrape(ctx, l.cfg.base)
	c := cpuMark{server: m.CPU, serverOK: err == nil && m.hasCPU, self: selfCPU(), limiter: m.limiter}
	if l.cfg.loopback { // a remote server's CPU is not in this machine's
		c.busy, c.total, c.machineOK = machineCPU()
	}
	return c
}

// machineCPU sums the first line of /proc/stat: user nice system idle
// iowait irq softirq steal, in clock ticks (100 per second on Linux).
func machineCPU() (busy, total float64, ok bool) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0, false
	}
	line, _, _ := bytes.Cut(b, []byte("\n"))
	f := bytes.Fields(line)
	if len(f) < 9 || string(f[0]) != "cpu" {
		return 0, 0, false
	}
	var v [8]float64
	for i := range v {
		v[i], _ = strconv.ParseFloat(string(f[i+1]), 64)
	}
	busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7]
	return busy / 100, (busy + v[3] + v[4]) / 100, true
}
