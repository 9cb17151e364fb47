//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package intent

// cpuTime falls back to wall time where getrusage is not available, so
// the experiments still run (their cost column is then wall seconds).
func cpuTime() float64 { return wallTime() }
