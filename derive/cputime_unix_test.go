//go:build unix

package derive

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used: what a time bound on
// work should read, since on a shared machine the wall clock also counts
// the time other processes had the cores.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
