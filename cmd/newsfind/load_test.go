package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

var loadDuration = flag.Duration("load", 5*time.Second, "how long TestLoadThenSigterm loads the server (the issue's figure is 60s)")

// TestLoadThenSigterm runs the real binary under 200 concurrent clients on
// loopback, mixing searches and ingests, then sends SIGTERM while they
// still run: no 5xx, every started answer complete, memory bounded, a
// clean exit, and every acknowledged article searchable after restart.
func TestLoadThenSigterm(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and loads the binary")
	}
	const clients = 200
	data := t.TempDir()
	const token = "load-token"
	s := startServer(t, data, token)
	queries := []string{"tariffs", "rare earth", `"fentanyl tariff"`, "C5+1", "uranium OR magnets", "Kazakh*", "summit -Russia", "loadmarker"}

	var (
		searches, ingests, fivexx, broken atomic.Int64
		refused                           atomic.Int64 // 503 with Retry-After: admission, not failure
		mu                                sync.Mutex
		acked                             []string
		stop                              atomic.Bool
		wg                                sync.WaitGroup
		seq                               atomic.Int64
	)
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(c), 7))
			for !stop.Load() {
				var resp *http.Response
				var err error
				var marker string
				if rng.IntN(10) == 0 {
					n := seq.Add(1)
					marker = fmt.Sprintf("lm%dq", n)
					body := fmt.Sprintf(`{"id":"load-%d","title":"Load %d","source":"Load","body":"A loadmarker article %s about rare earth tariffs."}`, n, n, marker)
					req, _ := http.NewRequest(http.MethodPost, s.url+"/api/articles", strings.NewReader(body))
					req.Header.Set("Authorization", "Bearer "+token)
					resp, err = client.Do(req)
				} else {
					resp, err = client.Get(s.url + "/api/search?q=" + url.QueryEscape(queries[rng.IntN(len(queries))]))
				}
				if err != nil {
					continue // refused after shutdown began: not an answer
				}
				b, rerr := io.ReadAll(resp.Body)
				resp.Body.Close()
				if rerr != nil || !json.Valid(b) {
					broken.Add(1)
				}
				switch {
				case resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") != "":
					refused.Add(1)
					time.Sleep(time.Second) // as Retry-After asks
				case resp.StatusCode >= 500:
					fivexx.Add(1)
				}
				if marker == "" {
					searches.Add(1)
				} else {
					ingests.Add(1)
					if resp.StatusCode/100 == 2 {
						mu.Lock()
						acked = append(acked, marker)
						mu.Unlock()
					}
				}
			}
		}()
	}
	time.Sleep(*loadDuration)
	hwm := vmHWM(t, s.cmd.Process.Pid)
	// SIGTERM while the clients still run: in-flight requests must finish.
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	werr := s.cmd.Wait()
	stop.Store(true)
	wg.Wait()
	t.Logf("%d clients for %v: %d searches (%.0f/s), %d ingests (%d acknowledged), %d refused with 503 and Retry-After, %d other 5xx, %d broken answers, peak RSS %d MB",
		clients, *loadDuration, searches.Load(), float64(searches.Load())/loadDuration.Seconds(), ingests.Load(), len(acked), refused.Load(), fivexx.Load(), broken.Load(), hwm>>20)
	if werr != nil {
		t.Errorf("server exit after SIGTERM: %v", werr)
	}
	if fivexx.Load() != 0 || broken.Load() != 0 {
		t.Errorf("%d 5xx and %d broken answers under load", fivexx.Load(), broken.Load())
	}
	if hwm > 1<<30 {
		t.Errorf("peak RSS %d MB over 1 GiB", hwm>>20)
	}
	if searches.Load() == 0 || len(acked) == 0 {
		t.Fatalf("no load: %d searches, %d ingests", searches.Load(), ingests.Load())
	}
	s = startServer(t, data, token)
	defer func() { s.cmd.Process.Kill(); s.cmd.Wait() }()
	checkSearchable(t, s.url, acked)
}

// vmHWM returns a process's peak resident memory in bytes.
func vmHWM(t *testing.T, pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Logf("no /proc: %v", err)
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}
