//go:build !unix

package bench

// cpuTime is 0 where getrusage is not there: the CPU figures are then 0.
func cpuTime() float64 { return 0 }
