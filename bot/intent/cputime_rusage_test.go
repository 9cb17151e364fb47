//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package intent

import "syscall"

// cpuTime is the process's user and system CPU time in seconds, the cost
// column of the experiments (docs/bot.md).
func cpuTime() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return wallTime()
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
