//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package bot

// cpuSeconds is unavailable here; the benchmark then reports no CPU time.
func cpuSeconds() (float64, bool) { return 0, false }
