package bench

import (
	"bufio"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/newsfind/newsfind/engine"
)

// procStatus returns a field of /proc/self/status in bytes (VmHWM, VmRSS),
// or 0 where there is no /proc.
func procStatus(field string) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, field+":") {
			continue
		}
		fs := strings.Fields(line[len(field)+1:])
		if len(fs) == 0 {
			return 0
		}
		n, _ := strconv.ParseInt(fs[0], 10, 64)
		if len(fs) > 1 && fs[1] == "kB" {
			n *= 1024
		}
		return n
	}
	return 0
}

// PeakRSS is the process's peak resident set (VmHWM) since start or since
// the last ResetPeakRSS.
func PeakRSS() int64 { return procStatus("VmHWM") }

// RSS is the process's resident set now (VmRSS).
func RSS() int64 { return procStatus("VmRSS") }

// ResetPeakRSS resets VmHWM to the current RSS (Linux: "5" to clear_refs),
// so that each phase reports its own peak. It reports whether it could.
func ResetPeakRSS() bool {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// heapSampler records the peak of live heap objects, sampled every 50 ms.
type heapSampler struct {
	mu   sync.Mutex
	peak uint64
	stop chan struct{}
	done chan struct{}
}

func startHeapSampler() *heapSampler {
	h := &heapSampler{stop: make(chan struct{}), done: make(chan struct{})}
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() {
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			return
		}
		v := sample[0].Value.Uint64()
		h.mu.Lock()
		if v > h.peak {
			h.peak = v
		}
		h.mu.Unlock()
	}
	go func() {
		defer close(h.done)
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			read()
			select {
			case <-h.stop:
				read()
				return
			case <-t.C:
			}
		}
	}()
	return h
}

// Stop ends sampling and returns the peak heap in bytes.
func (h *heapSampler) Stop() int64 {
	close(h.stop)
	<-h.done
	h.mu.Lock()
	defer h.mu.Unlock()
	return int64(h.peak)
}

// settle waits until the size of dir has not changed for quiet (at most
// max): Bleve merges segments in the background after the last batch.
func settle(dir string, quiet, max time.Duration) int64 {
	deadline := time.Now().Add(max)
	last, since := engine.DirBytes(dir), time.Now()
	for time.Now().Before(deadline) {
		time.Sleep(250 * time.Millisecond)
		n := engine.DirBytes(dir)
		if n != last {
			last, since = n, time.Now()
			continue
		}
		if time.Since(since) >= quiet {
			break
		}
	}
	return last
}

// freeMemory returns what a finished phase held to the OS, so that the next
// phase's RSS is its own.
func freeMemory() {
	runtime.GC()
	debug.FreeOSMemory()
}
