package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// BenchmarkGateway runs the gateway on the embedded store and the load in
// one process, so a CPU profile shows where the server spends its time:
//
//	go test -run NONE -bench Gateway -benchtime 1x -cpuprofile /tmp/cpu.out ./bench/
//	go tool pprof -top -focus 'gateway|sqlite' bench.test /tmp/cpu.out
func BenchmarkGateway(b *testing.B) {
	for _, mode := range []struct{ name, rate string }{{"closed", "0"}, {"rate1000", "1000"}} {
		b.Run(mode.name, func(b *testing.B) {
			for range b.N {
				url := startServer(b, highLimits, nil)
				var out bytes.Buffer
				args := []string{"--url", url, "--visitors", "1000", "--duration", "5s", "--warmup", "1s", "--rate", mode.rate, "--json"}
				if err := Main(context.Background(), args, &out, &out); err != nil {
					b.Fatal(err, out.String())
				}
				lines := strings.Split(strings.TrimSpace(out.String()), "\n")
				var r Result
				if err := json.Unmarshal([]byte(lines[len(lines)-1]), &r); err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(r.AckedPerSecond, "acked/s")
				b.ReportMetric(r.Ack.P50, "p50-ms")
				b.ReportMetric(r.Ack.P99, "p99-ms")
			}
		})
	}
}
