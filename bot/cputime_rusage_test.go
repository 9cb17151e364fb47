//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package bot

import "syscall"

// cpuSeconds is the process's user and system CPU time, steadier than wall
// time on a loaded machine; ok is false where it cannot be read.
func cpuSeconds() (float64, bool) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0, false
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9, true
}
